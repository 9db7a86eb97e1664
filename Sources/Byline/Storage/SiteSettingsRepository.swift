import Foundation

/// Stored site settings.
public protocol SiteSettingsRepository: Sendable {
    func load() async throws -> SiteSettings
    /// Replaces every stored value, and tells every node.
    func save(_ settings: SiteSettings, by editor: String, at date: Date) async throws
}
