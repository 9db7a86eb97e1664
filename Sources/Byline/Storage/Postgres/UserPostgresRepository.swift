import Foundation
import PostgresNIO

/// `UserRepository` on PostgreSQL. Every `\(value)` in the queries is a bound parameter.
struct UserPostgresRepository: UserRepository {
    let database: PostgresDatabase

    func create(email: String, name: String, role: Role, passwordHash: String, at date: Date) async throws -> User {
        try await database.withConnection { connection in
            let id = try await connection.scalar("""
                INSERT INTO users (email, name, role, password_hash, created_at)
                VALUES (\(email.lowercased()), \(name), \(role.rawValue), \(passwordHash), \(date)) RETURNING id
                """, as: Int64.self, logger: database.logger)!
            return User(id: id, email: email.lowercased(), name: name, role: role, passwordHash: passwordHash, createdAt: date)
        }
    }

    func user(id: Int64) async throws -> User? {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM users WHERE id = \(id)", logger: database.logger).first.map(Self.user)
        }
    }

    func user(email: String) async throws -> User? {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM users WHERE email = \(email.lowercased())", logger: database.logger).first.map(Self.user)
        }
    }

    func users() async throws -> [User] {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM users ORDER BY email", logger: database.logger).map(Self.user)
        }
    }

    func setRole(_ role: Role, email: String) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.rows("UPDATE users SET role = \(role.rawValue) WHERE email = \(email.lowercased()) RETURNING id", logger: database.logger).count == 1
        }
    }

    func setPasswordHash(_ hash: String, email: String) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.rows("UPDATE users SET password_hash = \(hash) WHERE email = \(email.lowercased()) RETURNING id", logger: database.logger).count == 1
        }
    }

    static func user(_ row: PostgresRandomAccessRow) throws -> User {
        User(
            id: try row.value("id"), email: try row.value("email"), name: try row.value("name"),
            role: Role(rawValue: try row.value("role")) ?? .contributor, passwordHash: try row.value("password_hash"), createdAt: try row.value("created_at")
        )
    }
}
