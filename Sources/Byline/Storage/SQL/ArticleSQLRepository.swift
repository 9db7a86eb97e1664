import Foundation

/// `ArticleRepository` written once for both backends. Every `\(value)` in the statements is
/// a bound parameter; the fragments chosen in code are fixed text.
struct ArticleSQLRepository: ArticleRepository {
    let database: any SQLDatabase

    func publishedArticle(slug: String) async throws -> Article? {
        try await database.read { queries in try await ArticleRows.article(where: "a.slug = \(slug) AND a.status = 'published'", queries) }
    }

    func publishedArticle(id: Int64) async throws -> Article? {
        try await database.read { queries in try await ArticleRows.article(where: "a.id = \(id) AND a.status = 'published'", queries) }
    }

    func article(slug: String) async throws -> Article? {
        try await database.read { queries in try await ArticleRows.article(where: "a.slug = \(slug)", queries) }
    }

    func withdrawnArticle(slug: String) async throws -> WithdrawnArticle? {
        try await database.read { queries in
            guard let row = try await queries.queryOne("""
                SELECT headline, credit_source, withdrawn_at FROM articles WHERE slug = \(slug) AND status = 'draft' AND withdrawn_at IS NOT NULL
                """, table: "articles", key: "slug")
            else { return nil }
            return WithdrawnArticle(headline: try row.decode("headline"), credit: try row.decode("credit_source"), withdrawnAt: try row.decode("withdrawn_at"))
        }
    }

    func currentSlug(forRetiredSlug oldSlug: String) async throws -> String? {
        try await database.read { queries in
            try await queries.scalar("""
                SELECT a.slug FROM slug_redirects r JOIN articles a ON a.id = r.article_id
                WHERE r.old_slug = \(oldSlug) AND a.status = 'published'
                """, as: String.self)
        }
    }

    private static func filter(_ listing: ArticleListing) -> SQLStatement {
        switch listing {
        case .all: return ""
        case .section(let id): return "AND a.section_id = \(id)"
        case .tag(let id): return "AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = \(id))"
        case .author(let id): return "AND a.id IN (SELECT article_id FROM article_authors WHERE author_id = \(id))"
        case .language(let tag, let includesUnnamed):
            // A fragment, not a value: a string literal here would be bound as a parameter.
            let unnamed: SQLStatement = includesUnnamed ? "OR a.language IS NULL" : ""
            return "AND (a.language = \(tag) OR a.language LIKE \(tag + "-%") \(unnamed))"
        }
    }

    func publishedSummaries(_ listing: ArticleListing, updatedSince: Date?, after cursor: ListingCursor?, limit: Int) async throws -> [ArticleSummary] {
        let since: SQLStatement = updatedSince.map { "AND a.updated_at >= \($0)" } ?? ""
        let after: SQLStatement = cursor.map {
            "AND (coalesce(a.display_date, a.published_at) < \($0.date) OR (coalesce(a.display_date, a.published_at) = \($0.date) AND a.id < \($0.id)))"
        } ?? ""
        return try await database.read { queries in
            let rows = try await queries.query("""
                SELECT \(ArticleRows.articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id
                WHERE a.status = 'published' \(Self.filter(listing)) \(since) \(after)
                ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC LIMIT \(limit)
                """, table: "articles")
            return try await ArticleRows.summaries(rows, queries)
        }
    }

    func publishedSummaries(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary> {
        let filter = Self.filter(listing)
        return try await database.read { queries in
            let total = try await queries.count("SELECT count(*) FROM articles a WHERE a.status = 'published' \(filter)")
            let rows = try await queries.query("""
                SELECT \(ArticleRows.articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id
                WHERE a.status = 'published' \(filter)
                ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC
                LIMIT \(page.size) OFFSET \(page.offset)
                """, table: "articles")
            return Page(items: try await ArticleRows.summaries(rows, queries), request: page, totalCount: total)
        }
    }

    func sitemapEntries(offset: Int, limit: Int) async throws -> [SitemapEntry] {
        try await database.read { queries in
            let window: SQLStatement = """
                SELECT id, coalesce(translation_of, id) AS original FROM articles WHERE status = 'published'
                ORDER BY published_at, id LIMIT \(limit) OFFSET \(offset)
                """
            let rows = try await queries.query("""
                SELECT a.id, a.slug, s.slug AS section_slug, a.headline, a.published_at, a.updated_at, a.language
                FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.status = 'published'
                ORDER BY a.published_at, a.id LIMIT \(limit) OFFSET \(offset)
                """, table: "articles")
            // Each story's other versions: its original, and the original's translations, each
            // found by an index, for the same window of stories.
            let versions = try await queries.query("""
                SELECT w.id AS entry_id, v.id, v.slug, v.headline, v.language, v.translation_of, v.published_at, s.slug AS section_slug
                FROM (\(window)) w JOIN articles v ON v.id = w.original AND v.id <> w.id JOIN sections s ON s.id = v.section_id
                WHERE v.status = 'published'
                UNION ALL
                SELECT w.id AS entry_id, v.id, v.slug, v.headline, v.language, v.translation_of, v.published_at, s.slug AS section_slug
                FROM (\(window)) w JOIN articles v ON v.translation_of = w.original AND v.id <> w.id JOIN sections s ON s.id = v.section_id
                WHERE v.status = 'published'
                """, table: "articles")
            var translations: [Int64: [ArticleTranslation]] = [:]
            for row in versions {
                translations[try row.decode("entry_id"), default: []].append(try ArticleTranslations.translation(row))
            }
            return try rows.map { row in
                var entry = try SitemapEntry(row)
                entry.translations = translations[try row.decode("id"), default: []]
                return entry
            }
        }
    }

    func publishedCount() async throws -> Int {
        try await database.read { queries in try await queries.count("SELECT count(*) FROM articles WHERE status = 'published'") }
    }

    func publishedSince(_ date: Date, limit: Int) async throws -> [SitemapEntry] {
        try await database.read { queries in
            try await queries.query("""
                SELECT a.id, a.slug, s.slug AS section_slug, a.headline, a.published_at, a.updated_at, a.language
                FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.status = 'published' AND a.published_at >= \(date)
                ORDER BY a.published_at DESC, a.id DESC LIMIT \(limit)
                """, table: "articles").map(SitemapEntry.init)
        }
    }

    func related(to article: Article, limit: Int) async throws -> [ArticleSummary] {
        // SQLite's planner would otherwise read whole article rows (bodies included) to rank.
        let byPlacement = SQLStatement.dialect(sqlite: "INDEXED BY articles_placement", postgres: "")
        // The candidates are the stories sharing a tag, and the section's newest few: no other
        // story could rank higher, and the section's thousands are never read. Each tag offers
        // its 50 most recently added stories, read from the end of its index and no further
        // (one bounded arm per tag), so a tag on 50,000 stories costs no more than one on 50.
        let perTag: [SQLStatement] = Set(article.tags.map(\.id)).sorted().map { tag in
            """
            SELECT article_id FROM (
                SELECT article_id FROM article_tags WHERE tag_id = \(tag) AND article_id <> \(article.id) ORDER BY article_id DESC LIMIT 50
            ) AS newest_of_tag
            """
        }
        let tagged = perTag.isEmpty ? "SELECT article_id FROM article_tags WHERE 1 = 0" : SQLStatement.joined(perTag, separator: " UNION ALL ")
        return try await database.read { queries in
            let rows = try await queries.query("""
                WITH tagged AS (\(tagged)), shared AS (
                    SELECT article_id AS id, count(*) AS shared_tags FROM tagged GROUP BY article_id
                ), newest AS (
                    SELECT a.id, 0 AS shared_tags FROM articles a
                    WHERE a.status = 'published' AND a.section_id = \(article.section.id) AND a.id <> \(article.id)
                    ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC LIMIT \(limit)
                ), candidates AS (
                    SELECT id, max(shared_tags) AS shared_tags FROM (SELECT * FROM shared UNION ALL SELECT * FROM newest) AS offered GROUP BY id
                ), ranked AS (
                    SELECT c.id, c.shared_tags, a.section_id = \(article.section.id) AS same_section,
                        coalesce(a.display_date, a.published_at) AS listed_at
                    FROM candidates c JOIN articles a \(byPlacement) ON a.id = c.id
                    WHERE a.status = 'published'
                    ORDER BY c.shared_tags DESC, same_section DESC, listed_at DESC, c.id DESC
                    LIMIT \(limit)
                )
                SELECT \(ArticleRows.articleColumns) FROM ranked r JOIN articles a ON a.id = r.id JOIN sections s ON s.id = a.section_id
                ORDER BY r.shared_tags DESC, r.same_section DESC, r.listed_at DESC, r.id DESC
                """, table: "articles")
            return try await ArticleRows.summaries(rows, queries)
        }
    }

    func save(_ inputs: [ArticleInput], now: Date) async throws -> [ArticleSaveOutcome] {
        try await database.write { transaction in
            var keys: Set<String> = []
            var outcomes: [ArticleSaveOutcome] = []
            for input in inputs {
                let saved = try await ArticleSaves.saveImported(input, now: now, transaction)
                keys.formUnion(saved.changedKeys)
                outcomes.append(saved.outcome)
            }
            try await transaction.announce(ContentChange.articles(placements: keys), at: now)
            return outcomes
        }
    }
}
