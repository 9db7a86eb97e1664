import Foundation

/// An article with what the newsroom needs to edit it safely.
public struct EditableArticle: Sendable, Hashable {
    public var article: Article
    /// Goes up by one with every save: the editor sends back the version it started from.
    public var version: Int
    /// The account that created it, which contributors and authors may edit.
    public var ownerID: Int64?
    public var scheduledAt: Date?
    /// The last revision's author and time, for "changed by X at T".
    public var lastSavedBy: String?
    public var lastSavedAt: Date?

    public init(article: Article, version: Int, ownerID: Int64?, scheduledAt: Date?, lastSavedBy: String?, lastSavedAt: Date?) {
        self.article = article
        self.version = version
        self.ownerID = ownerID
        self.scheduledAt = scheduledAt
        self.lastSavedBy = lastSavedBy
        self.lastSavedAt = lastSavedAt
    }

    public var status: EditorialStatus {
        article.status == .published ? .published : (scheduledAt == nil ? .draft : .scheduled)
    }
}
