import Foundation

/// A comment as moderators see it: with what readers never see.
public struct ModerationItem: Sendable, Hashable {
    public var comment: Comment
    public var articleHeadline: String
    public var articleSlug: String
    public var ip: String?
    public var userAgent: String?
    /// The latest decision's reason: why the rules held it, or why a moderator moved it.
    public var reason: String
    public var decidedBy: String

    public init(comment: Comment, articleHeadline: String, articleSlug: String, ip: String?, userAgent: String?, reason: String, decidedBy: String) {
        self.comment = comment
        self.articleHeadline = articleHeadline
        self.articleSlug = articleSlug
        self.ip = ip
        self.userAgent = userAgent
        self.reason = reason
        self.decidedBy = decidedBy
    }
}
