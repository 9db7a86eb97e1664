import Foundation

/// Stores comments, their moderation log and bans.
///
/// A comment's email, IP and user agent are stored for moderation only; nothing here returns
/// them to public pages (`Comment` has no IP or user agent at all).
public protocol CommentRepository: Sendable {
    /// Stores a comment and logs the pipeline's decision. A reply to a comment at
    /// `maxDepth` becomes a reply to that comment's parent, so it sits at the limit.
    /// Throws `StorageError.constraintViolated` when the parent is not an approved comment
    /// of the same article.
    func add(_ comment: NewComment, maxDepth: Int) async throws -> Comment
    func comment(id: Int64) async throws -> Comment?
    /// Approved comments of one page of top-level threads, oldest thread first.
    func approvedThreads(articleID: Int64, page: PageRequest) async throws -> CommentThreadPage
    /// How many approved top-level threads of the article come before this one.
    func threadPosition(rootID: Int64, articleID: Int64) async throws -> Int
    /// The given comments when they are still pending on this article: what a commenter
    /// may see of their own held comments.
    func pending(ids: [Int64], articleID: Int64) async throws -> [Comment]
    /// For moderators: comments with a status, newest first, optionally on one article.
    func comments(status: Comment.Status, articleID: Int64?, limit: Int) async throws -> [Comment]
    /// Approved comments, newest first, on one article or the whole site, for comment feeds.
    func recentApproved(articleID: Int64?, limit: Int) async throws -> [FeedComment]
    /// How many comments have a status, for the dashboard and the queue's tabs.
    func count(status: Comment.Status) async throws -> Int
    /// The moderation queue: one status, newest first, with the private details.
    func moderationQueue(status: Comment.Status, page: PageRequest) async throws -> Page<ModerationItem>
    /// One comment with its private details.
    func moderationItem(id: Int64) async throws -> ModerationItem?
    /// Replaces a comment's text, logging who edited it. Returns false when there is no such comment.
    func edit(id: Int64, body: String, by moderator: String, at date: Date) async throws -> Bool
    /// Moves comments to a status, logging who decided, when and why. Returns how many changed.
    func setStatus(_ ids: [Int64], to status: Comment.Status, by moderator: String, reason: String, at date: Date) async throws -> Int
    /// Deletes comments (and their replies) for good. Returns how many were deleted.
    func delete(_ ids: [Int64]) async throws -> Int
    /// The moderation log of a comment, oldest first.
    func decisions(commentID: Int64) async throws -> [ModerationRecord]
    /// What the comment rules read before a comment is stored (the bans, the sender's recent
    /// activity and history, whether they said this already), in one read transaction: one
    /// trip to the database and one snapshot, instead of four.
    func screening(_ submission: CommentScreening.Request) async throws -> CommentScreening
    func addBan(_ ban: CommentBan) async throws
    func bans() async throws -> [CommentBan]
    /// Erases IP addresses and user agents stored before `date`. Returns how many comments changed.
    func eraseClientData(before date: Date) async throws -> Int
}
