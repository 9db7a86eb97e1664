import Foundation

/// `SiteSecretRepository` written once for both backends: the primary key makes the first
/// writer's value win, on every node.
struct SiteSecretSQLRepository: SiteSecretRepository {
    let database: any SQLDatabase

    func secret(named name: String, candidate: [UInt8]) async throws -> [UInt8] {
        try await database.write { transaction in
            try await transaction.execute("INSERT INTO site_secrets (name, value) VALUES (\(name), \(Data(candidate))) ON CONFLICT DO NOTHING")
            guard let value = try await transaction.scalar("SELECT value FROM site_secrets WHERE name = \(name)", as: Data.self) else {
                throw StorageError.constraintViolated("the site secret \(name) was not stored")
            }
            return [UInt8](value)
        }
    }
}
