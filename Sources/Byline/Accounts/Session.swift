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

/// Failed sign-ins counted under one key: an account's email or a client's IP address.
public struct SignInFailures: Sendable, Hashable {
    public var key: String
    public var failures: Int
    public var lastFailureAt: Date
    /// No attempt under this key is checked before this moment.
    public var blockedUntil: Date

    public init(key: String, failures: Int, lastFailureAt: Date, blockedUntil: Date) {
        self.key = key
        self.failures = failures
        self.lastFailureAt = lastFailureAt
        self.blockedUntil = blockedUntil
    }
}

/// How failed sign-ins slow an attacker down: a few free mistakes, then a wait that doubles
/// with each further failure, up to a cap. An hour without failures starts the count afresh.
public struct SignInThrottlePolicy: Sendable {
    public var freeFailures: Int
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var forgetAfter: TimeInterval

    public init(freeFailures: Int, firstDelay: TimeInterval = 2, maximumDelay: TimeInterval = 15 * 60, forgetAfter: TimeInterval = 3600) {
        self.freeFailures = freeFailures
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.forgetAfter = forgetAfter
    }

    /// An account: people mistype, but 5 wrong passwords in a row is guessing.
    public static let account = SignInThrottlePolicy(freeFailures: 5)
    /// An IP address: a newsroom behind one NAT may share it, so it gets more room.
    public static let address = SignInThrottlePolicy(freeFailures: 20)

    /// The record after one more failure.
    public func failing(_ previous: SignInFailures?, key: String, at now: Date) -> SignInFailures {
        var failures = 1
        if let previous, now.timeIntervalSince(previous.lastFailureAt) < forgetAfter { failures = previous.failures + 1 }
        let over = failures - freeFailures
        let delay = over <= 0 ? 0 : min(maximumDelay, firstDelay * pow(2, Double(over - 1)))
        return SignInFailures(key: key, failures: failures, lastFailureAt: now, blockedUntil: now.addingTimeInterval(delay))
    }
}
