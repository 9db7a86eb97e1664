import Foundation

/// Reading articles out of their rows, for every repository that shows them. Every
/// `\(value)` in the statements is a bound parameter.
enum ArticleRows {
    static let articleColumns: SQLStatement = """
        a.*, s.slug AS section_slug, s.name AS section_name, s.description AS section_description
        """

    /// The article a condition on `a` (the article) picks, with its authors, tags and corrections.
    static func article(where condition: SQLStatement, _ queries: any StorageQueries) async throws -> Article? {
        guard let row = try await queries.queryOne("""
            SELECT \(articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id WHERE \(condition)
            """, table: "articles")
        else { return nil }
        let id: Int64 = try row.decode("id")
        let originalID: Int64? = try row.decode("translation_of")
        var translationOf: ArticleReference?
        if let originalID, let slug = try await queries.scalar("SELECT slug FROM articles WHERE id = \(originalID)", as: String.self) {
            translationOf = ArticleReference(id: originalID, slug: slug)
        }
        let tags = try await queries.query("""
            SELECT t.id, t.slug, t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id
            WHERE at.article_id = \(id) ORDER BY at.position
            """, table: "tags").map { Tag(id: try $0.decode("id"), slug: try $0.decode("slug"), name: try $0.decode("name")) }
        return Article(
            id: id, externalID: try row.decode("external_id"), slug: try row.decode("slug"), headline: try row.decode("headline"),
            dek: try row.decode("dek"), authors: try await authorsByArticle(ids: [id], queries)[id] ?? [], dateline: try row.decode("dateline"),
            credit: try credit(row), section: try section(row), tags: tags, leadImage: try leadImage(row), bodyMarkdown: try row.decode("body_markdown"),
            status: try row.decode("status"), publishedAt: try row.decode("published_at"), updatedAt: try row.decode("updated_at"),
            displayDate: try row.decode("display_date"), corrections: try await corrections(articleID: id, queries),
            comments: CommentSettings(open: try row.decode("comments_open"), closesAt: try row.decode("comments_close_at")),
            language: try row.decode("language"), translationOf: translationOf,
            translations: try await ArticleTranslations.others(of: id, original: originalID, queries)
        )
    }

    /// Summaries of rows selected with `articleColumns`, with their authors.
    static func summaries(_ rows: [StorageRow], _ queries: any StorageQueries) async throws -> [ArticleSummary] {
        let authors = try await authorsByArticle(ids: try rows.map { try $0.decode("id") }, queries)
        return try rows.map { row in
            let id: Int64 = try row.decode("id")
            return ArticleSummary(
                id: id, slug: try row.decode("slug"), headline: try row.decode("headline"), dek: try row.decode("dek"), section: try section(row),
                authors: authors[id] ?? [], leadImage: try leadImage(row), publishedAt: try row.decode("published_at"),
                displayDate: try row.decode("display_date"), updatedAt: try row.decode("updated_at"), language: try row.decode("language")
            )
        }
    }

    static func authorsByArticle(ids: [Int64], _ queries: any StorageQueries) async throws -> [Int64: [Author]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await queries.query("""
            SELECT aa.article_id, au.id, au.slug, au.name, au.bio FROM article_authors aa
            JOIN authors au ON au.id = aa.author_id
            WHERE aa.article_id \(in: ids) ORDER BY aa.article_id, aa.position
            """, table: "authors")
        var authors: [Int64: [Author]] = [:]
        for row in rows {
            authors[try row.decode("article_id"), default: []].append(
                Author(id: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"), bio: try row.decode("bio"))
            )
        }
        return authors
    }

    static func corrections(articleID id: Int64, _ queries: any StorageQueries) async throws -> [Correction] {
        try await queries.query(
            "SELECT article_id, kind, text, noted_at FROM corrections WHERE article_id = \(id) ORDER BY position", table: "corrections", key: "article_id"
        ).map { Correction(kind: try $0.decode("kind"), text: try $0.decode("text"), date: try $0.decode("noted_at")) }
    }

    static func section(_ row: StorageRow) throws -> Section {
        Section(
            id: try row.decode("section_id"), slug: try row.decode("section_slug"), name: try row.decode("section_name"),
            description: try row.decode("section_description")
        )
    }

    static func leadImage(_ row: StorageRow) throws -> LeadImage? {
        guard let src = try row.decode("lead_image_src", as: String?.self) else { return nil }
        return LeadImage(
            src: src, width: try row.decode("lead_image_width"), height: try row.decode("lead_image_height"), alt: try row.decode("lead_image_alt"),
            caption: try row.decode("lead_image_caption"), credit: try row.decode("lead_image_credit")
        )
    }

    static func credit(_ row: StorageRow) throws -> Credit {
        let kind: Credit.Kind = try row.decode("credit_kind")
        guard let credit = Credit(kind: kind, source: try row.decode("credit_source")) else {
            throw row.unreadable("credit_source: a \(kind.rawValue) credit needs its source")
        }
        return credit
    }
}
