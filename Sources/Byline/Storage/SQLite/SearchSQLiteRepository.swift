import Foundation
import GRDB

/// `SearchRepository` on SQLite FTS5. The MATCH expression is built only from folded
/// letters and digits, each quoted, so no input is read as FTS5 syntax.
struct SearchSQLiteRepository: SearchRepository {
    let writer: DatabasePool

    func search(terms: [String], order: SearchOrder, page: PageRequest) async throws -> Page<SearchHit> {
        guard !terms.isEmpty else { return Page(items: [], request: page, totalCount: 0) }
        let match = terms.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"*" }.joined(separator: " ")
        // The index holds published articles only (migration 0010), so neither query reads an
        // article row before it has picked the page's few.
        let query: SQL = switch order {
        case .newest:
            // Walks the date index from the newest story and stops at the page's last match; the
            // `+ 0` keeps the planner from looking each match up by id and sorting them all.
            """
            SELECT a.*, s.slug AS section_slug, s.name AS section_name, s.description AS section_description
            FROM articles a JOIN sections s ON s.id = a.section_id
            WHERE a.status = 'published' AND a.id + 0 IN (SELECT rowid FROM article_search WHERE article_search MATCH \(match))
            ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC LIMIT \(page.size) OFFSET \(page.offset)
            """
        case .relevance:
            // bm25 is lower for better matches; a headline match counts five times a body match.
            """
            SELECT a.*, s.slug AS section_slug, s.name AS section_name, s.description AS section_description
            FROM (
                SELECT rowid AS id, bm25(article_search, 5.0, 1.0) AS score FROM article_search WHERE article_search MATCH \(match)
                ORDER BY score, rowid DESC LIMIT \(page.size) OFFSET \(page.offset)
            ) hit JOIN articles a ON a.id = hit.id JOIN sections s ON s.id = a.section_id
            ORDER BY hit.score, a.id DESC
            """
        }
        return try await writer.read { db in
            let total = try Int.fetchOne(db, literal: "SELECT count(*) FROM article_search WHERE article_search MATCH \(match)") ?? 0
            let rows = try Row.fetchAll(db, literal: query)
            let authors = try ArticleSQLiteRepository.authorsByArticle(db, ids: rows.map { $0["id"] })
            let hits = rows.map { row in
                SearchHit(
                    summary: ArticleSQLiteRepository.summary(row, authors: authors),
                    text: ((row["dek"] as String?).map { $0 + "\n\n" } ?? "") + (row["body_markdown"] as String)
                )
            }
            return Page(items: hits, request: page, totalCount: total)
        }
    }

    func indexMissing(limit: Int) async throws -> Int {
        try await writer.write { db in
            let rows = try Row.fetchAll(db, literal: "SELECT id, headline, dek, body_markdown FROM articles WHERE search_title IS NULL LIMIT \(limit)")
            for row in rows {
                let search = SearchText.indexed(headline: row["headline"], dek: row["dek"], body: row["body_markdown"])
                try db.execute(literal: "UPDATE articles SET search_title = \(search.title), search_body = \(search.body) WHERE id = \(row["id"] as Int64)")
            }
            return rows.count
        }
    }
}
