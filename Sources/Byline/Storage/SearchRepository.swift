import Foundation

/// Full-text search over published articles: SQLite FTS5, or a `tsvector` with a GIN index on
/// PostgreSQL. Both index the text `SearchText` folds, and are given folded terms.
public protocol SearchRepository: Sendable {
    /// Published articles containing every term (a term also matches words it begins).
    func search(terms: [String], order: SearchOrder, page: PageRequest) async throws -> Page<SearchHit>
    /// Indexes articles stored before search existed; returns how many it indexed.
    func indexMissing(limit: Int) async throws -> Int
}
