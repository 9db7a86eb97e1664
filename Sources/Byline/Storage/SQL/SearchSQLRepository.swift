import Foundation

/// `SearchRepository` on both backends. Each engine searches its own way (SQLite an FTS5
/// table, PostgreSQL a generated `tsvector` with a GIN index), and the terms reach either
/// only as bound, quoted words: letters and digits (`SearchText`), never syntax.
struct SearchSQLRepository: SearchRepository {
    let database: any SQLDatabase

    func search(terms: [String], order: SearchOrder, page: PageRequest, language: String?) async throws -> Page<SearchHit> {
        guard !terms.isEmpty else { return Page(items: [], request: page, totalCount: 0) }
        return try await database.read { queries in
            let (count, select) = switch queries.dialect {
            case .sqlite: Self.fullTextSearch(terms: terms, order: order, page: page)
            case .postgres: Self.textSearch(terms: terms, order: order, page: page, language: language)
            }
            let total = try await queries.count(count)
            let rows = try await queries.query(select, table: "articles")
            let summaries = try await ArticleRows.summaries(rows, queries)
            let hits = try zip(rows, summaries).map { row, summary in
                SearchHit(summary: summary, text: (try row.decode("dek", as: String?.self).map { $0 + "\n\n" } ?? "") + (try row.decode("body_markdown", as: String.self)))
            }
            return Page(items: hits, request: page, totalCount: total)
        }
    }

    /// SQLite FTS5. The index holds published articles only (migration 0010), so neither query
    /// reads an article row before it has picked the page's few.
    private static func fullTextSearch(terms: [String], order: SearchOrder, page: PageRequest) -> (count: SQLStatement, select: SQLStatement) {
        let match = terms.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"*" }.joined(separator: " ")
        let count: SQLStatement = "SELECT count(*) FROM article_search WHERE article_search MATCH \(match)"
        switch order {
        case .newest:
            // Walks the date index from the newest story and stops at the page's last match; the
            // `+ 0` keeps the planner from looking each match up by id and sorting them all.
            return (count, """
                SELECT \(ArticleRows.articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id
                WHERE a.status = 'published' AND a.id + 0 IN (SELECT rowid FROM article_search WHERE article_search MATCH \(match))
                ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC LIMIT \(page.size) OFFSET \(page.offset)
                """)
        case .relevance:
            // bm25 is lower for better matches; a headline match counts five times a body match.
            return (count, """
                SELECT \(ArticleRows.articleColumns) FROM (
                    SELECT rowid AS id, bm25(article_search, 5.0, 1.0) AS score FROM article_search WHERE article_search MATCH \(match)
                    ORDER BY score, rowid DESC LIMIT \(page.size) OFFSET \(page.offset)
                ) hit JOIN articles a ON a.id = hit.id JOIN sections s ON s.id = a.section_id
                ORDER BY hit.score, a.id DESC
                """)
        }
    }

    /// PostgreSQL text search: each term quoted and given `:*`, so it matches the words it begins,
    /// or stemmed in the reader's language's configuration, to match the other forms of its
    /// word in stories indexed in it (migration 0019); the headline is weighted A, the rest B.
    private static func textSearch(terms: [String], order: SearchOrder, page: PageRequest, language: String?) -> (count: SQLStatement, select: SQLStatement) {
        let configuration: SQLStatement = """
            coalesce((SELECT oid::regconfig FROM pg_ts_config WHERE cfgname = \(LanguageTag.searchConfiguration(for: language))), 'simple'::regconfig)
            """
        var query: SQLStatement = ""
        for (index, term) in terms.enumerated() {
            let word = term.replacingOccurrences(of: "'", with: "")
            let either: SQLStatement = "(to_tsquery('simple', \("'\(word)':*")) || to_tsquery(\(configuration), \("'\(word)'")))"
            query = index == 0 ? either : "\(query) && \(either)"
        }
        let rank: SQLStatement = order == .relevance ? "ts_rank(a.search_vector, \(query)) DESC," : ""
        return ("""
            SELECT count(*) FROM articles WHERE status = 'published' AND search_vector @@ (\(query))
            """, """
            SELECT \(ArticleRows.articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id
            WHERE a.status = 'published' AND a.search_vector @@ (\(query))
            ORDER BY \(rank) coalesce(a.display_date, a.published_at) DESC, a.id DESC
            LIMIT \(page.size) OFFSET \(page.offset)
            """)
    }

    func indexMissing(limit: Int) async throws -> Int {
        try await database.write { transaction in
            // Nodes starting together each take rows the others have not locked.
            let rows = try await transaction.query("""
                SELECT id, headline, dek, body_markdown FROM articles WHERE search_title IS NULL LIMIT \(limit)
                \(SQLStatement.dialect(sqlite: "", postgres: "FOR UPDATE SKIP LOCKED"))
                """, table: "articles")
            for row in rows {
                let search = SearchText.indexed(headline: try row.decode("headline"), dek: try row.decode("dek"), body: try row.decode("body_markdown"))
                let id: Int64 = try row.decode("id")
                try await transaction.execute("UPDATE articles SET search_title = \(search.title), search_body = \(search.body) WHERE id = \(id)")
            }
            return rows.count
        }
    }
}
