import Foundation

/// Moderators' actions on comments, shared by `byline comments` and, later, the newsroom's
/// web interface, so both follow the same rules and leave the same log.
public struct CommentModeration: Sendable {
    let comments: any CommentRepository
    let articles: any ArticleRepository

    public init(storage: Storage) {
        comments = storage.comments
        articles = storage.articles
    }

    /// A problem a moderator can fix, in one line.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public func list(status: Comment.Status, articleSlug: String?, limit: Int = 100) async throws -> [Comment] {
        var articleID: Int64?
        if let articleSlug {
            guard let article = try await articles.article(slug: articleSlug) else {
                throw Problem(description: "no article has the slug \"\(articleSlug)\"")
            }
            articleID = article.id
        }
        return try await comments.comments(status: status, articleID: articleID, limit: limit)
    }

    /// Approves, marks as spam or trashes comments; returns how many changed.
    public func decide(_ ids: [Int64], status: Comment.Status, by moderator: String, reason: String, at now: Date = Date()) async throws -> Int {
        guard status != .pending else { throw Problem(description: "a decision is approve, spam or trash") }
        return try await comments.setStatus(ids, to: status, by: moderator, reason: reason, at: now)
    }

    public func delete(_ ids: [Int64]) async throws -> Int {
        try await comments.delete(ids)
    }

    public func ban(email: String, reason: String, by moderator: String, at now: Date = Date()) async throws {
        let email = CommentText.normalizeLine(email).lowercased()
        guard CommentSubmission.isEmailAddress(email) else { throw Problem(description: "\"\(email)\" is not an email address") }
        try await comments.addBan(CommentBan(kind: .email, value: email, reason: reason, createdBy: moderator, createdAt: now))
    }

    public func ban(ipRange text: String, reason: String, by moderator: String, at now: Date = Date()) async throws {
        guard let range = IPRange(text) else {
            throw Problem(description: "\"\(text)\" is not an IP address or CIDR range, such as 203.0.113.7 or 203.0.113.0/24")
        }
        try await comments.addBan(CommentBan(kind: .ip, value: range.description, reason: reason, createdBy: moderator, createdAt: now))
    }
}
