import Crypto
import Foundation

/// A signed-in browser. Only a hash of the cookie's token is stored, so that someone who
/// reads the database (or a backup) cannot use it to sign in.
public struct Session: Sendable, Hashable {
    public var tokenHash: String
    public var userID: Int64
    /// Sent back in every form of the admin; a request without it changes nothing.
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, userID: Int64, csrfToken: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }

    /// How long a session lives at most, and how long it survives without use.
    public static let lifetime: TimeInterval = 30 * 86400
    public static let idleLimit: TimeInterval = 7 * 86400
    /// `last_seen_at` is written at most this often, so that browsing the admin isn't a write per page.
    public static let touchInterval: TimeInterval = 300

    public func isLive(at now: Date) -> Bool {
        now < expiresAt && now.timeIntervalSince(lastSeenAt) < Self.idleLimit
    }

    /// 32 random bytes, URL-safe: the cookie's value, or a CSRF token.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Signer.base64URL(Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }))
    }

    static func hash(token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hex
    }
}
