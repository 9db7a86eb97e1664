import Foundation

/// `CommentRepository` written once for both backends: the threading rule, the moderation
/// log, the held-comment webhook and the announcements live here and nowhere else.
///
/// Every `\(value)` in the statements is a bound parameter (`SQLStatement`).
struct CommentSQLRepository: CommentRepository {
    let database: any SQLDatabase

    private static let publicColumns: SQLStatement = """
        id, article_id, parent_id, root_id, depth, author_name, author_email, author_url, body, status, created_at,
        staff_user_id IS NOT NULL AS is_staff
        """

    func add(_ new: NewComment, maxDepth: Int) async throws -> Comment {
        // A reader was told the comment is kept, so it is on disk before they are answered.
        try await database.durableWrite { transaction in
            let placement = try await Self.placement(of: new, maxDepth: maxDepth, transaction)
            let email = new.authorEmail.lowercased()
            let id = try await Self.insert(new, at: placement, by: new.staffUserID == nil ? "moderation rules" : new.authorName, transaction)
            switch new.status {
            case .approved:
                try await transaction.announce(ContentChange.comments(articleID: new.articleID), at: new.createdAt)
            case .pending:
                try await WebhookOutbox.enqueue(
                    .commentHeld, payload: WebhookPayload.heldComment(id: id, articleID: new.articleID, authorName: new.authorName, at: new.createdAt),
                    at: new.createdAt, transaction
                )
            case .spam, .trash:
                break
            }
            return Comment(
                id: id, articleID: new.articleID, parentID: placement.parentID, rootID: placement.rootID ?? id, depth: placement.depth,
                authorName: new.authorName, authorEmail: email, authorURL: new.authorURL, body: new.body, status: new.status,
                createdAt: new.createdAt, isStaff: new.staffUserID != nil
            )
        }
    }

    typealias Placement = (parentID: Int64?, rootID: Int64?, depth: Int)

    /// Stores the comment where `placement` puts it, with the first entry of its moderation log.
    static func insert(_ new: NewComment, at placement: Placement, by decider: String, _ transaction: any StorageTransaction) async throws -> Int64 {
        let network = new.ip.flatMap(IPAddress.init)?.rateLimitNetwork
        guard let id = try await transaction.scalar("""
            INSERT INTO comments (article_id, parent_id, root_id, depth, author_name, author_email, author_url, body, status,
                                  ip, ip_network, user_agent, created_at, staff_user_id)
            VALUES (\(new.articleID), \(placement.parentID), \(placement.rootID), \(placement.depth), \(new.authorName), \(new.authorEmail.lowercased()),
                    \(new.authorURL), \(new.body), \(new.status.rawValue), \(new.ip), \(network), \(new.userAgent), \(new.createdAt),
                    \(new.staffUserID))
            RETURNING id
            """, as: Int64.self)
        else { throw StorageError.constraintViolated("the comment was not stored") }
        try await log(id, new.status, by: decider, reason: new.reason, at: new.createdAt, transaction)
        return id
    }

    /// Where a new comment goes in its thread. A reply to a comment at `maxDepth` becomes that
    /// comment's sibling, which keeps the thread at the limit. A reader may reply only to a
    /// published comment; an import keeps a thread as it was, whatever its comments' status.
    static func placement(
        of new: NewComment, maxDepth: Int, parentMayBeUnpublished: Bool = false, _ transaction: any StorageTransaction
    ) async throws -> Placement {
        guard let requested = new.parentID else { return (nil, nil, 1) }
        guard let parent = try await transaction.queryOne("""
            SELECT id, parent_id, root_id, depth FROM comments
            WHERE id = \(requested) AND article_id = \(new.articleID) AND (status = 'approved' OR \(parentMayBeUnpublished))
            """, table: "comments")
        else { throw StorageError.constraintViolated("the comment being replied to is not a published comment on this article") }
        let parentDepth = try parent.decode("depth", as: Int.self)
        let root = try parent.decode("root_id", as: Int64?.self) ?? parent.decode("id", as: Int64.self)
        guard parentDepth >= maxDepth else { return (requested, root, parentDepth + 1) }
        let grandparent = try parent.decode("parent_id", as: Int64?.self)
        return (grandparent, grandparent == nil ? nil : root, parentDepth)
    }

    func comment(id: Int64) async throws -> Comment? {
        try await database.read { queries in
            try await queries.queryOne("SELECT \(Self.publicColumns) FROM comments WHERE id = \(id)", table: "comments").map(Self.comment)
        }
    }

    func approvedThreads(articleID: Int64, page: PageRequest) async throws -> CommentThreadPage {
        try await database.read { queries in
            let threadCount = try await queries.count("""
                SELECT count(*) FROM comments WHERE article_id = \(articleID) AND status = 'approved' AND parent_id IS NULL
                """)
            let approvedCount = try await queries.count("SELECT count(*) FROM comments WHERE article_id = \(articleID) AND status = 'approved'")
            let roots = try await queries.query("""
                SELECT \(Self.publicColumns) FROM comments
                WHERE article_id = \(articleID) AND status = 'approved' AND parent_id IS NULL
                ORDER BY created_at, id LIMIT \(page.size) OFFSET \(page.offset)
                """, table: "comments").map(Self.comment)
            let replies = try await queries.query("""
                SELECT \(Self.publicColumns) FROM comments WHERE root_id \(in: roots.map(\.id)) AND status = 'approved'
                """, table: "comments").map(Self.comment)
            return CommentThreadPage(
                comments: CommentThreadPage.readingOrder(roots + replies), page: page, threadCount: threadCount, approvedCount: approvedCount
            )
        }
    }

    func threadPosition(rootID: Int64, articleID: Int64) async throws -> Int {
        try await database.read { queries in
            try await queries.count("""
                SELECT count(*) FROM comments c, comments r
                WHERE r.id = \(rootID) AND c.article_id = \(articleID) AND c.status = 'approved' AND c.parent_id IS NULL
                  AND (c.created_at, c.id) < (r.created_at, r.id)
                """)
        }
    }

    func pending(ids: [Int64], articleID: Int64) async throws -> [Comment] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { queries in
            try await queries.query("""
                SELECT \(Self.publicColumns) FROM comments WHERE id \(in: ids) AND article_id = \(articleID) AND status = 'pending'
                ORDER BY created_at, id
                """, table: "comments").map(Self.comment)
        }
    }

    func comments(status: Comment.Status, articleID: Int64?, limit: Int) async throws -> [Comment] {
        let onArticle: SQLStatement = articleID.map { "AND article_id = \($0)" } ?? ""
        return try await database.read { queries in
            try await queries.query("""
                SELECT \(Self.publicColumns) FROM comments WHERE status = \(status.rawValue) \(onArticle)
                ORDER BY created_at DESC, id DESC LIMIT \(limit)
                """, table: "comments").map(Self.comment)
        }
    }

    func recentApproved(articleID: Int64?, limit: Int) async throws -> [FeedComment] {
        let onArticle: SQLStatement = articleID.map { "AND c.article_id = \($0)" } ?? ""
        return try await database.read { queries in
            try await queries.query("""
                SELECT c.id, c.author_name, c.author_url, c.body, c.created_at, c.staff_user_id IS NOT NULL AS is_staff,
                    a.slug, s.slug AS section_slug, a.headline, a.published_at, a.updated_at, a.language
                FROM comments c JOIN articles a ON a.id = c.article_id JOIN sections s ON s.id = a.section_id
                WHERE c.status = 'approved' AND a.status = 'published' \(onArticle)
                ORDER BY c.created_at DESC, c.id DESC LIMIT \(limit)
                """, table: "comments").map { row in
                FeedComment(
                    id: try row.decode("id"), authorName: try row.decode("author_name"), authorURL: try row.decode("author_url"),
                    body: try row.decode("body"), createdAt: try row.decode("created_at"), isStaff: try row.decode("is_staff"),
                    article: try SitemapEntry(row)
                )
            }
        }
    }

    func count(status: Comment.Status) async throws -> Int {
        try await database.read { queries in try await queries.count("SELECT count(*) FROM comments WHERE status = \(status.rawValue)") }
    }

    func moderationQueue(status: Comment.Status, page: PageRequest) async throws -> Page<ModerationItem> {
        try await database.read { queries in
            let total = try await queries.count("SELECT count(*) FROM comments WHERE status = \(status.rawValue)")
            let items = try await Self.moderationItems(queries, where: "c.status = \(status.rawValue)", limit: page.size, offset: page.offset)
            return Page(items: items, request: page, totalCount: total)
        }
    }

    func moderationItem(id: Int64) async throws -> ModerationItem? {
        try await database.read { queries in try await Self.moderationItems(queries, where: "c.id = \(id)", limit: 1, offset: 0).first }
    }

    private static func moderationItems(_ queries: any StorageQueries, where condition: SQLStatement, limit: Int, offset: Int) async throws -> [ModerationItem] {
        try await queries.query("""
            SELECT c.id, c.article_id, c.parent_id, c.root_id, c.depth, c.author_name, c.author_email, c.author_url, c.body, c.status,
                c.created_at, c.staff_user_id IS NOT NULL AS is_staff, c.ip, c.user_agent,
                a.headline AS article_headline, a.slug AS article_slug, d.reason, d.decided_by
            FROM comments c JOIN articles a ON a.id = c.article_id
            LEFT JOIN comment_decisions d ON d.id = (SELECT max(id) FROM comment_decisions WHERE comment_id = c.id)
            WHERE \(condition)
            ORDER BY c.created_at DESC, c.id DESC LIMIT \(limit) OFFSET \(offset)
            """, table: "comments").map { row in
            ModerationItem(
                comment: try Self.comment(row), articleHeadline: try row.decode("article_headline"), articleSlug: try row.decode("article_slug"),
                ip: try row.decode("ip"), userAgent: try row.decode("user_agent"), reason: try row.decode("reason", as: String?.self) ?? "",
                decidedBy: try row.decode("decided_by", as: String?.self) ?? ""
            )
        }
    }

    func edit(id: Int64, body: String, by moderator: String, at date: Date) async throws -> Bool {
        try await database.write { transaction in
            guard let row = try await transaction.queryOne(
                "UPDATE comments SET body = \(body) WHERE id = \(id) RETURNING id, article_id, status", table: "comments"
            ) else { return false }
            try await Self.log(id, try row.decode("status"), by: moderator, reason: "edited", at: date, transaction)
            try await transaction.announce(ContentChange.comments(articleID: try row.decode("article_id")), at: date)
            return true
        }
    }

    func setStatus(_ ids: [Int64], to status: Comment.Status, by moderator: String, reason: String, at date: Date) async throws -> Int {
        try await database.write { transaction in
            let changed = try await transaction.query("""
                UPDATE comments SET status = \(status.rawValue) WHERE id \(in: ids) AND status <> \(status.rawValue)
                RETURNING id, article_id
                """, table: "comments")
            var articles: Set<Int64> = []
            for row in changed {
                try await Self.log(try row.decode("id"), status, by: moderator, reason: reason, at: date, transaction)
                articles.insert(try row.decode("article_id"))
            }
            for article in articles.sorted() { try await transaction.announce(ContentChange.comments(articleID: article), at: date) }
            return changed.count
        }
    }

    func delete(_ ids: [Int64]) async throws -> Int {
        try await database.write { transaction in
            let deleted = try await transaction.query("DELETE FROM comments WHERE id \(in: ids) RETURNING id, article_id", table: "comments")
            let articles = Set(try deleted.map { try $0.decode("article_id", as: Int64.self) })
            for article in articles.sorted() { try await transaction.announce(ContentChange.comments(articleID: article)) }
            return deleted.count
        }
    }

    func decisions(commentID: Int64) async throws -> [ModerationRecord] {
        try await database.read { queries in
            try await queries.query("""
                SELECT id, status, decided_by, reason, decided_at FROM comment_decisions WHERE comment_id = \(commentID) ORDER BY id
                """, table: "comment_decisions").map {
                ModerationRecord(
                    status: try $0.decode("status"), decidedBy: try $0.decode("decided_by"), reason: try $0.decode("reason"),
                    decidedAt: try $0.decode("decided_at")
                )
            }
        }
    }

    private static func history(email: String, name: String, _ queries: any StorageQueries) async throws -> CommenterHistory {
        let approved = try await queries.count("""
            SELECT count(*) FROM comments WHERE author_email = \(email.lowercased()) AND author_name = \(name) AND status = 'approved'
            """)
        let recent = try await queries.query("""
            SELECT id, status FROM comments WHERE author_email = \(email.lowercased()) AND status IN ('approved', 'spam', 'trash')
            ORDER BY created_at DESC, id DESC LIMIT 20
            """, table: "comments").map { try $0.decode("status", as: Comment.Status.self) }
        return CommenterHistory(approvedCount: approved, recentDecisions: recent)
    }

    private static func recentActivity(
        ip: String?, network: String?, email: String, since: Date, networkSince: Date, _ queries: any StorageQueries
    ) async throws -> RecentActivity {
        let last = try await queries.scalar("""
            SELECT max(created_at) FROM comments
            WHERE created_at >= \(since) AND (author_email = \(email.lowercased()) OR (ip IS NOT NULL AND ip = \(ip)))
            """, as: Date?.self) ?? nil
        guard let network else { return RecentActivity(lastFromSameSource: last, fromNetwork: 0, oldestFromNetwork: nil) }
        let row = try await queries.queryOne("""
            SELECT count(*) AS n, min(created_at) AS oldest FROM comments WHERE ip_network = \(network) AND created_at >= \(networkSince)
            """, table: "comments", key: "n")
        return RecentActivity(
            lastFromSameSource: last, fromNetwork: try row?.decode("n", as: Int.self) ?? 0, oldestFromNetwork: try row?.decode("oldest", as: Date?.self) ?? nil
        )
    }

    func screening(_ submission: CommentScreening.Request) async throws -> CommentScreening {
        try await database.read { queries in
            CommentScreening(
                bans: try await Self.bans(queries),
                activity: try await Self.recentActivity(
                    ip: submission.ip, network: submission.network, email: submission.email, since: submission.since,
                    networkSince: submission.networkSince, queries
                ),
                history: try await Self.history(email: submission.email, name: submission.name, queries),
                isDuplicate: try await Self.isDuplicate(articleID: submission.articleID, email: submission.email, body: submission.body, queries)
            )
        }
    }

    private static func isDuplicate(articleID: Int64, email: String, body: String, _ queries: any StorageQueries) async throws -> Bool {
        try await queries.scalar("""
            SELECT 1 FROM comments WHERE article_id = \(articleID) AND author_email = \(email.lowercased()) AND body = \(body) LIMIT 1
            """, as: Int.self) != nil
    }

    func addBan(_ ban: CommentBan) async throws {
        try await database.write { transaction in
            try await transaction.execute("""
                INSERT INTO comment_bans (kind, value, reason, created_by, created_at)
                VALUES (\(ban.kind.rawValue), \(ban.value), \(ban.reason), \(ban.createdBy), \(ban.createdAt))
                ON CONFLICT (kind, value) DO UPDATE SET reason = excluded.reason, created_by = excluded.created_by
                """)
        }
    }

    func bans() async throws -> [CommentBan] {
        try await database.read { queries in try await Self.bans(queries) }
    }

    private static func bans(_ queries: any StorageQueries) async throws -> [CommentBan] {
        try await queries.query("SELECT * FROM comment_bans ORDER BY created_at", table: "comment_bans", key: "value").map {
            CommentBan(
                kind: try $0.decode("kind"), value: try $0.decode("value"), reason: try $0.decode("reason"),
                createdBy: try $0.decode("created_by"), createdAt: try $0.decode("created_at")
            )
        }
    }

    func eraseClientData(before date: Date) async throws -> Int {
        try await database.write { transaction in
            try await transaction.query("""
                UPDATE comments SET ip = NULL, ip_network = NULL, user_agent = NULL
                WHERE created_at < \(date) AND (ip IS NOT NULL OR user_agent IS NOT NULL OR ip_network IS NOT NULL)
                RETURNING id
                """, table: "comments").count
        }
    }

    // MARK: Helpers

    static func log(_ id: Int64, _ status: Comment.Status, by: String, reason: String, at: Date, _ transaction: any StorageTransaction) async throws {
        try await transaction.execute("""
            INSERT INTO comment_decisions (comment_id, status, decided_by, reason, decided_at)
            VALUES (\(id), \(status.rawValue), \(by), \(reason), \(at))
            """)
    }

    private static func comment(_ row: StorageRow) throws -> Comment {
        let id: Int64 = try row.decode("id")
        return Comment(
            id: id, articleID: try row.decode("article_id"), parentID: try row.decode("parent_id"), rootID: try row.decode("root_id", as: Int64?.self) ?? id,
            depth: try row.decode("depth"), authorName: try row.decode("author_name"), authorEmail: try row.decode("author_email"),
            authorURL: try row.decode("author_url"), body: try row.decode("body"), status: try row.decode("status"),
            createdAt: try row.decode("created_at"), isStaff: try row.decode("is_staff")
        )
    }
}

extension SitemapEntry {
    /// From a row with `slug`, `section_slug`, `headline`, `published_at`, `updated_at` and `language`.
    init(_ row: StorageRow) throws {
        self.init(
            slug: try row.decode("slug"), sectionSlug: try row.decode("section_slug"), headline: try row.decode("headline"),
            publishedAt: try row.decode("published_at"), updatedAt: try row.decode("updated_at")
        )
        language = try row.decode("language")
    }
}
