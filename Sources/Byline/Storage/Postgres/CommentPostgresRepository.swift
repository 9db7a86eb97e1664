import Foundation
import PostgresNIO

/// `CommentRepository` on PostgreSQL. Every `\(value)` in the queries is a bound parameter.
struct CommentPostgresRepository: CommentRepository {
    let database: PostgresDatabase
    private var logger: Logger { database.logger }

    private static let publicColumns = """
        id, article_id, parent_id, root_id, depth, author_name, author_email, author_url, body, status, created_at,
        staff_user_id IS NOT NULL AS is_staff
        """

    func add(_ new: NewComment, maxDepth: Int) async throws -> Comment {
        try await database.withTransaction { connection in
            var parentID = new.parentID
            var rootID: Int64?
            var depth = 1
            if let requested = new.parentID {
                guard let parent = try await connection.rows("""
                    SELECT id, parent_id, root_id, depth FROM comments
                    WHERE id = \(requested) AND article_id = \(new.articleID) AND status = 'approved'
                    """, logger: self.logger).first
                else { throw StorageError.constraintViolated("the comment being replied to is not a published comment on this article") }
                let parentDepth = Int(try parent.value("depth", as: Int32.self))
                let parentRoot: Int64 = try parent.value("root_id", as: Int64?.self) ?? parent.value("id")
                if parentDepth >= maxDepth {
                    // At the limit: become the parent's sibling, which keeps the thread at maxDepth.
                    parentID = try parent.value("parent_id")
                    depth = parentDepth
                } else {
                    depth = parentDepth + 1
                }
                rootID = parentID == nil ? nil : parentRoot
            }
            let network = new.ip.flatMap(IPAddress.init)?.rateLimitNetwork
            let id = try await connection.scalar("""
                INSERT INTO comments (article_id, parent_id, root_id, depth, author_name, author_email, author_url, body, status,
                                      ip, ip_network, user_agent, created_at, staff_user_id)
                VALUES (\(new.articleID), \(parentID), \(rootID), \(Int32(depth)), \(new.authorName), \(new.authorEmail.lowercased()),
                        \(new.authorURL), \(new.body), \(new.status.rawValue), \(new.ip), \(network), \(new.userAgent), \(new.createdAt),
                        \(new.staffUserID))
                RETURNING id
                """, as: Int64.self, logger: self.logger)!
            try await Self.log(
                id, new.status, by: new.staffUserID == nil ? "moderation rules" : new.authorName, reason: new.reason, at: new.createdAt, connection,
                logger: self.logger
            )
            if new.status == .approved { try await Self.notify(articleID: new.articleID, connection, logger: self.logger) }
            if new.status == .pending {
                try await WebhookPostgresRepository.enqueue(
                    .commentHeld, payload: WebhookPayload.heldComment(id: id, articleID: new.articleID, authorName: new.authorName, at: new.createdAt),
                    at: new.createdAt, connection, logger: self.logger
                )
            }
            return Comment(
                id: id, articleID: new.articleID, parentID: parentID, rootID: rootID ?? id, depth: depth, authorName: new.authorName,
                authorEmail: new.authorEmail.lowercased(), authorURL: new.authorURL, body: new.body, status: new.status, createdAt: new.createdAt,
                isStaff: new.staffUserID != nil
            )
        }
    }

    func comment(id: Int64) async throws -> Comment? {
        try await database.withConnection { connection in
            try await connection.rows("SELECT \(unescaped: Self.publicColumns) FROM comments WHERE id = \(id)", logger: self.logger).first.map(Self.comment)
        }
    }

    func approvedThreads(articleID: Int64, page: PageRequest) async throws -> CommentThreadPage {
        try await database.withConnection { connection in
            let threadCount = try await connection.scalar("""
                SELECT count(*) FROM comments WHERE article_id = \(articleID) AND status = 'approved' AND parent_id IS NULL
                """, as: Int64.self, logger: self.logger) ?? 0
            let approvedCount = try await connection.scalar("""
                SELECT count(*) FROM comments WHERE article_id = \(articleID) AND status = 'approved'
                """, as: Int64.self, logger: self.logger) ?? 0
            let roots = try await connection.rows("""
                SELECT \(unescaped: Self.publicColumns) FROM comments
                WHERE article_id = \(articleID) AND status = 'approved' AND parent_id IS NULL
                ORDER BY created_at, id LIMIT \(Int64(page.size)) OFFSET \(Int64(page.offset))
                """, logger: self.logger).map(Self.comment)
            let replies = try await connection.rows("""
                SELECT \(unescaped: Self.publicColumns) FROM comments WHERE root_id = ANY(\(roots.map(\.id))) AND status = 'approved'
                """, logger: self.logger).map(Self.comment)
            return CommentThreadPage(
                comments: CommentThreadPage.readingOrder(roots + replies), page: page, threadCount: Int(threadCount), approvedCount: Int(approvedCount)
            )
        }
    }

    func threadPosition(rootID: Int64, articleID: Int64) async throws -> Int {
        try await database.withConnection { connection in
            Int(try await connection.scalar("""
                SELECT count(*) FROM comments c, comments r
                WHERE r.id = \(rootID) AND c.article_id = \(articleID) AND c.status = 'approved' AND c.parent_id IS NULL
                  AND (c.created_at, c.id) < (r.created_at, r.id)
                """, as: Int64.self, logger: self.logger) ?? 0)
        }
    }

    func pending(ids: [Int64], articleID: Int64) async throws -> [Comment] {
        guard !ids.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.rows("""
                SELECT \(unescaped: Self.publicColumns) FROM comments WHERE id = ANY(\(ids)) AND article_id = \(articleID) AND status = 'pending'
                ORDER BY created_at, id
                """, logger: self.logger).map(Self.comment)
        }
    }

    func comments(status: Comment.Status, articleID: Int64?, limit: Int) async throws -> [Comment] {
        try await database.withConnection { connection in
            try await connection.rows("""
                SELECT \(unescaped: Self.publicColumns) FROM comments
                WHERE status = \(status.rawValue) AND (\(articleID)::bigint IS NULL OR article_id = \(articleID))
                ORDER BY created_at DESC, id DESC LIMIT \(Int64(limit))
                """, logger: self.logger).map(Self.comment)
        }
    }

    func recentApproved(articleID: Int64?, limit: Int) async throws -> [FeedComment] {
        try await database.withConnection { connection in
            try await connection.rows("""
                SELECT c.id, c.author_name, c.author_url, c.body, c.created_at, c.staff_user_id IS NOT NULL AS is_staff,
                    a.slug, s.slug AS section_slug, a.headline, a.published_at, a.updated_at
                FROM comments c JOIN articles a ON a.id = c.article_id JOIN sections s ON s.id = a.section_id
                WHERE c.status = 'approved' AND a.status = 'published' AND (\(articleID)::bigint IS NULL OR c.article_id = \(articleID))
                ORDER BY c.created_at DESC, c.id DESC LIMIT \(Int64(limit))
                """, logger: self.logger).map { row in
                FeedComment(
                    id: try row.value("id"), authorName: try row.value("author_name"), authorURL: try row.value("author_url"),
                    body: try row.value("body"), createdAt: try row.value("created_at"), isStaff: try row.value("is_staff"),
                    article: try PostgresArticleColumns.sitemapEntry(row)
                )
            }
        }
    }

    func count(status: Comment.Status) async throws -> Int {
        try await database.withConnection { connection in
            Int(try await connection.scalar("SELECT count(*) FROM comments WHERE status = \(status.rawValue)", as: Int64.self, logger: self.logger) ?? 0)
        }
    }

    func moderationQueue(status: Comment.Status, page: PageRequest) async throws -> Page<ModerationItem> {
        try await database.withConnection { connection in
            let total = try await connection.scalar("SELECT count(*) FROM comments WHERE status = \(status.rawValue)", as: Int64.self, logger: self.logger) ?? 0
            let items = try await Self.moderationItems(
                connection, logger: self.logger, status: status.rawValue, id: nil, limit: page.size, offset: page.offset
            )
            return Page(items: items, request: page, totalCount: Int(total))
        }
    }

    func moderationItem(id: Int64) async throws -> ModerationItem? {
        try await database.withConnection { connection in
            try await Self.moderationItems(connection, logger: self.logger, status: nil, id: id, limit: 1, offset: 0).first
        }
    }

    private static func moderationItems(
        _ connection: PostgresConnection, logger: Logger, status: String?, id: Int64?, limit: Int, offset: Int
    ) async throws -> [ModerationItem] {
        try await connection.rows("""
            SELECT c.id, c.article_id, c.parent_id, c.root_id, c.depth, c.author_name, c.author_email, c.author_url, c.body, c.status,
                c.created_at, c.staff_user_id IS NOT NULL AS is_staff, c.ip, c.user_agent,
                a.headline AS article_headline, a.slug AS article_slug, d.reason, d.decided_by
            FROM comments c JOIN articles a ON a.id = c.article_id
            LEFT JOIN LATERAL (
                SELECT reason, decided_by FROM comment_decisions WHERE comment_id = c.id ORDER BY id DESC LIMIT 1
            ) d ON true
            WHERE (\(status)::text IS NULL OR c.status = \(status)) AND (\(id)::bigint IS NULL OR c.id = \(id))
            ORDER BY c.created_at DESC, c.id DESC LIMIT \(Int64(limit)) OFFSET \(Int64(offset))
            """, logger: logger).map { row in
            ModerationItem(
                comment: try Self.comment(row), articleHeadline: try row.value("article_headline"), articleSlug: try row.value("article_slug"),
                ip: try row.value("ip"), userAgent: try row.value("user_agent"), reason: try row.value("reason", as: String?.self) ?? "",
                decidedBy: try row.value("decided_by", as: String?.self) ?? ""
            )
        }
    }

    func edit(id: Int64, body: String, by moderator: String, at date: Date) async throws -> Bool {
        try await database.withTransaction { connection in
            guard let row = try await connection.rows(
                "UPDATE comments SET body = \(body) WHERE id = \(id) RETURNING article_id, status", logger: self.logger
            ).first else { return false }
            let status = Comment.Status(rawValue: try row.value("status")) ?? .pending
            try await Self.log(id, status, by: moderator, reason: "edited", at: date, connection, logger: self.logger)
            try await Self.notify(articleID: try row.value("article_id"), connection, logger: self.logger)
            return true
        }
    }

    func setStatus(_ ids: [Int64], to status: Comment.Status, by moderator: String, reason: String, at date: Date) async throws -> Int {
        try await database.withTransaction { connection in
            let changed = try await connection.rows("""
                UPDATE comments SET status = \(status.rawValue) WHERE id = ANY(\(ids)) AND status <> \(status.rawValue)
                RETURNING id, article_id
                """, logger: self.logger)
            var articles: Set<Int64> = []
            for row in changed {
                try await Self.log(try row.value("id"), status, by: moderator, reason: reason, at: date, connection, logger: self.logger)
                articles.insert(try row.value("article_id"))
            }
            for article in articles { try await Self.notify(articleID: article, connection, logger: self.logger) }
            return changed.count
        }
    }

    func delete(_ ids: [Int64]) async throws -> Int {
        try await database.withTransaction { connection in
            let articles = try await connection.rows("SELECT DISTINCT article_id FROM comments WHERE id = ANY(\(ids))", logger: self.logger)
            let deleted = try await connection.rows("DELETE FROM comments WHERE id = ANY(\(ids)) RETURNING id", logger: self.logger)
            for row in articles { try await Self.notify(articleID: try row.value("article_id"), connection, logger: self.logger) }
            return deleted.count
        }
    }

    func decisions(commentID: Int64) async throws -> [ModerationRecord] {
        try await database.withConnection { connection in
            try await connection.rows("""
                SELECT status, decided_by, reason, decided_at FROM comment_decisions WHERE comment_id = \(commentID) ORDER BY id
                """, logger: self.logger).map {
                ModerationRecord(
                    status: Comment.Status(rawValue: try $0.value("status")) ?? .pending, decidedBy: try $0.value("decided_by"),
                    reason: try $0.value("reason"), decidedAt: try $0.value("decided_at")
                )
            }
        }
    }

    func history(email: String, name: String) async throws -> CommenterHistory {
        try await database.withConnection { connection in
            let approved = try await connection.scalar("""
                SELECT count(*) FROM comments WHERE author_email = \(email.lowercased()) AND author_name = \(name) AND status = 'approved'
                """, as: Int64.self, logger: self.logger) ?? 0
            let recent = try await connection.rows("""
                SELECT status FROM comments WHERE author_email = \(email.lowercased()) AND status IN ('approved', 'spam', 'trash')
                ORDER BY created_at DESC, id DESC LIMIT 20
                """, logger: self.logger).compactMap { Comment.Status(rawValue: try $0.value("status")) }
            return CommenterHistory(approvedCount: Int(approved), recentDecisions: recent)
        }
    }

    func recentActivity(ip: String?, network: String?, email: String, since: Date, networkSince: Date) async throws -> RecentActivity {
        try await database.withConnection { connection in
            let last = try await connection.scalar("""
                SELECT max(created_at) FROM comments
                WHERE created_at >= \(since) AND (author_email = \(email.lowercased()) OR (ip IS NOT NULL AND ip = \(ip)))
                """, as: Date?.self, logger: self.logger) ?? nil
            guard let network else { return RecentActivity(lastFromSameSource: last, fromNetwork: 0, oldestFromNetwork: nil) }
            let row = try await connection.rows("""
                SELECT count(*) AS n, min(created_at) AS oldest FROM comments WHERE ip_network = \(network) AND created_at >= \(networkSince)
                """, logger: self.logger).first
            return RecentActivity(
                lastFromSameSource: last, fromNetwork: Int(try row?.value("n", as: Int64.self) ?? 0),
                oldestFromNetwork: try row?.value("oldest", as: Date?.self) ?? nil
            )
        }
    }

    func isDuplicate(articleID: Int64, email: String, body: String) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.scalar("""
                SELECT 1 FROM comments WHERE article_id = \(articleID) AND author_email = \(email.lowercased()) AND body = \(body) LIMIT 1
                """, as: Int32.self, logger: self.logger) != nil
        }
    }

    func addBan(_ ban: CommentBan) async throws {
        _ = try await database.withConnection { connection in
            try await connection.query("""
                INSERT INTO comment_bans (kind, value, reason, created_by, created_at)
                VALUES (\(ban.kind.rawValue), \(ban.value), \(ban.reason), \(ban.createdBy), \(ban.createdAt))
                ON CONFLICT (kind, value) DO UPDATE SET reason = excluded.reason, created_by = excluded.created_by
                """, logger: self.logger)
        }
    }

    func bans() async throws -> [CommentBan] {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM comment_bans ORDER BY created_at", logger: self.logger).map {
                CommentBan(
                    kind: CommentBan.Kind(rawValue: try $0.value("kind")) ?? .email, value: try $0.value("value"), reason: try $0.value("reason"),
                    createdBy: try $0.value("created_by"), createdAt: try $0.value("created_at")
                )
            }
        }
    }

    func eraseClientData(before date: Date) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.rows("""
                UPDATE comments SET ip = NULL, ip_network = NULL, user_agent = NULL
                WHERE created_at < \(date) AND (ip IS NOT NULL OR user_agent IS NOT NULL OR ip_network IS NOT NULL)
                RETURNING id
                """, logger: self.logger).count
        }
    }

    // MARK: Helpers

    private static func log(_ id: Int64, _ status: Comment.Status, by: String, reason: String, at: Date, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO comment_decisions (comment_id, status, decided_by, reason, decided_at)
            VALUES (\(id), \(status.rawValue), \(by), \(reason), \(at))
            """, logger: logger)
    }

    private static func notify(articleID: Int64, _ connection: PostgresConnection, logger: Logger) async throws {
        try await ArticlePostgresRepository.notify(.comments(articleID: articleID), connection, logger: logger)
    }

    private static func comment(_ row: PostgresRandomAccessRow) throws -> Comment {
        let id: Int64 = try row.value("id")
        return Comment(
            id: id, articleID: try row.value("article_id"), parentID: try row.value("parent_id"), rootID: try row.value("root_id", as: Int64?.self) ?? id,
            depth: Int(try row.value("depth", as: Int32.self)), authorName: try row.value("author_name"), authorEmail: try row.value("author_email"),
            authorURL: try row.value("author_url"), body: try row.value("body"), status: Comment.Status(rawValue: try row.value("status")) ?? .pending,
            createdAt: try row.value("created_at"), isStaff: try row.value("is_staff")
        )
    }
}
