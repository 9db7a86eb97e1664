import Foundation

/// Account management shared by `byline users` and, later, the admin's user pages: one set of
/// rules for passwords, roles and duplicate emails.
public struct UserAdministration: Sendable {
    let users: any UserRepository
    let sessions: any SessionRepository
    let policy: PasswordPolicy

    public init(users: any UserRepository, sessions: any SessionRepository, policy: PasswordPolicy) {
        self.users = users
        self.sessions = sessions
        self.policy = policy
    }

    /// A mistake the operator can fix, in one line.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public func create(email: String, name: String, role: Role, password: String, at now: Date = Date()) async throws -> User {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let name = name.trimmingCharacters(in: .whitespaces)
        guard CommentSubmission.isEmailAddress(email) else { throw Problem(description: "\"\(email)\" is not an email address") }
        guard !name.isEmpty, name.count <= 100 else { throw Problem(description: "give a name of 1 to 100 characters") }
        if let problem = policy.problem(with: password, email: email) { throw Problem(description: "password refused: \(problem)") }
        guard try await users.user(email: email) == nil else { throw Problem(description: "an account for \(email) already exists") }
        do {
            return try await users.create(email: email, name: name, role: role, passwordHash: try await PasswordPolicy.hash(password), at: now)
        } catch StorageError.constraintViolated {
            throw Problem(description: "an account for \(email) already exists")
        }
    }

    public func list() async throws -> [User] { try await users.users() }

    public func setRole(_ role: Role, email: String) async throws {
        guard try await users.setRole(role, email: email) else { throw Problem(description: "no account has the email \(email.lowercased())") }
    }

    public func resetPassword(email: String, to password: String) async throws {
        guard let user = try await users.user(email: email) else { throw Problem(description: "no account has the email \(email.lowercased())") }
        if let problem = policy.problem(with: password, email: email) { throw Problem(description: "password refused: \(problem)") }
        _ = try await users.setPasswordHash(try await PasswordPolicy.hash(password), email: email)
        // Whoever knew the old password may be signed in somewhere: a reset signs everyone out.
        try await sessions.deleteSessions(userID: user.id)
    }
}
