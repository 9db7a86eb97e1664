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

    /// `base` with these settings applied. Throws the first invalid value's problem.
    public func apply(to base: Configuration) throws(Configuration.Error) -> Configuration {
        var draft = Configuration.Draft(base)
        for setting in Setting.editable {
            if let value = values[setting.key] { try setting.apply(value, to: &draft) }
        }
        return draft.configuration
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
}
