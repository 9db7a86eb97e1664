import Foundation

/// `SiteSettingsRepository` written once for both backends: saved in one transaction whose
/// announcement makes every node reload the settings once they are committed.
struct SiteSettingsSQLRepository: SiteSettingsRepository {
    let database: any SQLDatabase

    func load() async throws -> SiteSettings {
        try await database.read { queries in
            var values: [String: String] = [:]
            for row in try await queries.query("SELECT name, value FROM site_settings", table: "site_settings", key: "name") {
                values[try row.decode("name")] = try row.decode("value")
            }
            return SiteSettings(values: values)
        }
    }

    func save(_ settings: SiteSettings, by editor: String, at date: Date) async throws {
        try await database.write { transaction in
            try await transaction.execute("DELETE FROM site_settings")
            for (name, value) in settings.values.sorted(by: { $0.key < $1.key }) {
                try await transaction.execute("""
                    INSERT INTO site_settings (name, value, updated_by, updated_at) VALUES (\(name), \(value), \(editor), \(date))
                    """)
            }
            try await transaction.announce(ContentChange(keys: ["*", ContentChange.settingsKey]), at: date)
        }
    }
}
