import Foundation
import Synchronization

/// The settings an administrator changes from the admin, stored in the database so that
/// every node applies them. Values are kept as typed, keyed by the matching flag's name,
/// and checked by the same rules as the flags: a value that was fine when saved stays fine.
///
/// Flags and environment variables give a site its first values; once saved here, the
/// database's values win.
public struct SiteSettings: Sendable, Equatable {
    public var values: [String: String]

    public init(values: [String: String] = [:]) { self.values = values }

    /// The keys the settings page edits.
    public static let keys = [
        "site-name", "base-url", "time-zone", "locale", "date-format", "feed-content", "comments-close-after-days", "comment-max-depth",
        "comment-threads-per-page", "comment-rate-limit", "comment-flood-seconds", "comment-trust-after", "comment-hold-all",
        "comment-retention-days", "comment-disallowed", "comment-moderation",
    ]

    /// `base` with these settings applied. Throws the first invalid value's problem.
    public func apply(to base: Configuration) throws(Configuration.Error) -> Configuration {
        var configuration = base
        if let value = values["site-name"] { configuration.siteName = try Configuration.parseSiteName(value) }
        if let value = values["base-url"] { configuration.baseURL = try Configuration.parseBaseURL(value.trimmingCharacters(in: .whitespaces)) }
        if values["time-zone"] != nil || values["locale"] != nil || values["date-format"] != nil {
            let dates = base.dateDisplay
            configuration.dateDisplay = try Configuration.parseDateDisplay(
                timeZone: values["time-zone"] ?? dates.timeZone.identifier, locale: values["locale"] ?? dates.locale.identifier,
                pattern: values["date-format"] ?? dates.pattern
            )
        }
        if let value = values["feed-content"] { configuration.feedFullText = try Configuration.parseFeedContent(value) }
        var policy = configuration.comments
        if let value = values["comments-close-after-days"] {
            let text = value.trimmingCharacters(in: .whitespaces)
            policy.closeAfterDays = text.isEmpty ? nil : try Configuration.integer("comments-close-after-days", text, 1...36500)
        }
        policy.maxDepth = try Configuration.integer("comment-max-depth", values["comment-max-depth"], 1...10) ?? policy.maxDepth
        policy.threadsPerPage = try Configuration.integer("comment-threads-per-page", values["comment-threads-per-page"], 1...500) ?? policy.threadsPerPage
        policy.perMinuteFromNetwork = try Configuration.integer("comment-rate-limit", values["comment-rate-limit"], 1...10_000) ?? policy.perMinuteFromNetwork
        policy.floodInterval = TimeInterval(
            try Configuration.integer("comment-flood-seconds", values["comment-flood-seconds"], 0...3600) ?? Int(policy.floodInterval)
        )
        policy.moderation.trustAfterApproved = try Configuration.integer("comment-trust-after", values["comment-trust-after"], 0...1000)
            ?? policy.moderation.trustAfterApproved
        policy.moderation.holdAll = try Configuration.boolean("comment-hold-all", values["comment-hold-all"]) ?? policy.moderation.holdAll
        policy.clientDataRetentionDays = try Configuration.integer("comment-retention-days", values["comment-retention-days"], 1...3650)
            ?? policy.clientDataRetentionDays
        if let text = values["comment-disallowed"] { policy.moderation.disallowed = Self.lines(text) }
        if let text = values["comment-moderation"] { policy.moderation.moderation = Self.lines(text) }
        configuration.comments = policy
        return configuration
    }

    /// Every invalid value's problem, by key, for the settings form.
    public func problems(base: Configuration) -> [String: String] {
        var problems: [String: String] = [:]
        for (key, value) in values {
            do {
                _ = try SiteSettings(values: [key: value]).apply(to: base)
            } catch {
                problems[key] = error.problem.prefix(1).uppercased() + error.problem.dropFirst() + "."
            }
        }
        return problems
    }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
