import Foundation

/// A key for the Content API's write endpoints, made by an administrator for a program (a
/// wire ingester, say). Only a SHA-256 of the key is stored; the key is shown once.
public struct APIToken: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: Int64, name: String, role: Role, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// Tokens start with `byl_` so that secret scanners can recognise a leaked one.
    public static func newSecret() -> String { "byl_" + Session.randomToken() }

    /// The member a token acts as: its role, and no account, so it owns no article.
    var actor: User {
        User(id: -id, email: "token-\(id)@api.invalid", name: "API token “\(name)”", role: role, passwordHash: "", createdAt: createdAt)
    }
}
