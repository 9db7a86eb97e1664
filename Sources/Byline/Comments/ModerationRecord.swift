import Foundation

/// One line of a comment's moderation log.
public struct ModerationRecord: Sendable, Hashable {
    public var status: Comment.Status
    public var decidedBy: String
    public var reason: String
    public var decidedAt: Date

    public init(status: Comment.Status, decidedBy: String, reason: String, decidedAt: Date) {
        self.status = status
        self.decidedBy = decidedBy
        self.reason = reason
        self.decidedAt = decidedAt
    }
}
