import Foundation

/// A newsroom save: what to store, and what the editor believed was stored.
public struct EditorialSave: Sendable {
    /// nil creates an article.
    public var articleID: Int64?
    public var input: ArticleInput
    public var document: ArticleDocument
    /// The version the editor started from; a different stored version is a conflict.
    public var expectedVersion: Int?
    public var scheduledAt: Date?
    public var editor: Editor
    public var note: String

    public init(
        articleID: Int64?, input: ArticleInput, document: ArticleDocument, expectedVersion: Int?, scheduledAt: Date?, editor: Editor, note: String
    ) {
        self.articleID = articleID
        self.input = input
        self.document = document
        self.expectedVersion = expectedVersion
        self.scheduledAt = scheduledAt
        self.editor = editor
        self.note = note
    }
}
