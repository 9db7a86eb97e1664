import Foundation
import GRDB

/// `UserRepository` on SQLite. Interpolations in the `literal:` queries are bound values.
struct UserSQLiteRepository: UserRepository {
    let writer: DatabasePool

    func create(email: String, name: String, role: Role, passwordHash: String, at date: Date) async throws -> User {
        do {
            return try await writer.write { db in
                try db.execute(literal: """
                    INSERT INTO users (email, name, role, password_hash, created_at)
                    VALUES (\(email.lowercased()), \(name), \(role.rawValue), \(passwordHash), \(date))
                    """)
                return User(id: db.lastInsertedRowID, email: email.lowercased(), name: name, role: role, passwordHash: passwordHash, createdAt: date)
            }
        } catch let error as DatabaseError {
            throw error.asStorageError()
        }
    }

    func user(id: Int64) async throws -> User? {
        try await writer.read { db in try Row.fetchOne(db, literal: "SELECT * FROM users WHERE id = \(id)").map(Self.user) }
    }

    func user(email: String) async throws -> User? {
        try await writer.read { db in try Row.fetchOne(db, literal: "SELECT * FROM users WHERE email = \(email.lowercased())").map(Self.user) }
    }

    func users() async throws -> [User] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY email").map(Self.user) }
    }

    func setRole(_ role: Role, email: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(literal: "UPDATE users SET role = \(role.rawValue) WHERE email = \(email.lowercased())")
            return db.changesCount == 1
        }
    }

    func setPasswordHash(_ hash: String, email: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(literal: "UPDATE users SET password_hash = \(hash) WHERE email = \(email.lowercased())")
            return db.changesCount == 1
        }
    }

    static func user(_ row: Row) -> User {
        User(id: row["id"], email: row["email"], name: row["name"], role: Role(rawValue: row["role"]) ?? .contributor, passwordHash: row["password_hash"], createdAt: row["created_at"])
    }
}
