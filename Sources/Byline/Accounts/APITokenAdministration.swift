import Foundation

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
