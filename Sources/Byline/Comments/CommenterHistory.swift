import Foundation

/// What a commenter has done before, as the trust rule needs it.
public struct CommenterHistory: Sendable, Hashable {
    public var approvedCount: Int
    /// Statuses of their latest decided (approved, spam or trash) comments, newest first.
    public var recentDecisions: [Comment.Status]

    public init(approvedCount: Int, recentDecisions: [Comment.Status]) {
        self.approvedCount = approvedCount
        self.recentDecisions = recentDecisions
    }

    public static let newcomer = CommenterHistory(approvedCount: 0, recentDecisions: [])
}
