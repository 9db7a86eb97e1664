import Foundation

/// Recent comments from one source, for flood control and rate limits.
public struct RecentActivity: Sendable, Hashable {
    /// The latest comment from the same IP address or email, if any.
    public var lastFromSameSource: Date?
    /// How many comments came from the same network (/24 or /48) in the window.
    public var fromNetwork: Int
    /// The oldest of those, which decides when the window frees up.
    public var oldestFromNetwork: Date?

    public init(lastFromSameSource: Date?, fromNetwork: Int, oldestFromNetwork: Date?) {
        self.lastFromSameSource = lastFromSameSource
        self.fromNetwork = fromNetwork
        self.oldestFromNetwork = oldestFromNetwork
    }
}
