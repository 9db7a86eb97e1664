import Foundation
import GRDB

/// `SiteSecretRepository` on SQLite; the primary key makes the first writer's value win.
struct SiteSecretSQLiteRepository: SiteSecretRepository {
    let writer: DatabasePool

    func secret(named name: String, candidate: [UInt8]) async throws -> [UInt8] {
        try await writer.write { db in
            try db.execute(literal: "INSERT INTO site_secrets (name, value) VALUES (\(name), \(Data(candidate))) ON CONFLICT DO NOTHING")
            return [UInt8](try Data.fetchOne(db, literal: "SELECT value FROM site_secrets WHERE name = \(name)")!)
        }
    }
}
