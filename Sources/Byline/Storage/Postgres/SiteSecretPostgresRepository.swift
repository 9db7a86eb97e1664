import Foundation
import NIOCore
import PostgresNIO

/// `SiteSecretRepository` on PostgreSQL; the primary key makes the first node's value win.
struct SiteSecretPostgresRepository: SiteSecretRepository {
    let database: PostgresDatabase

    func secret(named name: String, candidate: [UInt8]) async throws -> [UInt8] {
        try await database.withConnection { connection in
            try await connection.query(
                "INSERT INTO site_secrets (name, value) VALUES (\(name), \(ByteBuffer(bytes: candidate))) ON CONFLICT DO NOTHING",
                logger: database.logger
            )
            let value = try await connection.scalar("SELECT value FROM site_secrets WHERE name = \(name)", as: ByteBuffer.self, logger: database.logger)!
            return Array(value.readableBytesView)
        }
    }
}
