import Foundation

/// What a newsroom member may do, as in WordPress: each role can do everything the one
/// before it can, and more.
public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
    /// Writes and edits their own drafts; cannot publish.
    case contributor
    /// Also publishes and edits their own articles.
    case author
    /// Everything about articles, sections, tags and comments.
    case editor
    /// Also users and site settings.
    case admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A newsroom account. The password is stored only as a bcrypt hash.
public struct User: Sendable, Hashable {
    public var id: Int64
    /// Lowercased; unique.
    public var email: String
    public var name: String
    public var role: Role
    public var passwordHash: String
    public var createdAt: Date

    public init(id: Int64, email: String, name: String, role: Role, passwordHash: String, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}
