import Foundation

/// Sessions and the failed-sign-in counters that protect them.
public protocol SessionRepository: Sendable {
    func create(_ session: Session) async throws
    /// The session and its user, whatever its age: the caller decides whether it is live.
    func session(tokenHash: String) async throws -> (Session, User)?
    func touch(tokenHash: String, at date: Date) async throws
    func delete(tokenHash: String) async throws
    /// Ends every session of an account, for a password reset or a removed account.
    func deleteSessions(userID: Int64) async throws
    /// Forgets sessions that ended before `date`, and failure counters untouched since then.
    func prune(before date: Date) async throws
    func failures(keys: [String]) async throws -> [SignInFailures]
    /// Counts one more failure under each key, atomically, as `policy` says.
    func recordFailure(keys: [(key: String, policy: SignInThrottlePolicy)], at now: Date) async throws -> [SignInFailures]
    func clearFailures(key: String) async throws
}
