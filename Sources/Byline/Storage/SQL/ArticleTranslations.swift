import Foundation

/// How the versions of one story in several languages hang together, for every backend: each
/// translation points at the original, never at another translation, and no two versions
/// share a language. Every `\(value)` in the statements is a bound parameter.
enum ArticleTranslations {
    /// The original's ID for an input that names one, after the rules: the story exists, is
    /// not this one or one of its own translations, and has no version in this language yet.
    /// A translation of a translation is linked to their original.
    static func original(for input: ArticleInput, articleID: Int64?, _ transaction: any StorageTransaction) async throws -> Int64? {
        let ownTranslations: [String] = if let articleID {
            try await transaction.query(
                "SELECT slug FROM articles WHERE translation_of = \(articleID) ORDER BY id", table: "articles", key: "slug"
            ).map { try $0.decode("slug") }
        } else { [] }
        guard let slug = input.translationOf else {
            if let articleID, !ownTranslations.isEmpty { try await refuseSharedLanguage(input, group: articleID, except: articleID, transaction) }
            return nil
        }
        let row = try await transaction.queryOne("SELECT id, translation_of FROM articles WHERE slug = \(slug)", table: "articles", key: "slug")
        let retired: StorageRow? = if row == nil {
            try await transaction.queryOne("""
                SELECT a.id, a.translation_of FROM slug_redirects r JOIN articles a ON a.id = r.article_id WHERE r.old_slug = \(slug)
                """, table: "articles", key: "slug")
        } else { nil }
        guard let found = row ?? retired else {
            throw StorageError.translationRefused("No story has the slug “\(slug)”: give the slug of the story this one translates.")
        }
        let original: Int64 = try found.decode("translation_of", as: Int64?.self) ?? found.decode("id")
        if original == articleID {
            throw StorageError.translationRefused("“\(slug)” is this story or one of its own translations: a story can't translate itself.")
        }
        if !ownTranslations.isEmpty {
            throw StorageError.translationRefused(
                "This story has translations of its own (\(ownTranslations.joined(separator: ", "))): link them to “\(slug)” first, then this one."
            )
        }
        try await refuseSharedLanguage(input, group: original, except: articleID, transaction)
        return original
    }

    private static func refuseSharedLanguage(_ input: ArticleInput, group: Int64, except articleID: Int64?, _ transaction: any StorageTransaction) async throws {
        let language = input.language ?? ""
        if let other = try await transaction.scalar("""
            SELECT slug FROM articles WHERE (id = \(group) OR translation_of = \(group)) AND id <> \(articleID ?? 0)
                AND lower(coalesce(language, '')) = lower(\(language))
            ORDER BY id LIMIT 1
            """, as: String.self)
        {
            let named = language.isEmpty ? "the site's language" : language
            throw StorageError.translationRefused("“\(other)” is already the version of this story in \(named): each language has one version.")
        }
    }

    /// The IDs of every version of the stories these IDs belong to.
    static func versionIDs(of ids: [Int64?], _ queries: any StorageQueries) async throws -> Set<Int64> {
        let ids = ids.compactMap(\.self)
        let rows = try await queries.query("""
            SELECT id FROM articles WHERE id \(in: ids) OR translation_of \(in: ids)
                OR translation_of IN (SELECT translation_of FROM articles WHERE id \(in: ids) AND translation_of IS NOT NULL)
                OR id IN (SELECT translation_of FROM articles WHERE id \(in: ids) AND translation_of IS NOT NULL)
            """, table: "articles")
        return Set(try rows.map { try $0.decode("id") })
    }

    /// The published versions of a story other than itself, the original first.
    static func others(of id: Int64, original: Int64?, _ queries: any StorageQueries) async throws -> [ArticleTranslation] {
        let group = original ?? id
        return try await queries.query("""
            SELECT a.id, a.slug, a.headline, a.language, a.translation_of, a.published_at, s.slug AS section_slug
            FROM articles a JOIN sections s ON s.id = a.section_id
            WHERE (a.id = \(group) OR a.translation_of = \(group)) AND a.id <> \(id) AND a.status = 'published'
            ORDER BY a.translation_of IS NOT NULL, a.id
            """, table: "articles").map(translation)
    }

    /// From a row with `id`, `slug`, `headline`, `language`, `translation_of`, `published_at`
    /// and `section_slug`.
    static func translation(_ row: StorageRow) throws -> ArticleTranslation {
        ArticleTranslation(
            id: try row.decode("id"), slug: try row.decode("slug"), headline: try row.decode("headline"), language: try row.decode("language"),
            isOriginal: try row.decode("translation_of", as: Int64?.self) == nil, sectionSlug: try row.decode("section_slug"),
            publishedAt: try row.decode("published_at")
        )
    }

    /// PostgreSQL indexes each story in its language's text search configuration, or `simple`
    /// when the server has none for it; SQLite's index does not depend on the language.
    static func setSearchConfiguration(articleID: Int64, language: String?, _ transaction: any StorageTransaction) async throws {
        guard transaction.dialect == .postgres else { return }
        try await transaction.execute("""
            UPDATE articles SET search_config = coalesce(
                (SELECT oid::regconfig FROM pg_ts_config WHERE cfgname = \(LanguageTag.searchConfiguration(for: language))), 'simple'::regconfig
            ) WHERE id = \(articleID)
            """)
    }
}
