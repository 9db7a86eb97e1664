import Foundation
import PostgresNIO

/// `EditorialRepository` on PostgreSQL. Every `\(value)` in the queries is a bound parameter;
/// the list's optional filters are NULL-able parameters of one fixed statement.
struct EditorialPostgresRepository: EditorialRepository {
    let database: PostgresDatabase
    private var logger: Logger { database.logger }

    func articles(_ filter: NewsroomArticleFilter, page: PageRequest) async throws -> Page<NewsroomArticleRow> {
        let status = filter.status?.rawValue
        let pattern = filter.query.flatMap { $0.isEmpty ? nil : "%" + NewsroomSearch.likeEscaped($0) + "%" }
        let condition = """
            (\(status)::text IS NULL OR (a.status = 'published') = (\(status)::text = 'published')
                AND (a.status = 'published' OR (a.scheduled_at IS NULL) = (\(status)::text = 'draft')))
            AND (\(filter.sectionID)::bigint IS NULL OR a.section_id = \(filter.sectionID))
            AND (\(filter.authorID)::bigint IS NULL OR a.id IN (SELECT article_id FROM article_authors WHERE author_id = \(filter.authorID)))
            AND (\(pattern)::text IS NULL OR a.headline ILIKE \(pattern))
            """ as PostgresQuery
        return try await database.withConnection { connection in
            let total = try await connection.scalar(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM articles a WHERE " + condition.sql, binds: condition.binds), as: Int64.self, logger: logger
            ) ?? 0
            var binds = condition.binds
            binds.append(Int64(page.size))
            binds.append(Int64(page.offset))
            let rows = try await connection.rows(PostgresQuery(unsafeSQL: """
                SELECT a.id, a.headline, a.slug, a.status, a.scheduled_at, a.owner_id, a.updated_at, a.published_at, s.name AS section_name
                FROM articles a JOIN sections s ON s.id = a.section_id WHERE \(condition.sql)
                ORDER BY a.updated_at DESC, a.id DESC LIMIT $\(binds.count - 1) OFFSET $\(binds.count)
                """, binds: binds), logger: logger)
            let ids: [Int64] = try rows.map { try $0.value("id") }
            let authors = try await ArticlePostgresRepository.authorsByArticle(connection, logger: logger, ids: ids)
            let items = try rows.map { row in
                let id: Int64 = try row.value("id")
                let scheduledAt: Date? = try row.value("scheduled_at")
                return NewsroomArticleRow(
                    id: id, headline: try row.value("headline"), slug: try row.value("slug"),
                    status: try row.value("status", as: String.self) == "published" ? .published : (scheduledAt == nil ? .draft : .scheduled),
                    sectionName: try row.value("section_name"), authorNames: authors[id]?.map(\.name) ?? [], ownerID: try row.value("owner_id"),
                    updatedAt: try row.value("updated_at"), publishedAt: try row.value("published_at"), scheduledAt: scheduledAt
                )
            }
            return Page(items: items, request: page, totalCount: Int(total))
        }
    }

    func editable(id: Int64) async throws -> EditableArticle? {
        try await database.withConnection { connection in try await Self.editable(id: id, connection, logger: logger) }
    }

    func save(_ save: EditorialSave, now: Date) async throws -> EditorialSaveResult {
        try await database.withTransaction { connection in
            var input = save.input
            var previousSchedule: Date?
            if let id = save.articleID {
                // The row lock holds off a second editor's save until this one commits.
                guard let row = try await connection.rows(
                    "SELECT version, scheduled_at, external_id FROM articles WHERE id = \(id) FOR UPDATE", logger: logger
                ).first else { return .missing }
                if let expected = save.expectedVersion, expected != Int(try row.value("version", as: Int64.self)) {
                    return .conflict(current: try await Self.editable(id: id, connection, logger: logger)!)
                }
                previousSchedule = try row.value("scheduled_at")
                input.externalID = try row.value("external_id")
            }
            let saved = try await ArticlePostgresRepository.save(
                input, now: now, connection, logger: logger, target: save.articleID.map { .article($0) } ?? .new
            )
            let outcome = saved.outcome
            let scheduleChanged = previousSchedule.map { Int64($0.timeIntervalSince1970) } != save.scheduledAt.map { Int64($0.timeIntervalSince1970) }
            guard outcome.change != .unchanged || scheduleChanged || save.articleID == nil else {
                let version = try await connection.scalar("SELECT version FROM articles WHERE id = \(outcome.id)", as: Int64.self, logger: logger)!
                return .saved(id: outcome.id, version: Int(version))
            }
            try await connection.query("""
                UPDATE articles SET scheduled_at = \(save.scheduledAt), owner_id = coalesce(owner_id, \(save.editor.userID)) WHERE id = \(outcome.id)
                """, logger: logger)
            let version = try await Self.recordRevision(
                articleID: outcome.id, bump: save.articleID != nil, document: save.document, editor: save.editor, note: save.note, now: now,
                connection, logger: logger
            )
            if let change = ContentChange.articles(placements: saved.changedKeys) {
                try await ArticlePostgresRepository.notify(change, connection, logger: logger)
            }
            return .saved(id: outcome.id, version: version)
        }
    }

    /// Moves the version on (unless the article is new, at version 1) and keeps the document
    /// as that version's revision. Returns the version.
    @discardableResult
    static func recordRevision(
        articleID: Int64, bump: Bool, document: ArticleDocument, editor: Editor, note: String, now: Date, _ connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int {
        let increment: Int64 = bump ? 1 : 0
        let version = try await connection.scalar(
            "UPDATE articles SET version = version + \(increment) WHERE id = \(articleID) RETURNING version", as: Int64.self, logger: logger
        )!
        try await connection.query("""
            INSERT INTO article_revisions (article_id, version, document, saved_by_id, saved_by_name, note, saved_at)
            VALUES (\(articleID), \(version), \(document.json()), \(editor.userID), \(editor.name), \(note), \(now))
            """, logger: logger)
        return Int(version)
    }

    func delete(id: Int64) async throws -> Bool {
        try await database.withTransaction { connection in
            let before: StoredArticle? = if try await connection.scalar("SELECT id FROM articles WHERE id = \(id)", as: Int64.self, logger: logger) != nil {
                try await StoredArticle.load(id: id, connection, logger: logger)
            } else { nil }
            guard let row = try await connection.rows("DELETE FROM articles WHERE id = \(id) RETURNING status, slug, headline", logger: logger).first else {
                return false
            }
            if try row.value("status", as: String.self) == "published" {
                let now = Date()
                try await WebhookPostgresRepository.enqueue(
                    .articleUnpublished,
                    payload: WebhookPayload.article(.articleUnpublished, id: id, slug: try row.value("slug"), headline: try row.value("headline"), at: now),
                    at: now, connection, logger: logger
                )
            }
            if let change = ContentChange.articles(placements: StoredArticle.changedKeys(before: before, after: nil, addedSection: false)) {
                try await ArticlePostgresRepository.notify(change, connection, logger: logger)
            }
            return true
        }
    }

    func revisions(articleID: Int64) async throws -> [Revision] {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM article_revisions WHERE article_id = \(articleID) ORDER BY version DESC", logger: logger)
                .map(Self.revision)
        }
    }

    func revision(articleID: Int64, version: Int) async throws -> Revision? {
        try await database.withConnection { connection in
            try await connection.rows(
                "SELECT * FROM article_revisions WHERE article_id = \(articleID) AND version = \(Int64(version))", logger: logger
            ).first.map(Self.revision)
        }
    }

    func publishDue(at now: Date) async throws -> [Int64] {
        try await database.withTransaction { connection in
            // Concurrent runs on several nodes each update a disjoint set: a row another
            // transaction has just published no longer matches once its lock is released.
            let due = try await connection.rows("""
                UPDATE articles SET status = 'published',
                    updated_at = CASE WHEN published_at IS NULL THEN scheduled_at ELSE \(now) END,
                    published_at = coalesce(published_at, scheduled_at), scheduled_at = NULL, version = version + 1
                WHERE status = 'draft' AND scheduled_at IS NOT NULL AND scheduled_at <= \(now)
                RETURNING id, version, slug, headline
                """, logger: logger)
            var ids: [Int64] = []
            var keys: Set<String> = []
            for row in due {
                let id: Int64 = try row.value("id")
                keys.formUnion(try await StoredArticle.load(id: id, connection, logger: logger).placementKeys)
                let version: Int64 = try row.value("version")
                try await connection.query("""
                    INSERT INTO article_revisions (article_id, version, document, saved_by_id, saved_by_name, note, saved_at)
                    SELECT article_id, \(version), document, NULL, 'Scheduled publication', 'Published as scheduled', \(now)
                    FROM article_revisions WHERE article_id = \(id) ORDER BY version DESC LIMIT 1
                    """, logger: logger)
                try await WebhookPostgresRepository.enqueue(
                    .articlePublished,
                    payload: WebhookPayload.article(.articlePublished, id: id, slug: try row.value("slug"), headline: try row.value("headline"), at: now),
                    at: now, connection, logger: logger
                )
                ids.append(id)
            }
            if let change = ContentChange.articles(placements: keys) { try await ArticlePostgresRepository.notify(change, connection, logger: logger) }
            return ids
        }
    }

    func statusCounts() async throws -> [EditorialStatus: Int] {
        try await database.withConnection { connection in
            let row = try await connection.rows("""
                SELECT count(*) FILTER (WHERE status = 'draft' AND scheduled_at IS NULL) AS draft,
                    count(*) FILTER (WHERE status = 'draft' AND scheduled_at IS NOT NULL) AS scheduled,
                    count(*) FILTER (WHERE status = 'published') AS published
                FROM articles
                """, logger: logger)[0]
            return [
                .draft: Int(try row.value("draft", as: Int64.self)), .scheduled: Int(try row.value("scheduled", as: Int64.self)),
                .published: Int(try row.value("published", as: Int64.self)),
            ]
        }
    }

    private static func editable(id: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> EditableArticle? {
        guard let row = try await connection.rows(
            "SELECT slug, version, owner_id, scheduled_at FROM articles WHERE id = \(id)", logger: logger
        ).first,
            let article = try await ArticlePostgresRepository.loadArticle(connection, logger: logger, slug: try row.value("slug"), publishedOnly: false)
        else { return nil }
        let last = try await connection.rows("""
            SELECT saved_by_name, saved_at FROM article_revisions WHERE article_id = \(id) ORDER BY version DESC LIMIT 1
            """, logger: logger).first
        return EditableArticle(
            article: article, version: Int(try row.value("version", as: Int64.self)), ownerID: try row.value("owner_id"),
            scheduledAt: try row.value("scheduled_at"), lastSavedBy: try last?.value("saved_by_name"), lastSavedAt: try last?.value("saved_at")
        )
    }

    private static func revision(_ row: PostgresRandomAccessRow) throws -> Revision {
        Revision(
            articleID: try row.value("article_id"), version: Int(try row.value("version", as: Int64.self)),
            document: .decode(json: try row.value("document")), savedBy: try row.value("saved_by_name"), savedAt: try row.value("saved_at"),
            note: try row.value("note")
        )
    }
}
