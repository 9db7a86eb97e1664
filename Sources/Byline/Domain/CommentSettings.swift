import Foundation

/// Whether readers may comment, and until when.
public struct CommentSettings: Sendable, Hashable {
    public var open: Bool
    public var closesAt: Date?

    public init(open: Bool = true, closesAt: Date? = nil) {
        self.open = open
        self.closesAt = closesAt
    }

    public func acceptsComments(at now: Date) -> Bool {
        guard open else { return false }
        if let closesAt, closesAt <= now { return false }
        return true
    }
}
