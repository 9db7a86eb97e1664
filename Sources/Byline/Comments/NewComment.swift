import Foundation

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
