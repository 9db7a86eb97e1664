import Foundation
import Hummingbird

/// `/admin/settings`: the site's name, address, dates and comment rules, for administrators.
/// Saved values are checked by the flags' own rules and apply on every node.
struct SettingsController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let settings: any SiteSettingsRepository

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.settings.route, use: show)
        group.post(SiteURL.Admin.settings.route, use: save)
    }

    struct FieldModel: TemplateModel {
        var setting: Setting
        var value: String
        var error: String?

        func field(_ mustacheName: String) -> TemplateField {
            let control = setting.editable?.control
            return switch mustacheName {
            case "key": .value(setting.key)
            case "label": .value(setting.editable?.label ?? setting.key)
            case "hint": .value(control == .lines ? "One a line." : setting.help + (setting.accepted.map { " (\($0))" } ?? ""))
            case "value": .value(value)
            case "error": .value(error)
            case "isText": .value(control == .text)
            case "isLines": .value(control == .lines)
            case "isBoolean": .value(control == .checkbox)
            case "isChecked": .value(value == "true")
            default: .unknown
            }
        }
    }

    struct GroupModel: TemplateModel {
        var legend: String
        var fields: [FieldModel]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "legend": .value(legend)
            case "fields": .value(fields)
            default: .unknown
            }
        }
    }

    struct SettingsModel: AdminPageModel {
        var admin: AdminChrome
        var groups: [GroupModel]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "groups": .value(groups)
            case "hasErrors": .value(groups.contains { $0.fields.contains { $0.error != nil } })
            default: .unknown
            }
        }
    }

    /// What the form shows for each setting: the value in force.
    static func values(of configuration: Configuration) -> [String: String] {
        Dictionary(uniqueKeysWithValues: Setting.editable.map { ($0.key, $0.value(in: configuration)) })
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageSettings, context)
        let notice = request.uri.queryParameters.get("notice") == "saved"
            ? newsroom.catalog(for: staff).message("Settings saved. Every node applies them within a second.") : nil
        return try await page(staff, values: Self.values(of: newsroom.live.current), problems: [:], notice: notice)
    }

    @Sendable func save(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageSettings, context)
        let form = context.form ?? FormFields()
        var values: [String: String] = [:]
        for setting in Setting.editable {
            values[setting.key] = setting.editable?.control == .checkbox
                ? (form.isChecked(setting.key) ? "true" : "false") : (form[setting.key] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        }
        let submitted = SiteSettings(values: values)
        let problems = submitted.problems(base: newsroom.live.base)
        guard problems.isEmpty else {
            return try await page(staff, values: values, problems: problems, status: .unprocessableContent)
        }
        try await settings.save(submitted, by: staff.user.name, at: Date())
        newsroom.live.apply(submitted)
        return adminRedirect(SiteURL.admin(.settings).path(query: ["notice": "saved"]))
    }

    private func page(
        _ staff: StaffSession, values: [String: String], problems: [String: String], notice: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let groups = Setting.Group.allCases.map { group in
            GroupModel(
                legend: group.rawValue,
                fields: Setting.editable.filter { $0.editable?.group == group }.map {
                    FieldModel(setting: $0, value: values[$0.key] ?? "", error: problems[$0.key])
                }
            )
        }
        let model = SettingsModel(admin: try await newsroom.chrome(staff, title: Message("Settings"), current: "settings", notice: notice), groups: groups)
        return newsroom.views.page(model, .settings, status: status)
    }
}
