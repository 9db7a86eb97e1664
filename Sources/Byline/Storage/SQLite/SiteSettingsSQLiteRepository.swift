import Foundation
import GRDB

/// `SiteSettingsRepository` on SQLite. Interpolations in the `literal:` queries are bound values.
struct SiteSettingsSQLiteRepository: SiteSettingsRepository {
    let writer: DatabasePool
    let changes: ChangeBroadcaster

    func load() async throws -> SiteSettings {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT name, value FROM site_settings")
            return SiteSettings(values: Dictionary(rows.map { ($0["name"] as String, $0["value"] as String) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    func save(_ settings: SiteSettings, by editor: String, at date: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM site_settings")
            for (name, value) in settings.values {
                try db.execute(literal: """
                    INSERT INTO site_settings (name, value, updated_by, updated_at) VALUES (\(name), \(value), \(editor), \(date))
                    """)
            }
            _ = try WebhookSQLiteRepository.announce(.everything, at: date, db)
        }
        changes.publish(ContentChange(keys: ["*", ContentChange.settingsKey]))
    }
}
