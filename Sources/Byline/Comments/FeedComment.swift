import Foundation

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
