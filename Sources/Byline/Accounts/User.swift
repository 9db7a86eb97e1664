import Foundation

/// A newsroom account. The password is stored only as a bcrypt hash.
public struct User: Sendable, Hashable {
    public var id: Int64
    /// Lowercased; unique.
    public var email: String
    public var name: String
    public var role: Role
    public var passwordHash: String
    public var createdAt: Date
    /// The newsroom's language for this member (BCP 47); nil: the site's.
    public var language: String?

    public init(id: Int64, email: String, name: String, role: Role, passwordHash: String, createdAt: Date, language: String? = nil) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.language = language
    }
}
