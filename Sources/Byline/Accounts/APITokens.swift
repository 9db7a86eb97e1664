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

/// Creating, listing and revoking tokens, shared by `byline tokens` and tests.
public struct APITokenAdministration: Sendable {
    public let tokens: any APITokenRepository

    public init(tokens: any APITokenRepository) { self.tokens = tokens }

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// The new token and its secret, which is not stored and can't be shown again.
    public func create(name: String, role: Role, at now: Date = Date()) async throws -> (APIToken, secret: String) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { throw Problem(description: "give the token a name of 1 to 100 characters, such as \"wire ingester\"") }
        let secret = APIToken.newSecret()
        return (try await tokens.create(name: name, role: role, tokenHash: Session.hash(token: secret), at: now), secret)
    }

    /// The live token a request presents.
    public func authenticate(_ secret: String, at now: Date = Date()) async throws -> APIToken? {
        guard secret.hasPrefix("byl_"), secret.count < 200, let token = try await tokens.token(hash: Session.hash(token: secret)) else { return nil }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true { try await tokens.touch(id: token.id, at: now) }
        return token
    }
}
