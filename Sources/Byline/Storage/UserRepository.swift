import Foundation

/// Newsroom accounts. Emails are unique regardless of case.
public protocol UserRepository: Sendable {
    /// Throws `StorageError.constraintViolated` when the email is taken.
    func create(email: String, name: String, role: Role, passwordHash: String, at date: Date) async throws -> User
    func user(id: Int64) async throws -> User?
    func user(email: String) async throws -> User?
    func users() async throws -> [User]
    /// Returns false when no account has this email.
    func setRole(_ role: Role, email: String) async throws -> Bool
    /// Returns false when no account has this email.
    func setPasswordHash(_ hash: String, email: String) async throws -> Bool
    /// The member's newsroom language; nil for the site's. Returns false when no account has this ID.
    func setLanguage(_ language: String?, userID: Int64) async throws -> Bool
}
