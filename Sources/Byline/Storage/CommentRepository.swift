import Foundation

/// One page of a discussion: whole threads, oldest first, in reading order.
public struct CommentThreadPage: Sendable {
    /// Every visible comment of the page's threads, depth-first, each after its parent.
    public var comments: [Comment]
    public var page: PageRequest
    /// Top-level threads on all pages.
    public var threadCount: Int
    /// Approved comments on all pages, for the heading.
    public var approvedCount: Int

    public init(comments: [Comment], page: PageRequest, threadCount: Int, approvedCount: Int) {
        self.comments = comments
        self.page = page
        self.threadCount = threadCount
        self.approvedCount = approvedCount
    }

    public var pageCount: Int { max(1, (threadCount + page.size - 1) / page.size) }
}

/// A ban on an email address or an IP range.
public struct CommentBan: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case email, ip
    }

    public var kind: Kind
    /// A lowercased email address, or a CIDR range.
    public var value: String
    public var reason: String
    public var createdBy: String
    public var createdAt: Date

    public init(kind: Kind, value: String, reason: String, createdBy: String, createdAt: Date) {
        self.kind = kind
        self.value = value
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    public func matches(email: String, ip: IPAddress?) -> Bool {
        switch kind {
        case .email: value == email.lowercased()
        case .ip: ip.map { IPRange(value)?.contains($0) ?? false } ?? false
        }
    }
}

/// Recent comments from one source, for flood control and rate limits.
public struct RecentActivity: Sendable, Hashable {
    /// The latest comment from the same IP address or email, if any.
    public var lastFromSameSource: Date?
    /// How many comments came from the same network (/24 or /48) in the window.
    public var fromNetwork: Int
    /// The oldest of those, which decides when the window frees up.
    public var oldestFromNetwork: Date?

    public init(lastFromSameSource: Date?, fromNetwork: Int, oldestFromNetwork: Date?) {
        self.lastFromSameSource = lastFromSameSource
        self.fromNetwork = fromNetwork
        self.oldestFromNetwork = oldestFromNetwork
    }
}

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
    func history(email: String, name: String) async throws -> CommenterHistory
    func recentActivity(ip: String?, network: String?, email: String, since: Date, networkSince: Date) async throws -> RecentActivity
    func isDuplicate(articleID: Int64, email: String, body: String) async throws -> Bool
    func addBan(_ ban: CommentBan) async throws
    func bans() async throws -> [CommentBan]
    /// Erases IP addresses and user agents stored before `date`. Returns how many comments changed.
    func eraseClientData(before date: Date) async throws -> Int
}

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

extension CommentThreadPage {
    /// Orders a page's comments depth-first, oldest first among siblings. A reply whose
    /// parent is not visible (held, or removed later) is shown under its thread's root.
    static func readingOrder(_ comments: [Comment]) -> [Comment] {
        let visible = Set(comments.map(\.id))
        var children: [Int64: [Comment]] = [:]
        var roots: [Comment] = []
        for comment in comments.sorted(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) {
            if let parent = comment.parentID {
                let attachTo = visible.contains(parent) ? parent : comment.rootID
                guard visible.contains(attachTo), attachTo != comment.id else { continue }
                children[attachTo, default: []].append(comment)
            } else {
                roots.append(comment)
            }
        }
        var ordered: [Comment] = []
        func visit(_ comment: Comment) {
            ordered.append(comment)
            for child in children[comment.id] ?? [] { visit(child) }
        }
        roots.forEach(visit)
        return ordered
    }
}
