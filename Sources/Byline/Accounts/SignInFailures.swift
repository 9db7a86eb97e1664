import Crypto
import Foundation

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
