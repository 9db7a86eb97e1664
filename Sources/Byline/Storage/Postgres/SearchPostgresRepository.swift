import Foundation
import PostgresNIO

/// `SearchRepository` on PostgreSQL: a generated `tsvector` (headline weighted A, text B)
/// with a GIN index. The terms reach `to_tsquery` only as bound, quoted lexemes.
struct SearchPostgresRepository: SearchRepository {
    let database: PostgresDatabase
    private var logger: Logger { database.logger }

    func search(terms: [String], order: SearchOrder, page: PageRequest) async throws -> Page<SearchHit> {
        guard !terms.isEmpty else { return Page(items: [], request: page, totalCount: 0) }
        // Each term is letters and digits only; quoted and given `:*`, it matches the words it begins.
        let query = terms.map { "'\($0.replacingOccurrences(of: "'", with: ""))':*" }.joined(separator: " & ")
        let relevance = order == .relevance
        return try await database.withConnection { connection in
            let total = try await connection.scalar("""
                SELECT count(*) FROM articles WHERE status = 'published' AND search_vector @@ to_tsquery('simple', \(query))
                """, as: Int64.self, logger: logger) ?? 0
            let rows = try await connection.rows("""
                SELECT a.*, s.slug AS section_slug, s.name AS section_name, s.description AS section_description
                FROM articles a JOIN sections s ON s.id = a.section_id
                WHERE a.status = 'published' AND a.search_vector @@ to_tsquery('simple', \(query))
                ORDER BY CASE WHEN \(relevance) THEN ts_rank(a.search_vector, to_tsquery('simple', \(query))) ELSE 0 END DESC,
                    coalesce(a.display_date, a.published_at) DESC, a.id DESC
                LIMIT \(Int64(page.size)) OFFSET \(Int64(page.offset))
                """, logger: logger)
            let ids: [Int64] = try rows.map { try $0.value("id") }
            let authors = try await ArticlePostgresRepository.authorsByArticle(connection, logger: logger, ids: ids)
            let hits = try rows.map { row in
                SearchHit(
                    summary: try PostgresArticleColumns.summary(row, authors: authors),
                    text: (try row.value("dek", as: String?.self).map { $0 + "\n\n" } ?? "") + (try row.value("body_markdown", as: String.self))
                )
            }
            return Page(items: hits, request: page, totalCount: Int(total))
        }
    }

    func indexMissing(limit: Int) async throws -> Int {
        try await database.withTransaction { connection in
            let rows = try await connection.rows(
                "SELECT id, headline, dek, body_markdown FROM articles WHERE search_title IS NULL LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED",
                logger: logger
            )
            for row in rows {
                let search = SearchText.indexed(headline: try row.value("headline"), dek: try row.value("dek"), body: try row.value("body_markdown"))
                let id: Int64 = try row.value("id")
                try await connection.query("UPDATE articles SET search_title = \(search.title), search_body = \(search.body) WHERE id = \(id)", logger: logger)
            }
            return rows.count
        }
    }
}
