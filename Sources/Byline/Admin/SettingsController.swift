import Foundation
import Hummingbird

/// `/admin/settings`: the site's name, address, dates and comment rules, for administrators.
/// Saved values are checked by the flags' own rules and apply on every node.
struct SettingsController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let settings: any SiteSettingsRepository

    func add(to group: RouterGroup<Context>) {
        group.get("settings", use: show)
        group.post("settings", use: save)
    }

    struct FieldModel: Sendable {
        var key: String
        var label: String
        var hint: String
        var value: String
        var error: String?
        var isText: Bool
        var isLines: Bool
        var isBoolean: Bool
        var isChecked: Bool
    }

    struct GroupModel: Sendable {
        var legend: String
        var fields: [FieldModel]
    }

    struct SettingsModel: Sendable {
        var admin: AdminChrome
        var groups: [GroupModel]
        var hasErrors: Bool
    }

    static var labels: [String: String] { [
        "site-name": "Site name", "base-url": "Public address (base URL)", "time-zone": "Time zone", "locale": "Locale",
        "date-format": "Date format", "feed-content": "Feeds carry (full or excerpt)", "comments-close-after-days": "Close comments after (days)", "comment-max-depth": "Deepest reply level",
        "comment-threads-per-page": "Threads per page", "comment-rate-limit": "Comments a minute from one network",
        "comment-flood-seconds": "Seconds between two comments from one person", "comment-trust-after": "Approved comments before a commenter is trusted",
        "comment-hold-all": "Hold every comment for a moderator", "comment-retention-days": "Days to keep commenters’ IP addresses",
        "comment-disallowed": "Words, addresses or /patterns/ that send a comment to spam",
        "comment-moderation": "Words or /patterns/ that hold a comment for a moderator",
    ] }

    /// What the form shows for each setting: the value in force.
    static func values(of configuration: Configuration) -> [String: String] {
        let policy = configuration.comments
        return [
            "site-name": configuration.siteName, "base-url": configuration.baseURL, "time-zone": configuration.dateDisplay.timeZone.identifier,
            "locale": configuration.dateDisplay.locale.identifier, "date-format": configuration.dateDisplay.pattern,
            "feed-content": configuration.feedFullText ? "full" : "excerpt",
            "comments-close-after-days": policy.closeAfterDays.map(String.init) ?? "", "comment-max-depth": String(policy.maxDepth),
            "comment-threads-per-page": String(policy.threadsPerPage), "comment-rate-limit": String(policy.perMinuteFromNetwork),
            "comment-flood-seconds": String(Int(policy.floodInterval)), "comment-trust-after": String(policy.moderation.trustAfterApproved),
            "comment-hold-all": policy.moderation.holdAll ? "true" : "false", "comment-retention-days": String(policy.clientDataRetentionDays),
            "comment-disallowed": policy.moderation.disallowed.joined(separator: "\n"),
            "comment-moderation": policy.moderation.moderation.joined(separator: "\n"),
        ]
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageSettings, context)
        let notice = request.uri.queryParameters.get("notice") == "saved" ? "Settings saved. Every node applies them within a second." : nil
        return try await page(staff, values: Self.values(of: newsroom.live.current), problems: [:], notice: notice)
    }

    @Sendable func save(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageSettings, context)
        let form = context.form ?? FormFields()
        var values: [String: String] = [:]
        for key in SiteSettings.keys {
            values[key] = key == "comment-hold-all" ? (form.isChecked(key) ? "true" : "false") : (form[key] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        }
        let submitted = SiteSettings(values: values)
        let problems = submitted.problems(base: newsroom.live.base)
        guard problems.isEmpty else {
            return try await page(staff, values: values, problems: problems, status: .unprocessableContent)
        }
        try await settings.save(submitted, by: staff.user.name, at: Date())
        newsroom.live.apply(submitted)
        return adminRedirect("/admin/settings?notice=saved")
    }

    private func page(
        _ staff: StaffSession, values: [String: String], problems: [String: String], notice: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let field = { (key: String) -> FieldModel in
            let help = Configuration.settings.first { $0.flag == key }?.help ?? ""
            let isLines = key == "comment-disallowed" || key == "comment-moderation"
            let isBoolean = key == "comment-hold-all"
            return FieldModel(
                key: key, label: Self.labels[key] ?? key, hint: isLines ? "One a line." : help, value: values[key] ?? "", error: problems[key],
                isText: !isLines && !isBoolean, isLines: isLines, isBoolean: isBoolean, isChecked: values[key] == "true"
            )
        }
        let groups = [
            GroupModel(legend: "Site", fields: ["site-name", "base-url"].map(field)),
            GroupModel(legend: "Dates and feeds", fields: ["time-zone", "locale", "date-format", "feed-content"].map(field)),
            GroupModel(legend: "Comments", fields: SiteSettings.keys.filter { $0.hasPrefix("comment") }.map(field)),
        ]
        let model = SettingsModel(
            admin: try await newsroom.chrome(staff, title: "Settings", current: "settings", notice: notice), groups: groups, hasErrors: !problems.isEmpty
        )
        return newsroom.views.page(model, .settings, status: status)
    }
}
