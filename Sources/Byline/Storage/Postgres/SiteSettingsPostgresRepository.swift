import Foundation
import PostgresNIO

/// `SiteSettingsRepository` on PostgreSQL: saved in one transaction with a NOTIFY, so every
/// node reloads the settings once they are committed.
struct SiteSettingsPostgresRepository: SiteSettingsRepository {
    let database: PostgresDatabase

    func load() async throws -> SiteSettings {
        try await database.withConnection { connection in
            var values: [String: String] = [:]
            for row in try await connection.rows("SELECT name, value FROM site_settings", logger: database.logger) {
                values[try row.value("name")] = try row.value("value")
            }
            return SiteSettings(values: values)
        }
    }

    func save(_ settings: SiteSettings, by editor: String, at date: Date) async throws {
        try await database.withTransaction { connection in
            try await connection.query("DELETE FROM site_settings", logger: database.logger)
            for (name, value) in settings.values {
                try await connection.query("""
                    INSERT INTO site_settings (name, value, updated_by, updated_at) VALUES (\(name), \(value), \(editor), \(date))
                    """, logger: database.logger)
            }
            try await ArticlePostgresRepository.notify(ContentChange(keys: ["*", ContentChange.settingsKey]), connection, logger: database.logger)
        }
    }
}
