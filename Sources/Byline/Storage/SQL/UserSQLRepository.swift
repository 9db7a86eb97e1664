import Foundation

/// `UserRepository` written once for both backends. Every `\(value)` is a bound parameter.
struct UserSQLRepository: UserRepository {
    let database: any SQLDatabase

    func create(email: String, name: String, role: Role, passwordHash: String, at date: Date) async throws -> User {
        try await database.write { transaction in
            let id = try await transaction.insertedID("""
                INSERT INTO users (email, name, role, password_hash, created_at)
                VALUES (\(email.lowercased()), \(name), \(role.rawValue), \(passwordHash), \(date)) RETURNING id
                """)
            return User(id: id, email: email.lowercased(), name: name, role: role, passwordHash: passwordHash, createdAt: date)
        }
    }

    func user(id: Int64) async throws -> User? {
        try await database.read { queries in try await queries.queryOne("SELECT * FROM users WHERE id = \(id)", table: "users").map(Self.user) }
    }

    func user(email: String) async throws -> User? {
        try await database.read { queries in
            try await queries.queryOne("SELECT * FROM users WHERE email = \(email.lowercased())", table: "users").map(Self.user)
        }
    }

    func users() async throws -> [User] {
        try await database.read { queries in try await queries.query("SELECT * FROM users ORDER BY email", table: "users").map(Self.user) }
    }

    func setRole(_ role: Role, email: String) async throws -> Bool {
        try await database.write { transaction in
            try await transaction.query("UPDATE users SET role = \(role.rawValue) WHERE email = \(email.lowercased()) RETURNING id", table: "users").count == 1
        }
    }

    func setPasswordHash(_ hash: String, email: String) async throws -> Bool {
        try await database.write { transaction in
            try await transaction.query("UPDATE users SET password_hash = \(hash) WHERE email = \(email.lowercased()) RETURNING id", table: "users").count == 1
        }
    }

    func setLanguage(_ language: String?, userID: Int64) async throws -> Bool {
        try await database.write { transaction in
            try await transaction.query("UPDATE users SET language = \(language) WHERE id = \(userID) RETURNING id", table: "users").count == 1
        }
    }

    /// From a row with every column of `users`.
    static func user(_ row: StorageRow) throws -> User {
        User(
            id: try row.decode("id"), email: try row.decode("email"), name: try row.decode("name"), role: try row.decode("role"),
            passwordHash: try row.decode("password_hash"), createdAt: try row.decode("created_at"), language: try row.decode("language")
        )
    }
}
