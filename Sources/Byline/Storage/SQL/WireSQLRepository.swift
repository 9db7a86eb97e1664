import Foundation

/// `WireRepository` written once for both backends. The decision for each arrival is
/// `WireRules`'; this carries it out in the same transaction as the read it was made from.
///
/// Every `\(value)` in the statements is a bound parameter (`SQLStatement`).
struct WireSQLRepository: WireRepository {
    let database: any SQLDatabase

    // MARK: Sources

    func sources() async throws -> [WireSource] {
        try await database.read { queries in
            try await queries.query("SELECT * FROM wire_sources ORDER BY name", table: "wire_sources").map(Self.source)
        }
    }

    func source(named name: String) async throws -> WireSource? {
        try await database.read { queries in
            try await queries.queryOne("SELECT * FROM wire_sources WHERE name = \(name)", table: "wire_sources", key: "name").map(Self.source)
        }
    }

    func saveSource(_ source: WireSource, now: Date) async throws {
        let mappings = String(decoding: try JSONEncoder().encode(source.mappings), as: UTF8.self)
        try await database.write { transaction in
            try await transaction.execute("""
                INSERT INTO wire_sources (name, credit, policy, section_slug, subjects, created_at)
                VALUES (\(source.name), \(source.credit), \(source.policy.rawValue), \(source.section), \(mappings), \(now))
                ON CONFLICT (name) DO UPDATE SET credit = excluded.credit, policy = excluded.policy, section_slug = excluded.section_slug, subjects = excluded.subjects
                """)
        }
    }

    func deleteSource(named name: String) async throws -> Bool {
        try await database.write { transaction in
            try await transaction.queryOne("DELETE FROM wire_sources WHERE name = \(name) RETURNING id", table: "wire_sources") != nil
        }
    }

    private static func source(_ row: StorageRow) throws -> WireSource {
        let mappings = try JSONDecoder().decode([WireSource.Mapping].self, from: Data(try row.decode("subjects", as: String.self).utf8))
        return WireSource(
            name: try row.decode("name"), credit: try row.decode("credit"), policy: try row.decode("policy", as: WireSource.Policy.self),
            section: try row.decode("section_slug"), mappings: mappings)
    }

    // MARK: Ingest

    func ingest(_ item: WireItem, source: WireSource, origin: String, now: Date) async throws -> WireOutcome {
        try await database.write { transaction in
            let record = try await transaction.queryOne("""
                SELECT * FROM wire_items WHERE guid = \(item.guid) \(SQLStatement.dialect(sqlite: "", postgres: "FOR UPDATE"))
                """, table: "wire_items", key: "guid")
            var existing: WireRules.Existing?
            if let record {
                let articleID: Int64? = try record.decode("article_id")
                existing = WireRules.Existing(
                    articleID: articleID, agencyVersion: try record.decode("agency_version"), versionCreated: try record.decode("version_created"),
                    killed: try record.decode("state", as: String.self) == "killed", article: nil, articleVersion: nil, wroteVersion: try record.decode("article_version"))
                existing?.withheld = try record.decode("state", as: String.self) == "withheld"
                if let articleID, let row = try await transaction.queryOne("SELECT version, scheduled_at FROM articles WHERE id = \(articleID)", table: "articles") {
                    let stored = try await StoredArticle.load(id: articleID, transaction)
                    existing?.articleVersion = try row.decode("version")
                    existing?.article = .init(
                        slug: stored.slug, status: stored.status, publishedAt: stored.publishedAt, corrections: stored.corrections, scheduledAt: try row.decode("scheduled_at"))
                } else {
                    existing?.articleID = nil
                }
            }
            let plan = WireRules.plan(item, source: source, existing: existing, now: now)
            let outcome = try await Self.carry(plan, item: item, source: source, existing: existing, now: now, transaction)
            try await Self.log(outcome, source: source.name, origin: origin, version: item.version, now: now, transaction)
            return outcome
        }
    }

    private static func carry(
        _ plan: WireRules.Plan, item: WireItem, source: WireSource, existing: WireRules.Existing?, now: Date, _ transaction: any StorageTransaction
    ) async throws -> WireOutcome {
        let version = item.version.map { "version \($0)" } ?? "a version"
        switch plan {
        case .ignore(let reason):
            return WireOutcome(kind: .ignored, guid: item.guid, articleID: existing?.articleID, headline: item.headline, detail: "\(version) ignored: \(reason)")
        case .create(var input, let scheduledAt), .update(var input, let scheduledAt):
            let articleID = existing?.articleID
            input.slug = try await ArticleSaves.freeSlug(input.slug, for: articleID, transaction)
            let saved = try await ArticleSaves.save(input, now: now, target: articleID.map(SaveTarget.article) ?? .new, transaction)
            let id = saved.outcome.id
            try await transaction.execute("""
                UPDATE articles SET scheduled_at = \(scheduledAt), embargoed_until = \(item.embargoedUntil) WHERE id = \(id)
                """)
            let created = articleID == nil
            let articleVersion = try await ArticleSaves.recordRevision(
                articleID: id, bump: !created, document: ArticleDocument(input), editor: Editor(userID: nil, name: "\(source.name) wire"),
                note: "\(source.name) \(version)\(item.isCorrection ? ", a correction" : "")", now: now, transaction)
            try await transaction.announce(ContentChange.articles(placements: saved.changedKeys), at: now)
            try await record(item, source: source, articleID: id, state: created ? "new" : "updated", articleVersion: articleVersion, now: now, transaction)
            return WireOutcome(kind: created ? .created : .updated, guid: item.guid, articleID: id, headline: input.headline, detail: "\(version) \(created ? "made a \(input.status == .published ? "published story" : "draft")" : "updated the story")")
        case .hold(let input):
            try await transaction.execute("""
                UPDATE wire_items SET state = 'held', pending_document = \(ArticleDocument(input).json()), pending_version = \(item.version),
                    editorial_note = \(item.editorialNote), updated_at = \(now) WHERE guid = \(item.guid)
                """)
            return WireOutcome(kind: .held, guid: item.guid, articleID: existing?.articleID, headline: item.headline, detail: "\(version) held: an editor changed the story since the wire last did")
        case .kill, .withhold:
            let killed = plan == .kill
            let id = existing!.articleID!
            let before = try await StoredArticle.load(id: id, transaction)
            let articleVersion = try await transaction.scalar("SELECT version FROM articles WHERE id = \(id)", as: Int.self) ?? 1
            let note = item.editorialNote ?? (killed ? "\(source.credit) withdrew this story." : "\(source.credit) withheld this story.")
            try await transaction.execute("""
                UPDATE articles SET status = 'draft', scheduled_at = NULL, version = version + 1, updated_at = \(now),
                    withdrawn_at = \(killed ? now : nil), withdrawn_note = \(killed ? note : nil) WHERE id = \(id)
                """)
            // The text is unchanged: the revision repeats the last one's, under the agency's note.
            try await transaction.execute("""
                INSERT INTO article_revisions (article_id, version, document, saved_by_id, saved_by_name, note, saved_at)
                SELECT article_id, \(articleVersion + 1), document, NULL, \("\(source.name) wire"), \("\(source.name) \(version): \(killed ? "killed" : "withheld")"), \(now)
                FROM article_revisions WHERE article_id = \(id) ORDER BY version DESC LIMIT 1
                """)
            if before.status == .published {
                try await WebhookOutbox.enqueue(.articleUnpublished, payload: WebhookPayload.article(.articleUnpublished, id: id, slug: before.slug, headline: before.headline, at: now), at: now, transaction)
            }
            try await transaction.announce(ContentChange.articles(placements: before.placementKeys), at: now)
            try await record(item, source: source, articleID: id, state: killed ? "killed" : "withheld", articleVersion: articleVersion + 1, now: now, transaction)
            let what = before.status == .published ? "taken down" : "marked so that nobody publishes it"
            return WireOutcome(kind: killed ? .killed : .withheld, guid: item.guid, articleID: id, headline: before.headline, detail: "\(version) \(killed ? "killed" : "withheld") the story: \(what)")
        }
    }

    private static func record(
        _ item: WireItem, source: WireSource, articleID: Int64, state: String, articleVersion: Int?, now: Date, _ transaction: any StorageTransaction
    ) async throws {
        try await transaction.execute("""
            INSERT INTO wire_items (guid, source, format, article_id, agency_version, version_created, first_created, state, headline, editorial_note,
                embargoed_until, article_version, pending_document, pending_version, received_at, updated_at)
            VALUES (\(item.guid), \(source.name), \(item.format.rawValue), \(articleID), \(item.version), \(item.versionCreated), \(item.firstCreated), \(state),
                \(item.headline), \(item.editorialNote), \(item.embargoedUntil), \(articleVersion), NULL, NULL, \(now), \(now))
            ON CONFLICT (guid) DO UPDATE SET source = excluded.source, format = excluded.format, article_id = excluded.article_id,
                agency_version = excluded.agency_version, version_created = excluded.version_created,
                first_created = coalesce(wire_items.first_created, excluded.first_created), state = excluded.state, headline = excluded.headline,
                editorial_note = excluded.editorial_note, embargoed_until = excluded.embargoed_until, article_version = excluded.article_version,
                pending_document = NULL, pending_version = NULL, updated_at = excluded.updated_at
            """)
    }

    private static func log(_ outcome: WireOutcome, source: String, origin: String, version: Int?, now: Date, _ transaction: any StorageTransaction) async throws {
        try await transaction.execute("""
            INSERT INTO wire_log (received_at, source, origin, guid, agency_version, outcome, detail)
            VALUES (\(now), \(source), \(origin), \(outcome.guid), \(version), \(outcome.kind.rawValue), \(outcome.detail))
            """)
        try await WebhookOutbox.enqueue(.wireReceived, payload: WebhookPayload.wire(outcome, source: source, version: version, at: now), at: now, transaction)
    }

    func logFailure(source: String, origin: String, reason: String, now: Date) async throws {
        try await database.write { transaction in
            try await Self.log(WireOutcome(kind: .failed, guid: nil, articleID: nil, headline: nil, detail: reason), source: source, origin: origin, version: nil, now: now, transaction)
        }
    }

    // MARK: Queue

    func queue(state: WireQueueItem.State?, source: String?, page: PageRequest) async throws -> Page<WireQueueItem> {
        try await database.read { queries in
            // A condition only for what was asked: PostgreSQL can't type a NULL compared with nothing.
            var conditions: [SQLStatement] = ["1 = 1"]
            if let state { conditions.append("state = \(state.rawValue)") }
            if let source { conditions.append("source = \(source)") }
            let filter = SQLStatement.joined(conditions, separator: " AND ")
            let total = try await queries.scalar("SELECT count(*) FROM wire_items WHERE \(filter)", as: Int.self) ?? 0
            let rows = try await queries.query("""
                SELECT * FROM wire_items WHERE \(filter) ORDER BY updated_at DESC, id DESC LIMIT \(page.size) OFFSET \(page.offset)
                """, table: "wire_items")
            return Page(items: try rows.map(Self.queueItem), request: page, totalCount: total)
        }
    }

    func item(guid: String) async throws -> WireQueueItem? {
        try await database.read { queries in
            try await queries.queryOne("SELECT * FROM wire_items WHERE guid = \(guid)", table: "wire_items", key: "guid").map(Self.queueItem)
        }
    }

    func log(outcome: WireOutcome.Kind?, limit: Int) async throws -> [WireLogEntry] {
        try await database.read { queries in
            let filter: SQLStatement = outcome.map { "WHERE outcome = \($0.rawValue)" } ?? ""
            return try await queries.query("SELECT * FROM wire_log \(filter) ORDER BY received_at DESC, id DESC LIMIT \(limit)", table: "wire_log").map { row in
                WireLogEntry(
                    receivedAt: try row.decode("received_at"), source: try row.decode("source"), origin: try row.decode("origin"), guid: try row.decode("guid"),
                    agencyVersion: try row.decode("agency_version"), outcome: try row.decode("outcome", as: WireOutcome.Kind.self), detail: try row.decode("detail"))
            }
        }
    }

    func item(id: Int64) async throws -> WireQueueItem? {
        try await database.read { queries in
            try await queries.queryOne("SELECT * FROM wire_items WHERE id = \(id)", table: "wire_items").map(Self.queueItem)
        }
    }

    func item(articleID: Int64) async throws -> WireQueueItem? {
        try await database.read { queries in
            try await queries.queryOne("SELECT * FROM wire_items WHERE article_id = \(articleID) ORDER BY id DESC LIMIT 1", table: "wire_items").map(Self.queueItem)
        }
    }

    func pendingDocument(id: Int64) async throws -> ArticleDocument? {
        try await database.read { queries in
            try await queries.scalar("SELECT pending_document FROM wire_items WHERE id = \(id) AND state = 'held'", as: String?.self)
                .flatMap { $0 }.map(ArticleDocument.decode(json:))
        }
    }

    func settleHeld(id: Int64, appliedAsVersion articleVersion: Int?, now: Date) async throws -> Bool {
        try await database.write { transaction in
            try await transaction.queryOne("""
                UPDATE wire_items SET state = 'updated', agency_version = coalesce(pending_version, agency_version),
                    article_version = coalesce(\(articleVersion), article_version), pending_document = NULL, pending_version = NULL, updated_at = \(now)
                WHERE id = \(id) AND state = 'held' RETURNING id
                """, table: "wire_items") != nil
        }
    }

    func heldCount() async throws -> Int {
        try await database.read { queries in try await queries.scalar("SELECT count(*) FROM wire_items WHERE state = 'held'", as: Int.self) ?? 0 }
    }

    private static func queueItem(_ row: StorageRow) throws -> WireQueueItem {
        WireQueueItem(
            id: try row.decode("id"), guid: try row.decode("guid"), source: try row.decode("source"), format: try row.decode("format"), articleID: try row.decode("article_id"),
            agencyVersion: try row.decode("agency_version"), versionCreated: try row.decode("version_created"),
            state: try row.decode("state", as: WireQueueItem.State.self), headline: try row.decode("headline"), editorialNote: try row.decode("editorial_note"),
            embargoedUntil: try row.decode("embargoed_until"), pendingVersion: try row.decode("pending_version"),
            receivedAt: try row.decode("received_at"), updatedAt: try row.decode("updated_at"))
    }
}
