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
