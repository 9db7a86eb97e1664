import Foundation

/// Where a new comment goes, and why: the pure core of moderation.
public enum ModerationDecision: Sendable, Hashable {
    case approve(reason: String)
    case hold(reason: String)
    case spam(reason: String)

    public var status: Comment.Status {
        switch self {
        case .approve: .approved
        case .hold: .pending
        case .spam: .spam
        }
    }

    public var reason: String {
        switch self {
        case .approve(let reason), .hold(let reason), .spam(let reason): reason
        }
    }
}
