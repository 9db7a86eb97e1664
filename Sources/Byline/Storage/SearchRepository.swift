import Foundation

/// Full-text search over published articles: SQLite FTS5, or a `tsvector` with a GIN index on
/// PostgreSQL. Both index the text `SearchText` folds, and are given folded terms.
public protocol SearchRepository: Sendable {
    /// Published articles containing every term (a term also matches words it begins). On
    /// PostgreSQL a term also matches the other forms of its word in `language` (the reader's),
    /// in stories written in that language: "elections" finds "élection".
    func search(terms: [String], order: SearchOrder, page: PageRequest, language: String?) async throws -> Page<SearchHit>
    /// Indexes articles stored before search existed; returns how many it indexed.
    func indexMissing(limit: Int) async throws -> Int
}

extension SearchRepository {
    public func search(terms: [String], order: SearchOrder, page: PageRequest) async throws -> Page<SearchHit> {
        try await search(terms: terms, order: order, page: page, language: nil)
    }
}
