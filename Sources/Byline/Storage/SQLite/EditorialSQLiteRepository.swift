import Foundation
import GRDB

/// `EditorialRepository` on SQLite: the same tables as `ArticleSQLiteRepository`, seen
/// from the newsroom. Interpolations in the `literal:` queries are bound values.
struct EditorialSQLiteRepository: EditorialRepository {
    let writer: DatabasePool
    let changes: ChangeBroadcaster

    func articles(_ filter: NewsroomArticleFilter, page: PageRequest) async throws -> Page<NewsroomArticleRow> {
        var conditions: [SQL] = []
        switch filter.status {
        case .draft: conditions.append("a.status = 'draft' AND a.scheduled_at IS NULL")
        case .scheduled: conditions.append("a.status = 'draft' AND a.scheduled_at IS NOT NULL")
        case .published: conditions.append("a.status = 'published'")
        case nil: break
        }
        if let id = filter.sectionID { conditions.append("a.section_id = \(id)") }
        if let id = filter.authorID { conditions.append("a.id IN (SELECT article_id FROM article_authors WHERE author_id = \(id))") }
        if let query = filter.query, !query.isEmpty {
            conditions.append("a.headline LIKE \("%" + NewsroomSearch.likeEscaped(query) + "%") ESCAPE '\\'")
        }
        let condition: SQL = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        return try await writer.read { db in
            let total = try Int.fetchOne(db, literal: "SELECT count(*) FROM articles a WHERE \(condition)") ?? 0
            let rows = try Row.fetchAll(db, literal: """
                SELECT a.id, a.headline, a.slug, a.status, a.scheduled_at, a.owner_id, a.updated_at, a.published_at, s.name AS section_name
                FROM articles a JOIN sections s ON s.id = a.section_id WHERE \(condition)
                ORDER BY a.updated_at DESC, a.id DESC LIMIT \(page.size) OFFSET \(page.offset)
                """)
            let authors = try ArticleSQLiteRepository.authorsByArticle(db, ids: rows.map { $0["id"] })
            let items = rows.map { row in
                let id: Int64 = row["id"]
                let scheduledAt: Date? = row["scheduled_at"]
                return NewsroomArticleRow(
                    id: id, headline: row["headline"], slug: row["slug"],
                    status: row["status"] == "published" ? .published : (scheduledAt == nil ? .draft : .scheduled),
                    sectionName: row["section_name"], authorNames: authors[id]?.map(\.name) ?? [], ownerID: row["owner_id"],
                    updatedAt: row["updated_at"], publishedAt: row["published_at"], scheduledAt: scheduledAt
                )
            }
            return Page(items: items, request: page, totalCount: total)
        }
    }

    func editable(id: Int64) async throws -> EditableArticle? {
        try await writer.read { db in try Self.editable(id: id, db) }
    }

    func save(_ save: EditorialSave, now: Date) async throws -> EditorialSaveResult {
        let result: (EditorialSaveResult, ContentChange?)
        do {
            result = try await writer.write { db in
                let (result, keys) = try Self.save(save, now: now, db)
                return (result, try WebhookSQLiteRepository.announce(ContentChange.articles(placements: keys), db))
            }
        } catch let error as DatabaseError {
            throw error.asStorageError()
        }
        if let change = result.1 { changes.publish(change) }
        return result.0
    }

    func delete(id: Int64) async throws -> Bool {
        let deleted: (change: ContentChange?, deleted: Bool) = try await writer.write { db in
            let before = try Int64.fetchOne(db, literal: "SELECT id FROM articles WHERE id = \(id)").map { try StoredArticle.load(id: $0, db) }
            let row = try Row.fetchOne(db, literal: "DELETE FROM articles WHERE id = \(id) RETURNING status, slug, headline")
            let now = Date()
            if let row, row["status"] == "published" {
                try WebhookSQLiteRepository.enqueue(
                    .articleUnpublished, payload: WebhookPayload.article(.articleUnpublished, id: id, slug: row["slug"], headline: row["headline"], at: now),
                    at: now, db
                )
            }
            guard row != nil else { return (nil, false) }
            let keys = StoredArticle.changedKeys(before: before, after: nil, addedSection: false)
            return (try WebhookSQLiteRepository.announce(ContentChange.articles(placements: keys), at: now, db), true)
        }
        if let change = deleted.change { changes.publish(change) }
        return deleted.deleted
    }

    func revisions(articleID: Int64) async throws -> [Revision] {
        try await writer.read { db in
            try Row.fetchAll(db, literal: "SELECT * FROM article_revisions WHERE article_id = \(articleID) ORDER BY version DESC").map(Self.revision)
        }
    }

    func revision(articleID: Int64, version: Int) async throws -> Revision? {
        try await writer.read { db in
            try Row.fetchOne(db, literal: "SELECT * FROM article_revisions WHERE article_id = \(articleID) AND version = \(version)").map(Self.revision)
        }
    }

    func publishDue(at now: Date) async throws -> [Int64] {
        let published = try await writer.write { db in
            let due = try Row.fetchAll(db, literal: """
                UPDATE articles SET status = 'published',
                    updated_at = CASE WHEN published_at IS NULL THEN scheduled_at ELSE \(now) END,
                    published_at = coalesce(published_at, scheduled_at), scheduled_at = NULL, version = version + 1
                WHERE status = 'draft' AND scheduled_at IS NOT NULL AND scheduled_at <= \(now)
                RETURNING id, version, slug, headline
                """)
            var keys: Set<String> = []
            for row in due {
                keys.formUnion(try StoredArticle.load(id: row["id"], db).placementKeys)
                try Self.copyLatestRevision(articleID: row["id"], version: row["version"], now: now, db)
                try WebhookSQLiteRepository.enqueue(
                    .articlePublished, payload: WebhookPayload.article(.articlePublished, id: row["id"], slug: row["slug"], headline: row["headline"], at: now),
                    at: now, db
                )
            }
            return (due.map { $0["id"] as Int64 }, try WebhookSQLiteRepository.announce(ContentChange.articles(placements: keys), at: now, db))
        }
        if let change = published.1 { changes.publish(change) }
        return published.0
    }

    func statusCounts() async throws -> [EditorialStatus: Int] {
        try await writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*) FILTER (WHERE status = 'draft' AND scheduled_at IS NULL) AS draft,
                    count(*) FILTER (WHERE status = 'draft' AND scheduled_at IS NOT NULL) AS scheduled,
                    count(*) FILTER (WHERE status = 'published') AS published
                FROM articles
                """)!
            return [.draft: row["draft"], .scheduled: row["scheduled"], .published: row["published"]]
        }
    }

    // MARK: In a transaction

    private static func editable(id: Int64, _ db: Database) throws -> EditableArticle? {
        guard let article = try ArticleSQLiteRepository.loadArticle(db, where: "a.id = \(id)"),
            let row = try Row.fetchOne(db, literal: "SELECT version, owner_id, scheduled_at FROM articles WHERE id = \(id)")
        else { return nil }
        let last = try Row.fetchOne(db, literal: """
            SELECT saved_by_name, saved_at FROM article_revisions WHERE article_id = \(id) ORDER BY version DESC LIMIT 1
            """)
        return EditableArticle(
            article: article, version: row["version"], ownerID: row["owner_id"], scheduledAt: row["scheduled_at"],
            lastSavedBy: last?["saved_by_name"], lastSavedAt: last?["saved_at"]
        )
    }

    /// The result, and the cache keys of the public pages the save changed.
    private static func save(_ save: EditorialSave, now: Date, _ db: Database) throws -> (EditorialSaveResult, Set<String>) {
        var input = save.input
        var previousSchedule: Date?
        if let id = save.articleID {
            guard let row = try Row.fetchOne(db, literal: "SELECT version, scheduled_at, external_id FROM articles WHERE id = \(id)") else {
                return (.missing, [])
            }
            if let expected = save.expectedVersion, expected != row["version"] {
                return (.conflict(current: try editable(id: id, db)!), [])
            }
            previousSchedule = row["scheduled_at"]
            input.externalID = row["external_id"]
        }
        let saved = try ArticleSQLiteRepository.save(input, now: now, db, target: save.articleID.map { .article($0) } ?? .new)
        let outcome = saved.outcome
        let scheduleChanged = previousSchedule.map { Int64($0.timeIntervalSince1970) } != save.scheduledAt.map { Int64($0.timeIntervalSince1970) }
        guard outcome.change != .unchanged || scheduleChanged || save.articleID == nil else {
            let version = try Int.fetchOne(db, literal: "SELECT version FROM articles WHERE id = \(outcome.id)")!
            return (.saved(id: outcome.id, version: version), [])
        }
        try db.execute(literal: """
            UPDATE articles SET scheduled_at = \(save.scheduledAt), owner_id = coalesce(owner_id, \(save.editor.userID)) WHERE id = \(outcome.id)
            """)
        let version = try Self.recordRevision(
            articleID: outcome.id, bump: save.articleID != nil, document: save.document, editor: save.editor, note: save.note, now: now, db
        )
        return (.saved(id: outcome.id, version: version), saved.changedKeys)
    }

    /// Moves the version on (unless the article is new, at version 1) and keeps the document
    /// as that version's revision. Returns the version.
    @discardableResult
    static func recordRevision(
        articleID: Int64, bump: Bool, document: ArticleDocument, editor: Editor, note: String, now: Date, _ db: Database
    ) throws -> Int {
        let version = try Int.fetchOne(db, literal: "UPDATE articles SET version = version + \(bump ? 1 : 0) WHERE id = \(articleID) RETURNING version")!
        try db.execute(literal: """
            INSERT INTO article_revisions (article_id, version, document, saved_by_id, saved_by_name, note, saved_at)
            VALUES (\(articleID), \(version), \(document.json()), \(editor.userID), \(editor.name), \(note), \(now))
            """)
        return version
    }

    private static func copyLatestRevision(articleID: Int64, version: Int, now: Date, _ db: Database) throws {
        try db.execute(literal: """
            INSERT INTO article_revisions (article_id, version, document, saved_by_id, saved_by_name, note, saved_at)
            SELECT article_id, \(version), document, NULL, 'Scheduled publication', 'Published as scheduled', \(now)
            FROM article_revisions WHERE article_id = \(articleID) ORDER BY version DESC LIMIT 1
            """)
    }

    private static func revision(_ row: Row) -> Revision {
        Revision(
            articleID: row["article_id"], version: row["version"], document: .decode(json: row["document"]), savedBy: row["saved_by_name"],
            savedAt: row["saved_at"], note: row["note"]
        )
    }
}

/// Headline search in the newsroom's list.
enum NewsroomSearch {
    /// `text` with LIKE's wildcards taken literally (the query says `ESCAPE '\'`).
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
