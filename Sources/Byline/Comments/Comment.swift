import Foundation

/// A reader's comment on an article.
///
/// The email, IP address and user agent are kept for moderation only: they never appear in
/// any public output, and the IP and user agent are erased after the retention period.
public struct Comment: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        /// Held for a moderator.
        case pending
        case approved
        case spam
        case trash
    }

    public var id: Int64
    public var articleID: Int64
    /// The comment this replies to; nil for a top-level comment.
    public var parentID: Int64?
    /// The top-level comment of the thread (itself for a top-level comment): pages of a
    /// discussion are cut by thread, and a thread is fetched by its root.
    public var rootID: Int64
    /// 1 for a top-level comment.
    public var depth: Int
    public var authorName: String
    public var authorEmail: String
    public var authorURL: String?
    public var body: String
    public var status: Status
    public var createdAt: Date
    /// Written by a newsroom member from the moderation queue, and marked "Staff" for readers.
    public var isStaff: Bool

    public init(
        id: Int64, articleID: Int64, parentID: Int64?, rootID: Int64, depth: Int, authorName: String, authorEmail: String,
        authorURL: String?, body: String, status: Status, createdAt: Date, isStaff: Bool = false
    ) {
        self.id = id
        self.articleID = articleID
        self.parentID = parentID
        self.rootID = rootID
        self.depth = depth
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorURL = authorURL
        self.body = body
        self.status = status
        self.createdAt = createdAt
        self.isStaff = isStaff
    }
}

/// A comment to store, after validation and moderation.
public struct NewComment: Sendable, Hashable {
    public var articleID: Int64
    /// Already moved up to the deepest allowed level when the reply would be too deep.
    public var parentID: Int64?
    public var authorName: String
    public var authorEmail: String
    public var authorURL: String?
    public var body: String
    public var status: Comment.Status
    /// Why the pipeline chose `status`, for the moderation log.
    public var reason: String
    public var ip: String?
    public var userAgent: String?
    public var createdAt: Date
    /// The newsroom account replying as staff, if it is one.
    public var staffUserID: Int64?

    public init(
        articleID: Int64, parentID: Int64?, authorName: String, authorEmail: String, authorURL: String?, body: String,
        status: Comment.Status, reason: String, ip: String?, userAgent: String?, createdAt: Date, staffUserID: Int64? = nil
    ) {
        self.articleID = articleID
        self.parentID = parentID
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorURL = authorURL
        self.body = body
        self.status = status
        self.reason = reason
        self.ip = ip
        self.userAgent = userAgent
        self.createdAt = createdAt
        self.staffUserID = staffUserID
    }
}

/// An approved comment with the article it is on, for feeds. Carries no email or IP.
public struct FeedComment: Sendable, Hashable {
    public var id: Int64
    public var authorName: String
    public var authorURL: String?
    public var body: String
    public var createdAt: Date
    public var isStaff: Bool
    public var article: SitemapEntry

    public init(id: Int64, authorName: String, authorURL: String?, body: String, createdAt: Date, isStaff: Bool, article: SitemapEntry) {
        self.id = id
        self.authorName = authorName
        self.authorURL = authorURL
        self.body = body
        self.createdAt = createdAt
        self.isStaff = isStaff
        self.article = article
    }
}

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
