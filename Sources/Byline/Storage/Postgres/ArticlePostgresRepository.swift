import Foundation
import PostgresNIO

/// `ArticleRepository` on PostgreSQL.
///
/// Queries are `PostgresQuery` literals: every `\(value)` becomes a bound parameter. The
/// only SQL text assembled in code is fixed fragments chosen by a switch, never input.
struct ArticlePostgresRepository: ArticleRepository {
    let database: PostgresDatabase
    private var logger: Logger { database.logger }

    static let channel = "byline_changes"

    private static let articleColumns = """
        a.*, s.slug AS section_slug, s.name AS section_name, s.description AS section_description
        """

    func publishedArticle(slug: String) async throws -> Article? {
        try await database.withConnection { connection in
            try await Self.loadArticle(connection, logger: self.logger, slug: slug, publishedOnly: true)
        }
    }

    func publishedArticle(id: Int64) async throws -> Article? {
        let slug = try await database.withConnection { connection in
            try await connection.scalar("SELECT slug FROM articles WHERE id = \(id) AND status = 'published'", as: String.self, logger: self.logger)
        }
        guard let slug else { return nil }
        return try await publishedArticle(slug: slug)
    }

    func article(slug: String) async throws -> Article? {
        try await database.withConnection { connection in
            try await Self.loadArticle(connection, logger: self.logger, slug: slug, publishedOnly: false)
        }
    }

    func currentSlug(forRetiredSlug oldSlug: String) async throws -> String? {
        try await database.withConnection { connection in
            try await connection.scalar("""
                SELECT a.slug FROM slug_redirects r JOIN articles a ON a.id = r.article_id
                WHERE r.old_slug = \(oldSlug) AND a.status = 'published'
                """, as: String.self, logger: self.logger)
        }
    }

    func publishedSummaries(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary> {
        let filter: (sql: String, id: Int64)? = switch listing {
        case .all: nil
        case .section(let id): ("AND a.section_id = $1", id)
        case .tag(let id): ("AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = $1)", id)
        case .author(let id): ("AND a.id IN (SELECT article_id FROM article_authors WHERE author_id = $1)", id)
        }
        // The statement text is fixed per listing kind; values travel only as bindings.
        var countBindings = PostgresBindings()
        if let filter { countBindings.append(filter.id) }
        var pageBindings = countBindings
        pageBindings.append(Int64(page.size))
        pageBindings.append(Int64(page.offset))
        let limit = filter == nil ? "LIMIT $1 OFFSET $2" : "LIMIT $2 OFFSET $3"
        let countSQL = "SELECT count(*) FROM articles a WHERE a.status = 'published' \(filter?.sql ?? "")"
        let pageSQL = """
            SELECT \(Self.articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id
            WHERE a.status = 'published' \(filter?.sql ?? "")
            ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC \(limit)
            """
        let countQuery = PostgresQuery(unsafeSQL: countSQL, binds: countBindings)
        let pageQuery = PostgresQuery(unsafeSQL: pageSQL, binds: pageBindings)
        return try await database.withConnection { connection in
            let total = try await connection.scalar(countQuery, as: Int64.self, logger: self.logger) ?? 0
            let rows = try await connection.rows(pageQuery, logger: self.logger)
            let ids: [Int64] = try rows.map { try $0.value("id") }
            let authors = try await Self.authorsByArticle(connection, logger: self.logger, ids: ids)
            let items = try rows.map { try PostgresArticleColumns.summary($0, authors: authors) }
            return Page(items: items, request: page, totalCount: Int(total))
        }
    }

    func publishedSummaries(_ listing: ArticleListing, updatedSince: Date?, after cursor: ListingCursor?, limit: Int) async throws -> [ArticleSummary] {
        let (sectionID, tagID, authorID): (Int64?, Int64?, Int64?) = switch listing {
        case .all: (nil, nil, nil)
        case .section(let id): (id, nil, nil)
        case .tag(let id): (nil, id, nil)
        case .author(let id): (nil, nil, id)
        }
        let cursorDate = cursor?.date
        let cursorID = cursor?.id
        return try await database.withConnection { connection in
            let rows = try await connection.rows("""
                SELECT \(unescaped: Self.articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id
                WHERE a.status = 'published'
                    AND (\(sectionID)::bigint IS NULL OR a.section_id = \(sectionID))
                    AND (\(tagID)::bigint IS NULL OR a.id IN (SELECT article_id FROM article_tags WHERE tag_id = \(tagID)))
                    AND (\(authorID)::bigint IS NULL OR a.id IN (SELECT article_id FROM article_authors WHERE author_id = \(authorID)))
                    AND (\(updatedSince)::timestamptz IS NULL OR a.updated_at >= \(updatedSince))
                    AND (\(cursorDate)::timestamptz IS NULL OR coalesce(a.display_date, a.published_at) < \(cursorDate)
                        OR (coalesce(a.display_date, a.published_at) = \(cursorDate) AND a.id < \(cursorID)))
                ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC LIMIT \(Int64(limit))
                """, logger: self.logger)
            let ids: [Int64] = try rows.map { try $0.value("id") }
            let authors = try await Self.authorsByArticle(connection, logger: self.logger, ids: ids)
            return try rows.map { try PostgresArticleColumns.summary($0, authors: authors) }
        }
    }

    func sitemapEntries(offset: Int, limit: Int) async throws -> [SitemapEntry] {
        try await database.withConnection { connection in
            try await connection.rows("""
                SELECT a.slug, s.slug AS section_slug, a.headline, a.published_at, a.updated_at
                FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.status = 'published'
                ORDER BY a.published_at, a.id LIMIT \(Int64(limit)) OFFSET \(Int64(offset))
                """, logger: self.logger).map(PostgresArticleColumns.sitemapEntry)
        }
    }

    func publishedCount() async throws -> Int {
        try await database.withConnection { connection in
            Int(try await connection.scalar("SELECT count(*) FROM articles WHERE status = 'published'", as: Int64.self, logger: self.logger) ?? 0)
        }
    }

    func publishedSince(_ date: Date, limit: Int) async throws -> [SitemapEntry] {
        try await database.withConnection { connection in
            try await connection.rows("""
                SELECT a.slug, s.slug AS section_slug, a.headline, a.published_at, a.updated_at
                FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.status = 'published' AND a.published_at >= \(date)
                ORDER BY a.published_at DESC, a.id DESC LIMIT \(Int64(limit))
                """, logger: self.logger).map(PostgresArticleColumns.sitemapEntry)
        }
    }

    func related(to article: Article, limit: Int) async throws -> [ArticleSummary] {
        try await database.withConnection { connection in
            let rows = try await connection.rows("""
                SELECT \(unescaped: Self.articleColumns),
                    (SELECT count(*) FROM article_tags t WHERE t.article_id = a.id
                        AND t.tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = \(article.id))) AS shared_tags
                FROM articles a JOIN sections s ON s.id = a.section_id
                WHERE a.status = 'published' AND a.id <> \(article.id)
                    AND (a.section_id = \(article.section.id)
                        OR a.id IN (SELECT article_id FROM article_tags WHERE tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = \(article.id))))
                ORDER BY shared_tags DESC, (a.section_id = \(article.section.id)) DESC, coalesce(a.display_date, a.published_at) DESC, a.id DESC
                LIMIT \(Int64(limit))
                """, logger: self.logger)
            let ids: [Int64] = try rows.map { try $0.value("id") }
            let authors = try await Self.authorsByArticle(connection, logger: self.logger, ids: ids)
            return try rows.map { try PostgresArticleColumns.summary($0, authors: authors) }
        }
    }

    func save(_ inputs: [ArticleInput], now: Date) async throws -> [ArticleSaveOutcome] {
        try await database.withTransaction { connection in
            var outcomes: [ArticleSaveOutcome] = []
            var keys: Set<String> = []
            for input in inputs {
                let saved = try await Self.save(input, now: now, connection, logger: self.logger)
                let outcome = saved.outcome
                keys.formUnion(saved.changedKeys)
                // An import is a save like any other: it moves the version and keeps a revision.
                if outcome.change != .unchanged {
                    try await EditorialPostgresRepository.recordRevision(
                        articleID: outcome.id, bump: outcome.change == .updated, document: ArticleDocument(input),
                        editor: Editor(userID: nil, name: "Import"), note: outcome.change == .created ? "Imported" : "Updated by an import", now: now,
                        connection, logger: self.logger
                    )
                }
                outcomes.append(outcome)
            }
            if let change = ContentChange.articles(placements: keys) { try await Self.notify(change, connection, logger: self.logger) }
            return outcomes
        }
    }

    /// Tells every node, this one included, once the transaction commits: NOTIFY is transactional.
    /// The `cache.purge` webhook is queued in the same transaction.
    static func notify(_ change: ContentChange, _ connection: PostgresConnection, logger: Logger) async throws {
        let now = Date()
        try await WebhookPostgresRepository.enqueue(
            .cachePurge, payload: WebhookPayload.purge(change, at: now), at: now, due: now + WebhookPayload.purgeDelay, connection, logger: logger
        )
        let payload = String(decoding: try JSONEncoder().encode(change), as: UTF8.self)
        try await connection.query("SELECT pg_notify(\(channel), \(payload))", logger: logger)
        PendingChanges.current?.add(change)
    }

    // MARK: Loading

    static func loadArticle(_ connection: PostgresConnection, logger: Logger, slug: String, publishedOnly: Bool) async throws -> Article? {
        guard let row = try await connection.rows("""
            SELECT \(unescaped: articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id
            WHERE a.slug = \(slug) AND (a.status = 'published' OR NOT \(publishedOnly))
            """, logger: logger).first
        else { return nil }
        let id: Int64 = try row.value("id")
        let tags = try await connection.rows("""
            SELECT t.id, t.slug, t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id
            WHERE at.article_id = \(id) ORDER BY at.position
            """, logger: logger).map { Tag(id: try $0.value("id"), slug: try $0.value("slug"), name: try $0.value("name")) }
        let creditKind = Credit.Kind(rawValue: try row.value("credit_kind")) ?? .staff
        return Article(
            id: id, externalID: try row.value("external_id"), slug: try row.value("slug"), headline: try row.value("headline"),
            dek: try row.value("dek"), authors: try await authorsByArticle(connection, logger: logger, ids: [id])[id] ?? [],
            dateline: try row.value("dateline"), credit: Credit(kind: creditKind, source: try row.value("credit_source")) ?? .staff,
            section: try PostgresArticleColumns.section(row), tags: tags, leadImage: try PostgresArticleColumns.leadImage(row),
            bodyMarkdown: try row.value("body_markdown"), status: Article.Status(rawValue: try row.value("status")) ?? .draft,
            publishedAt: try row.value("published_at"), updatedAt: try row.value("updated_at"), displayDate: try row.value("display_date"),
            corrections: try await PostgresArticleColumns.corrections(articleID: id, connection, logger: logger),
            comments: CommentSettings(open: try row.value("comments_open"), closesAt: try row.value("comments_close_at"))
        )
    }

    static func authorsByArticle(_ connection: PostgresConnection, logger: Logger, ids: [Int64]) async throws -> [Int64: [Author]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await connection.rows("""
            SELECT aa.article_id, au.id, au.slug, au.name, au.bio FROM article_authors aa
            JOIN authors au ON au.id = aa.author_id
            WHERE aa.article_id = ANY(\(ids)) ORDER BY aa.article_id, aa.position
            """, logger: logger)
        var authors: [Int64: [Author]] = [:]
        for row in rows {
            authors[try row.value("article_id"), default: []].append(
                Author(id: try row.value("id"), slug: try row.value("slug"), name: try row.value("name"), bio: try row.value("bio"))
            )
        }
        return authors
    }

    // MARK: Saving

    static func save(
        _ input: ArticleInput, now: Date, _ connection: PostgresConnection, logger: Logger, target: SaveTarget = .matchingKeys
    ) async throws -> SavedArticle {
        let existingID: Int64? = switch target {
        case .matchingKeys: try await findExisting(for: input, connection, logger: logger)
        case .article(let id): id
        case .new: nil
        }
        if let holder = try await connection.scalar("SELECT id FROM articles WHERE slug = \(input.slug)", as: Int64.self, logger: logger),
            holder != existingID
        {
            throw StorageError.slugTaken(input.slug)
        }
        var authorIDs: [Int64] = []
        for author in input.authors {
            authorIDs.append(try await connection.scalar("""
                INSERT INTO authors (slug, name, bio) VALUES (\(author.slug), \(author.name), \(author.bio ?? ""))
                ON CONFLICT (slug) DO UPDATE SET name = excluded.name, bio = coalesce(\(author.bio), authors.bio)
                RETURNING id
                """, as: Int64.self, logger: logger)!)
        }
        var tagIDs: [Int64] = []
        for tag in input.tags {
            tagIDs.append(try await connection.scalar("""
                INSERT INTO tags (slug, name) VALUES (\(tag.slug), \(tag.name))
                ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id
                """, as: Int64.self, logger: logger)!)
        }
        // `xmax = 0` only on a row this statement inserted: a new section joins the navigation.
        let sectionRow = try await connection.rows("""
            INSERT INTO sections (slug, name, position)
            VALUES (\(input.section.slug), \(input.section.name), (SELECT coalesce(max(position), 0) + 1 FROM sections))
            ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id, (xmax = 0) AS inserted
            """, logger: logger)[0]
        let sectionID: Int64 = try sectionRow.value("id")
        let stored: StoredArticle? = if let existingID { try await StoredArticle.load(id: existingID, connection, logger: logger) } else { nil }
        let plan = ArticleSavePlan(input: input, stored: stored, sectionID: sectionID, authorIDs: authorIDs, tagIDs: tagIDs, now: now)
        var id = plan.row.id
        switch plan.change {
        case .unchanged:
            return SavedArticle(outcome: ArticleSaveOutcome(change: .unchanged, id: id, slug: plan.row.slug))
        case .updated:
            try await plan.row.update(connection, logger: logger)
        case .created:
            id = try await plan.row.insert(createdAt: now, connection, logger: logger)
        }
        if let event = WebhookEvent.forSave(before: stored?.status, after: plan.row.status) {
            try await WebhookPostgresRepository.enqueue(
                event, payload: WebhookPayload.article(event, id: id, slug: input.slug, headline: input.headline, at: now), at: now, connection,
                logger: logger
            )
        }
        let search = SearchText.indexed(headline: input.headline, dek: input.dek, body: input.bodyMarkdown)
        try await connection.query(
            "UPDATE articles SET search_title = \(search.title), search_body = \(search.body) WHERE id = \(id)", logger: logger
        )
        // The live article always wins a slug: drop any redirect that now points elsewhere.
        try await connection.query("DELETE FROM slug_redirects WHERE old_slug = \(input.slug)", logger: logger)
        if let retired = plan.retiredSlug {
            try await connection.query("""
                INSERT INTO slug_redirects (old_slug, article_id) VALUES (\(retired), \(id))
                ON CONFLICT (old_slug) DO UPDATE SET article_id = excluded.article_id
                """, logger: logger)
        }
        var after = plan.row
        after.id = id
        return SavedArticle(
            outcome: ArticleSaveOutcome(change: plan.change, id: id, slug: input.slug),
            changedKeys: StoredArticle.changedKeys(before: stored, after: after, addedSection: try sectionRow.value("inserted", as: Bool.self))
        )
    }

    /// The article an input updates: by external ID, else by slug. A slug held by an article
    /// from another source is a collision, not a match.
    private static func findExisting(for input: ArticleInput, _ connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        if let externalID = input.externalID {
            if let id = try await connection.scalar("SELECT id FROM articles WHERE external_id = \(externalID)", as: Int64.self, logger: logger) {
                return id
            }
            return try await connection.scalar("SELECT id FROM articles WHERE slug = \(input.slug) AND external_id IS NULL", as: Int64.self, logger: logger)
        }
        return try await connection.scalar("SELECT id FROM articles WHERE slug = \(input.slug)", as: Int64.self, logger: logger)
    }
}
