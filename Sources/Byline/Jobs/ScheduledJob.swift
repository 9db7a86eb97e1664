import Foundation

/// A recurring piece of work that must happen once per period across all nodes.
public struct ScheduledJob: Sendable {
    public var name: String
    public var period: Duration
    public var work: @Sendable (Date) async throws -> Void

    public init(name: String, period: Duration, work: @escaping @Sendable (Date) async throws -> Void) {
        self.name = name
        self.period = period
        self.work = work
    }

    /// The slot a moment falls in: whole periods since 1970.
    public func slot(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / period.seconds).rounded(.down))
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
