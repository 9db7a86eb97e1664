import Foundation

/// Signing in and out, with the throttling that makes password guessing slow.
///
/// Every refusal says the same thing, and takes about as long, whether or not the account
/// exists: the counters are kept per submitted email as well as per IP address, and a
/// missing account still costs one bcrypt comparison.
public struct SignIn: Sendable {
    let users: any UserRepository
    let sessions: any SessionRepository

    public init(users: any UserRepository, sessions: any SessionRepository) {
        self.users = users
        self.sessions = sessions
    }

    public enum Outcome: Sendable {
        /// `token` goes into the cookie; the database keeps only its hash.
        case signedIn(token: String, session: Session, user: User)
        case refused
        /// Too many failures under the account or the address; try again after this many seconds.
        case throttled(retryAfter: Int)
    }

    public static let refusal = Message("That email address and password don’t match an account. Check them and try again.")

    public func signIn(email: String, password: String, ip: String?, now: Date = Date()) async throws -> Outcome {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let keys = Self.keys(email: email, ip: ip)
        let blockedUntil = try await sessions.failures(keys: keys.map(\.key)).map(\.blockedUntil).max()
        // Waits are whole seconds of 2 or more; the tolerance absorbs the database's rounding of times.
        if let blockedUntil, blockedUntil.timeIntervalSince(now) >= 0.5 {
            return .throttled(retryAfter: max(1, Int(blockedUntil.timeIntervalSince(now).rounded())))
        }
        let user = try await users.user(email: email)
        let matches = try await PasswordPolicy.verify(password, against: user?.passwordHash ?? Self.timingHash)
        guard let user, matches else {
            _ = try await sessions.recordFailure(keys: keys, at: now)
            return .refused
        }
        try await sessions.clearFailures(key: keys[0].key)
        let token = Session.randomToken()
        let session = Session(
            tokenHash: Session.hash(token: token), userID: user.id, csrfToken: Session.randomToken(), createdAt: now, lastSeenAt: now,
            expiresAt: now.addingTimeInterval(Session.lifetime)
        )
        try await sessions.create(session)
        return .signedIn(token: token, session: session, user: user)
    }

    /// The live session a cookie names, refreshing its last use now and then.
    public func session(token: String, now: Date = Date()) async throws -> (Session, User)? {
        guard !token.isEmpty, token.count <= 100 else { return nil }
        let hash = Session.hash(token: token)
        guard let (session, user) = try await sessions.session(tokenHash: hash) else { return nil }
        guard session.isLive(at: now) else {
            try await sessions.delete(tokenHash: hash)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) >= Session.touchInterval { try await sessions.touch(tokenHash: hash, at: now) }
        return (session, user)
    }

    public func signOut(token: String) async throws {
        try await sessions.delete(tokenHash: Session.hash(token: token))
    }

    static func keys(email: String, ip: String?) -> [(key: String, policy: SignInThrottlePolicy)] {
        [("account:" + email, .account)] + (ip.map { [("ip:" + $0, .address)] } ?? [])
    }

    /// A bcrypt hash (cost 12) of a random password nobody knows: checked against when the
    /// account doesn't exist, so that a refusal takes the same time either way.
    static let timingHash = "$2b$12$bYFUaLqVeVuSRws8.K5Ziu6tCpcRKH89RPo3FG9ecPHD1Cn0Sxoma"
}
