import Foundation
import GRDB

/// `ArticleRepository` on SQLite.
///
/// Queries are GRDB `SQL` literals: every `\(value)` inside them becomes a bound `?`
/// argument, never text pasted into the statement, so input cannot change the SQL.
struct ArticleSQLiteRepository: ArticleRepository {
    let writer: DatabasePool
    let changes: ChangeBroadcaster

    private static let articleColumns: SQL = """
        a.*, s.slug AS section_slug, s.name AS section_name, s.description AS section_description
        """

    func publishedArticle(slug: String) async throws -> Article? {
        try await writer.read { db in
            try Self.loadArticle(db, where: "a.slug = \(slug) AND a.status = 'published'")
        }
    }

    func publishedArticle(id: Int64) async throws -> Article? {
        try await writer.read { db in
            try Self.loadArticle(db, where: "a.id = \(id) AND a.status = 'published'")
        }
    }

    func article(slug: String) async throws -> Article? {
        try await writer.read { db in try Self.loadArticle(db, where: "a.slug = \(slug)") }
    }

    func currentSlug(forRetiredSlug oldSlug: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, literal: """
                SELECT a.slug FROM slug_redirects r JOIN articles a ON a.id = r.article_id
                WHERE r.old_slug = \(oldSlug) AND a.status = 'published'
                """)
        }
    }

    private static func filter(_ listing: ArticleListing) -> SQL {
        switch listing {
        case .all: ""
        case .section(let id): "AND a.section_id = \(id)"
        case .tag(let id): "AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = \(id))"
        case .author(let id): "AND a.id IN (SELECT article_id FROM article_authors WHERE author_id = \(id))"
        }
    }

    func publishedSummaries(_ listing: ArticleListing, updatedSince: Date?, after cursor: ListingCursor?, limit: Int) async throws -> [ArticleSummary] {
        let since: SQL = updatedSince.map { "AND a.updated_at >= \($0)" } ?? ""
        let after: SQL = cursor.map {
            "AND (coalesce(a.display_date, a.published_at) < \($0.date) OR (coalesce(a.display_date, a.published_at) = \($0.date) AND a.id < \($0.id)))"
        } ?? ""
        return try await writer.read { db in
            let rows = try Row.fetchAll(db, literal: """
                SELECT \(Self.articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id
                WHERE a.status = 'published' \(Self.filter(listing)) \(since) \(after)
                ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC LIMIT \(limit)
                """)
            let authors = try Self.authorsByArticle(db, ids: rows.map { $0["id"] })
            return rows.map { Self.summary($0, authors: authors) }
        }
    }

    func publishedSummaries(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary> {
        let filter = Self.filter(listing)
        return try await writer.read { db in
            let total = try Int.fetchOne(db, literal: "SELECT count(*) FROM articles a WHERE a.status = 'published' \(filter)") ?? 0
            let rows = try Row.fetchAll(db, literal: """
                SELECT \(Self.articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id
                WHERE a.status = 'published' \(filter)
                ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC
                LIMIT \(page.size) OFFSET \(page.offset)
                """)
            let authors = try Self.authorsByArticle(db, ids: rows.map { $0["id"] })
            let items = rows.map { Self.summary($0, authors: authors) }
            return Page(items: items, request: page, totalCount: total)
        }
    }

    func sitemapEntries(offset: Int, limit: Int) async throws -> [SitemapEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, literal: """
                SELECT a.slug, s.slug AS section_slug, a.headline, a.published_at, a.updated_at
                FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.status = 'published'
                ORDER BY a.published_at, a.id LIMIT \(limit) OFFSET \(offset)
                """).map(Self.sitemapEntry)
        }
    }

    func publishedCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM articles WHERE status = 'published'") ?? 0 }
    }

    func publishedSince(_ date: Date, limit: Int) async throws -> [SitemapEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, literal: """
                SELECT a.slug, s.slug AS section_slug, a.headline, a.published_at, a.updated_at
                FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.status = 'published' AND a.published_at >= \(date)
                ORDER BY a.published_at DESC, a.id DESC LIMIT \(limit)
                """).map(Self.sitemapEntry)
        }
    }

    func related(to article: Article, limit: Int) async throws -> [ArticleSummary] {
        try await writer.read { db in
            // The candidates are the stories sharing a tag, and the section's newest few: no other
            // story could rank higher, and the section's thousands are never read. Each tag
            // offers its 50 most recently added stories, so a tag on 50,000 stories costs no
            // more than one on 50.
            let rows = try Row.fetchAll(db, literal: """
                WITH tagged AS (
                    SELECT t.article_id, row_number() OVER (PARTITION BY t.tag_id ORDER BY t.article_id DESC) AS position
                    FROM article_tags t
                    WHERE t.tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = \(article.id)) AND t.article_id <> \(article.id)
                ), shared AS (
                    SELECT article_id AS id, count(*) AS shared_tags FROM tagged WHERE position <= 50 GROUP BY article_id
                ), newest AS (
                    SELECT a.id, 0 AS shared_tags FROM articles a
                    WHERE a.status = 'published' AND a.section_id = \(article.section.id) AND a.id <> \(article.id)
                    ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC LIMIT \(limit)
                ), candidates AS (
                    SELECT id, max(shared_tags) AS shared_tags FROM (SELECT * FROM shared UNION ALL SELECT * FROM newest) GROUP BY id
                ), ranked AS (
                    SELECT c.id, c.shared_tags, a.section_id = \(article.section.id) AS same_section,
                        coalesce(a.display_date, a.published_at) AS listed_at
                    FROM candidates c JOIN articles a INDEXED BY articles_placement ON a.id = c.id
                    WHERE a.status = 'published'
                    ORDER BY c.shared_tags DESC, same_section DESC, listed_at DESC, c.id DESC
                    LIMIT \(limit)
                )
                SELECT \(Self.articleColumns) FROM ranked r JOIN articles a ON a.id = r.id JOIN sections s ON s.id = a.section_id
                ORDER BY r.shared_tags DESC, r.same_section DESC, r.listed_at DESC, r.id DESC
                """)
            let authors = try Self.authorsByArticle(db, ids: rows.map { $0["id"] })
            return rows.map { Self.summary($0, authors: authors) }
        }
    }

    static func sitemapEntry(_ row: Row) -> SitemapEntry {
        SitemapEntry(
            slug: row["slug"], sectionSlug: row["section_slug"], headline: row["headline"], publishedAt: row["published_at"], updatedAt: row["updated_at"]
        )
    }

    static func summary(_ row: Row, authors: [Int64: [Author]]) -> ArticleSummary {
        let id: Int64 = row["id"]
        return ArticleSummary(
            id: id, slug: row["slug"], headline: row["headline"], dek: row["dek"], section: Self.section(from: row), authors: authors[id] ?? [],
            leadImage: Self.leadImage(from: row), publishedAt: row["published_at"], displayDate: row["display_date"], updatedAt: row["updated_at"]
        )
    }

    func save(_ inputs: [ArticleInput], now: Date) async throws -> [ArticleSaveOutcome] {
        let outcomes: [ArticleSaveOutcome]
        let change: ContentChange?
        do {
            (outcomes, change) = try await writer.write { db in
                var keys: Set<String> = []
                let outcomes = try inputs.map { input in
                    let saved = try Self.save(input, now: now, db)
                    let outcome = saved.outcome
                    keys.formUnion(saved.changedKeys)
                    // An import is a save like any other: it moves the version and keeps a revision.
                    if outcome.change != .unchanged {
                        try EditorialSQLiteRepository.recordRevision(
                            articleID: outcome.id, bump: outcome.change == .updated, document: ArticleDocument(input),
                            editor: Editor(userID: nil, name: "Import"), note: outcome.change == .created ? "Imported" : "Updated by an import", now: now, db
                        )
                    }
                    return outcome
                }
                return (outcomes, try WebhookSQLiteRepository.announce(ContentChange.articles(placements: keys), db))
            }
        } catch let error as DatabaseError {
            throw error.asStorageError()
        }
        if let change { changes.publish(change) }
        return outcomes
    }

    // MARK: Loading

    static func loadArticle(_ db: Database, where condition: SQL) throws -> Article? {
        guard let row = try Row.fetchOne(db, literal: """
            SELECT \(articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id WHERE \(condition)
            """)
        else { return nil }
        let id: Int64 = row["id"]
        let tags = try Row.fetchAll(db, literal: """
            SELECT t.id, t.slug, t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id
            WHERE at.article_id = \(id) ORDER BY at.position
            """).map { Tag(id: $0["id"], slug: $0["slug"], name: $0["name"]) }
        let corrections = try Row.fetchAll(db, literal: """
            SELECT kind, text, noted_at FROM corrections WHERE article_id = \(id) ORDER BY position
            """).map { row in
            Correction(kind: Correction.Kind(rawValue: row["kind"]) ?? .correction, text: row["text"], date: row["noted_at"])
        }
        let creditKind = Credit.Kind(rawValue: row["credit_kind"]) ?? .staff
        return Article(
            id: id, externalID: row["external_id"], slug: row["slug"], headline: row["headline"], dek: row["dek"],
            authors: try authorsByArticle(db, ids: [id])[id] ?? [], dateline: row["dateline"],
            credit: Credit(kind: creditKind, source: row["credit_source"]) ?? .staff,
            section: section(from: row), tags: tags, leadImage: leadImage(from: row),
            bodyMarkdown: row["body_markdown"], status: Article.Status(rawValue: row["status"]) ?? .draft,
            publishedAt: row["published_at"], updatedAt: row["updated_at"], displayDate: row["display_date"],
            corrections: corrections,
            comments: CommentSettings(open: row["comments_open"], closesAt: row["comments_close_at"])
        )
    }

    static func authorsByArticle(_ db: Database, ids: [Int64]) throws -> [Int64: [Author]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try Row.fetchAll(db, literal: """
            SELECT aa.article_id, au.id, au.slug, au.name, au.bio FROM article_authors aa
            JOIN authors au ON au.id = aa.author_id
            WHERE aa.article_id IN \(ids) ORDER BY aa.article_id, aa.position
            """)
        return Dictionary(grouping: rows, by: { $0["article_id"] as Int64 }).mapValues { rows in
            rows.map { Author(id: $0["id"], slug: $0["slug"], name: $0["name"], bio: $0["bio"]) }
        }
    }

    private static func section(from row: Row) -> Section {
        Section(id: row["section_id"], slug: row["section_slug"], name: row["section_name"], description: row["section_description"])
    }

    private static func leadImage(from row: Row) -> LeadImage? {
        guard let src: String = row["lead_image_src"] else { return nil }
        return LeadImage(
            src: src, width: row["lead_image_width"], height: row["lead_image_height"], alt: row["lead_image_alt"],
            caption: row["lead_image_caption"], credit: row["lead_image_credit"]
        )
    }

    // MARK: Saving

    static func save(_ input: ArticleInput, now: Date, _ db: Database, target: SaveTarget = .matchingKeys) throws -> SavedArticle {
        let existingID: Int64? = switch target {
        case .matchingKeys: try findExisting(for: input, db)
        case .article(let id): id
        case .new: nil
        }
        if let holder = try Int64.fetchOne(db, literal: "SELECT id FROM articles WHERE slug = \(input.slug)"), holder != existingID {
            throw StorageError.slugTaken(input.slug)
        }
        let stored = try existingID.map { try StoredArticle.load(id: $0, db) }
        let section = try upsertSection(input.section, db)
        let plan = ArticleSavePlan(
            input: input, stored: stored,
            sectionID: section.id, authorIDs: try input.authors.map { try upsertAuthor($0, db) },
            tagIDs: try input.tags.map { try upsertTag($0, db) }, now: now
        )
        var id = plan.row.id
        switch plan.change {
        case .unchanged:
            return SavedArticle(outcome: ArticleSaveOutcome(change: .unchanged, id: id, slug: plan.row.slug))
        case .updated:
            try plan.row.update(db)
        case .created:
            id = try plan.row.insert(createdAt: now, db)
        }
        if let event = WebhookEvent.forSave(before: stored?.status, after: plan.row.status) {
            try WebhookSQLiteRepository.enqueue(
                event, payload: WebhookPayload.article(event, id: id, slug: input.slug, headline: input.headline, at: now), at: now, db
            )
        }
        let search = SearchText.indexed(headline: input.headline, dek: input.dek, body: input.bodyMarkdown)
        try db.execute(literal: "UPDATE articles SET search_title = \(search.title), search_body = \(search.body) WHERE id = \(id)")
        // The live article always wins a slug: drop any redirect that now points elsewhere.
        try db.execute(literal: "DELETE FROM slug_redirects WHERE old_slug = \(input.slug)")
        if let retired = plan.retiredSlug {
            try db.execute(literal: """
                INSERT INTO slug_redirects (old_slug, article_id) VALUES (\(retired), \(id))
                ON CONFLICT (old_slug) DO UPDATE SET article_id = excluded.article_id
                """)
        }
        var after = plan.row
        after.id = id
        return SavedArticle(
            outcome: ArticleSaveOutcome(change: plan.change, id: id, slug: input.slug),
            changedKeys: StoredArticle.changedKeys(before: stored, after: after, addedSection: section.created)
        )
    }

    /// The article an input updates: by external ID, else by slug. A slug held by an article
    /// from another source is a collision, not a match.
    private static func findExisting(for input: ArticleInput, _ db: Database) throws -> Int64? {
        if let externalID = input.externalID {
            if let id = try Int64.fetchOne(db, literal: "SELECT id FROM articles WHERE external_id = \(externalID)") { return id }
            return try Int64.fetchOne(db, literal: "SELECT id FROM articles WHERE slug = \(input.slug) AND external_id IS NULL")
        }
        return try Int64.fetchOne(db, literal: "SELECT id FROM articles WHERE slug = \(input.slug)")
    }

    private static func upsertSection(_ ref: ArticleInput.SectionRef, _ db: Database) throws -> (id: Int64, created: Bool) {
        if let id = try Int64.fetchOne(db, literal: "SELECT id FROM sections WHERE slug = \(ref.slug)") { return (id, false) }
        try db.execute(literal: """
            INSERT INTO sections (slug, name, position)
            VALUES (\(ref.slug), \(ref.name), (SELECT coalesce(max(position), 0) + 1 FROM sections))
            """)
        return (db.lastInsertedRowID, true)
    }

    private static func upsertAuthor(_ ref: ArticleInput.AuthorRef, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, literal: """
            INSERT INTO authors (slug, name, bio) VALUES (\(ref.slug), \(ref.name), \(ref.bio ?? ""))
            ON CONFLICT (slug) DO UPDATE SET name = excluded.name, bio = coalesce(\(ref.bio), authors.bio)
            RETURNING id
            """)!
    }

    private static func upsertTag(_ ref: ArticleInput.TagRef, _ db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db, literal: "SELECT id FROM tags WHERE slug = \(ref.slug)") { return id }
        try db.execute(literal: "INSERT INTO tags (slug, name) VALUES (\(ref.slug), \(ref.name))")
        return db.lastInsertedRowID
    }
}
