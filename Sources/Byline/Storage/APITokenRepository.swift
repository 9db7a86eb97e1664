import Foundation

public protocol APITokenRepository: Sendable {
    func create(name: String, role: Role, tokenHash: String, at date: Date) async throws -> APIToken
    /// The token with this hash unless it was revoked.
    func token(hash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    /// Returns false when there is no such token.
    func revoke(id: Int64, at date: Date) async throws -> Bool
    func touch(id: Int64, at date: Date) async throws
}
