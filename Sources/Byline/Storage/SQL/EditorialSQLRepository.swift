import Foundation

/// `EditorialRepository` written once for both backends: the articles' tables seen from the
/// newsroom, with the editor's save workflow (version check, save, revision, schedule).
/// Every `\(value)` in the statements is a bound parameter.
struct EditorialSQLRepository: EditorialRepository {
    let database: any SQLDatabase

    func articles(_ filter: NewsroomArticleFilter, page: PageRequest) async throws -> Page<NewsroomArticleRow> {
        var conditions: [SQLStatement] = []
        switch filter.status {
        case .draft: conditions.append("a.status = 'draft' AND a.scheduled_at IS NULL")
        case .scheduled: conditions.append("a.status = 'draft' AND a.scheduled_at IS NOT NULL")
        case .published: conditions.append("a.status = 'published'")
        case nil: break
        }
        if let id = filter.sectionID { conditions.append("a.section_id = \(id)") }
        if let id = filter.authorID { conditions.append("a.id IN (SELECT article_id FROM article_authors WHERE author_id = \(id))") }
        if let query = filter.query, !query.isEmpty {
            // SQLite's LIKE already ignores ASCII case.
            let like = SQLStatement.dialect(sqlite: "LIKE", postgres: "ILIKE")
            conditions.append("a.headline \(like) \("%" + NewsroomSearch.likeEscaped(query) + "%") ESCAPE '\\'")
        }
        let condition: SQLStatement = conditions.isEmpty ? "1 = 1" : .joined(conditions, separator: " AND ")
        return try await database.read { queries in
            let total = try await queries.count("SELECT count(*) FROM articles a WHERE \(condition)")
            let rows = try await queries.query("""
                SELECT a.id, a.headline, a.slug, a.status, a.scheduled_at, a.owner_id, a.updated_at, a.published_at, s.name AS section_name,
                    (SELECT w.state FROM wire_items w WHERE w.article_id = a.id AND w.state IN ('held', 'killed') ORDER BY w.id DESC LIMIT 1) AS wire_flag
                FROM articles a JOIN sections s ON s.id = a.section_id WHERE \(condition)
                ORDER BY a.updated_at DESC, a.id DESC LIMIT \(page.size) OFFSET \(page.offset)
                """, table: "articles")
            let authors = try await ArticleRows.authorsByArticle(ids: try rows.map { try $0.decode("id") }, queries)
            let items = try rows.map { row in
                let id: Int64 = try row.decode("id")
                let scheduledAt: Date? = try row.decode("scheduled_at")
                let status: Article.Status = try row.decode("status")
                var article = NewsroomArticleRow(
                    id: id, headline: try row.decode("headline"), slug: try row.decode("slug"),
                    status: status == .published ? .published : (scheduledAt == nil ? .draft : .scheduled),
                    sectionName: try row.decode("section_name"), authorNames: authors[id]?.map(\.name) ?? [], ownerID: try row.decode("owner_id"),
                    updatedAt: try row.decode("updated_at"), publishedAt: try row.decode("published_at"), scheduledAt: scheduledAt
                )
                article.wireFlag = try row.decode("wire_flag", as: WireQueueItem.State?.self)
                return article
            }
            return Page(items: items, request: page, totalCount: total)
        }
    }

    func editable(id: Int64) async throws -> EditableArticle? {
        try await database.read { queries in try await Self.editable(id: id, queries) }
    }

    func save(_ save: EditorialSave, now: Date) async throws -> EditorialSaveResult {
        try await database.write { transaction in
            var input = save.input
            var previousSchedule: Date?
            if let id = save.articleID {
                // On PostgreSQL the row lock holds off a second editor's save until this one commits.
                guard let row = try await transaction.queryOne("""
                    SELECT id, version, scheduled_at, external_id FROM articles WHERE id = \(id) \(SQLStatement.dialect(sqlite: "", postgres: "FOR UPDATE"))
                    """, table: "articles")
                else { return .missing }
                if let expected = save.expectedVersion, expected != (try row.decode("version", as: Int.self)) {
                    guard let current = try await Self.editable(id: id, transaction) else { return .missing }
                    return .conflict(current: current)
                }
                previousSchedule = try row.decode("scheduled_at")
                input.externalID = try row.decode("external_id")
            }
            if let id = save.articleID, let scheduledAt = save.scheduledAt,
                let refusal = try await ArticleSaves.publicationRefusal(articleID: id, at: scheduledAt, transaction)
            {
                throw StorageError.publicationRefused(refusal)
            }
            let saved = try await ArticleSaves.save(input, now: now, target: save.articleID.map { .article($0) } ?? .new, transaction)
            let outcome = saved.outcome
            let scheduleChanged = previousSchedule.map { Int64($0.timeIntervalSince1970) } != save.scheduledAt.map { Int64($0.timeIntervalSince1970) }
            guard outcome.change != .unchanged || scheduleChanged || save.articleID == nil else {
                guard let version = try await transaction.scalar("SELECT version FROM articles WHERE id = \(outcome.id)", as: Int.self) else { return .missing }
                return .saved(id: outcome.id, version: version)
            }
            try await transaction.execute("""
                UPDATE articles SET scheduled_at = \(save.scheduledAt), owner_id = coalesce(owner_id, \(save.editor.userID)) WHERE id = \(outcome.id)
                """)
            let version = try await ArticleSaves.recordRevision(
                articleID: outcome.id, bump: save.articleID != nil, document: save.document, editor: save.editor, note: save.note, now: now, transaction
            )
            try await transaction.announce(ContentChange.articles(placements: saved.changedKeys), at: now)
            return .saved(id: outcome.id, version: version)
        }
    }

    func delete(id: Int64) async throws -> Bool {
        try await database.write { transaction in
            let before: StoredArticle? = if try await transaction.scalar("SELECT id FROM articles WHERE id = \(id)", as: Int64.self) != nil {
                try await StoredArticle.load(id: id, transaction)
            } else { nil }
            guard let row = try await transaction.queryOne("DELETE FROM articles WHERE id = \(id) RETURNING id, status, slug, headline", table: "articles") else {
                return false
            }
            let now = Date()
            if try row.decode("status", as: Article.Status.self) == .published {
                try await WebhookOutbox.enqueue(
                    .articleUnpublished,
                    payload: WebhookPayload.article(.articleUnpublished, id: id, slug: try row.decode("slug"), headline: try row.decode("headline"), at: now),
                    at: now, transaction
                )
            }
            try await transaction.announce(ContentChange.articles(placements: StoredArticle.changedKeys(before: before, after: nil, addedSection: false)), at: now)
            return true
        }
    }

    func revisions(articleID: Int64) async throws -> [Revision] {
        try await database.read { queries in
            try await queries.query("SELECT * FROM article_revisions WHERE article_id = \(articleID) ORDER BY version DESC", table: "article_revisions")
                .map(Self.revision)
        }
    }

    func revision(articleID: Int64, version: Int) async throws -> Revision? {
        try await database.read { queries in
            try await queries.queryOne(
                "SELECT * FROM article_revisions WHERE article_id = \(articleID) AND version = \(version)", table: "article_revisions"
            ).map(Self.revision)
        }
    }

    func publishDue(at now: Date) async throws -> [Int64] {
        try await database.write { transaction in
            // Concurrent runs on several nodes each update a disjoint set: a row another
            // transaction has just published no longer matches once its lock is released.
            let due = try await transaction.query("""
                UPDATE articles SET status = 'published',
                    updated_at = CASE WHEN published_at IS NULL THEN scheduled_at ELSE \(now) END,
                    published_at = coalesce(published_at, scheduled_at), scheduled_at = NULL, version = version + 1
                WHERE status = 'draft' AND scheduled_at IS NOT NULL AND scheduled_at <= \(now)
                    AND withdrawn_at IS NULL AND (embargoed_until IS NULL OR embargoed_until <= \(now))
                RETURNING id, version, slug, headline
                """, table: "articles")
            var ids: [Int64] = []
            var keys: Set<String> = []
            for row in due {
                let id: Int64 = try row.decode("id")
                keys.formUnion(try await StoredArticle.load(id: id, transaction).placementKeys)
                try await transaction.execute("""
                    INSERT INTO article_revisions (article_id, version, document, saved_by_id, saved_by_name, note, saved_at)
                    SELECT article_id, \(try row.decode("version", as: Int.self)), document, NULL, 'Scheduled publication', 'Published as scheduled', \(now)
                    FROM article_revisions WHERE article_id = \(id) ORDER BY version DESC LIMIT 1
                    """)
                try await WebhookOutbox.enqueue(
                    .articlePublished,
                    payload: WebhookPayload.article(.articlePublished, id: id, slug: try row.decode("slug"), headline: try row.decode("headline"), at: now),
                    at: now, transaction
                )
                ids.append(id)
            }
            try await transaction.announce(ContentChange.articles(placements: keys), at: now)
            return ids
        }
    }

    func statusCounts() async throws -> [EditorialStatus: Int] {
        try await database.read { queries in
            guard let row = try await queries.queryOne("""
                SELECT count(*) FILTER (WHERE status = 'draft' AND scheduled_at IS NULL) AS draft,
                    count(*) FILTER (WHERE status = 'draft' AND scheduled_at IS NOT NULL) AS scheduled,
                    count(*) FILTER (WHERE status = 'published') AS published
                FROM articles
                """, table: "articles", key: "draft")
            else { return [:] }
            return [.draft: try row.decode("draft"), .scheduled: try row.decode("scheduled"), .published: try row.decode("published")]
        }
    }

    private static func editable(id: Int64, _ queries: any StorageQueries) async throws -> EditableArticle? {
        guard let article = try await ArticleRows.article(where: "a.id = \(id)", queries),
            let row = try await queries.queryOne("SELECT id, version, owner_id, scheduled_at FROM articles WHERE id = \(id)", table: "articles")
        else { return nil }
        let last = try await queries.queryOne("""
            SELECT article_id, saved_by_name, saved_at FROM article_revisions WHERE article_id = \(id) ORDER BY version DESC LIMIT 1
            """, table: "article_revisions", key: "article_id")
        return EditableArticle(
            article: article, version: try row.decode("version"), ownerID: try row.decode("owner_id"), scheduledAt: try row.decode("scheduled_at"),
            lastSavedBy: try last?.decode("saved_by_name"), lastSavedAt: try last?.decode("saved_at")
        )
    }

    private static func revision(_ row: StorageRow) throws -> Revision {
        Revision(
            articleID: try row.decode("article_id"), version: try row.decode("version"), document: .decode(json: try row.decode("document")),
            savedBy: try row.decode("saved_by_name"), savedAt: try row.decode("saved_at"), note: try row.decode("note")
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
