import Foundation

/// How search results are ordered.
public enum SearchOrder: String, Sendable, CaseIterable {
    case newest, relevance
}

/// A published article that matched, with the text a snippet is cut from.
public struct SearchHit: Sendable {
    public var summary: ArticleSummary
    /// The standfirst and the Markdown body.
    public var text: String

    public init(summary: ArticleSummary, text: String) {
        self.summary = summary
        self.text = text
    }
}

/// Full-text search over published articles: SQLite FTS5, or a `tsvector` with a GIN index on
/// PostgreSQL. Both index the text `SearchText` folds, and are given folded terms.
public protocol SearchRepository: Sendable {
    /// Published articles containing every term (a term also matches words it begins).
    func search(terms: [String], order: SearchOrder, page: PageRequest) async throws -> Page<SearchHit>
    /// Indexes articles stored before search existed; returns how many it indexed.
    func indexMissing(limit: Int) async throws -> Int
}
