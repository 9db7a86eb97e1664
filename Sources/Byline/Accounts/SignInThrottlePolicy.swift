import Crypto
import Foundation

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
