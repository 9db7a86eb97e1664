import Foundation

/// What saving an `ArticleInput` did.
public struct ArticleSaveOutcome: Sendable, Hashable {
    public enum Change: String, Sendable {
        case created, updated, unchanged
    }

    public var change: Change
    public var id: Int64
    public var slug: String

    public init(change: Change, id: Int64, slug: String) {
        self.change = change
        self.id = id
        self.slug = slug
    }
}
