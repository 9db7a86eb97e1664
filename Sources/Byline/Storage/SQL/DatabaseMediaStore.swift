import Foundation

/// Image bytes in the database itself: one file to back up on SQLite, and on PostgreSQL every
/// node serves every upload with no shared disk.
struct DatabaseMediaStore: MediaStore {
    let database: any SQLDatabase

    func write(_ data: Data, name: String) async throws {
        try await database.write { transaction in
            try await transaction.execute("INSERT INTO media_blobs (file_name, data) VALUES (\(name), \(data)) ON CONFLICT (file_name) DO NOTHING")
        }
    }

    func read(name: String) async throws -> Data? {
        try await database.read { queries in try await queries.scalar("SELECT data FROM media_blobs WHERE file_name = \(name)", as: Data.self) }
    }

    func delete(name: String) async throws {
        try await database.write { transaction in try await transaction.execute("DELETE FROM media_blobs WHERE file_name = \(name)") }
    }
}
