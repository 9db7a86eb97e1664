import Foundation

/// A saved state of an article.
public struct Revision: Sendable, Hashable {
    public var articleID: Int64
    public var version: Int
    public var document: ArticleDocument
    public var savedBy: String
    public var savedAt: Date
    /// What the save did, such as "Published" or "Restored version 3".
    public var note: String

    public init(articleID: Int64, version: Int, document: ArticleDocument, savedBy: String, savedAt: Date, note: String) {
        self.articleID = articleID
        self.version = version
        self.document = document
        self.savedBy = savedBy
        self.savedAt = savedAt
        self.note = note
    }
}
