import Foundation
import GRDB

/// `CommentRepository` on SQLite. Interpolations in the `literal:` queries are bound values.
struct CommentSQLiteRepository: CommentRepository {
    let writer: DatabasePool
    let changes: ChangeBroadcaster
    /// Readers' comments are acknowledged only once on disk; this shares each fsync among
    /// the comments that arrive together.
    let committer: SQLiteGroupCommitter

    private static let publicColumns: SQL = """
        id, article_id, parent_id, root_id, depth, author_name, author_email, author_url, body, status, created_at,
        staff_user_id IS NOT NULL AS is_staff
        """

    func add(_ new: NewComment, maxDepth: Int) async throws -> Comment {
        let comment = try await groupWrite { db in
            var parentID = new.parentID
            var rootID: Int64?
            var depth = 1
            if let requested = new.parentID {
                guard let parent = try Row.fetchOne(db, literal: """
                    SELECT id, parent_id, root_id, depth FROM comments
                    WHERE id = \(requested) AND article_id = \(new.articleID) AND status = 'approved'
                    """)
                else { throw StorageError.constraintViolated("the comment being replied to is not a published comment on this article") }
                let parentDepth: Int = parent["depth"]
                let parentRoot: Int64 = parent["root_id"] ?? parent["id"]
                if parentDepth >= maxDepth {
                    // At the limit: become the parent's sibling, which keeps the thread at maxDepth.
                    parentID = parent["parent_id"]
                    depth = parentDepth
                } else {
                    depth = parentDepth + 1
                }
                rootID = parentID == nil ? nil : parentRoot
            }
            let network = new.ip.flatMap(IPAddress.init)?.rateLimitNetwork
            try db.execute(literal: """
                INSERT INTO comments (article_id, parent_id, root_id, depth, author_name, author_email, author_url, body, status,
                                      ip, ip_network, user_agent, created_at, staff_user_id)
                VALUES (\(new.articleID), \(parentID), \(rootID), \(depth), \(new.authorName), \(new.authorEmail.lowercased()),
                        \(new.authorURL), \(new.body), \(new.status.rawValue), \(new.ip), \(network), \(new.userAgent), \(new.createdAt),
                        \(new.staffUserID))
                """)
            let id = db.lastInsertedRowID
            try Self.log(id, new.status, by: new.staffUserID == nil ? "moderation rules" : new.authorName, reason: new.reason, at: new.createdAt, db)
            if new.status == .pending {
                try WebhookSQLiteRepository.enqueue(
                    .commentHeld, payload: WebhookPayload.heldComment(id: id, articleID: new.articleID, authorName: new.authorName, at: new.createdAt),
                    at: new.createdAt, db
                )
            }
            if new.status == .approved { _ = try WebhookSQLiteRepository.announce(ContentChange.comments(articleID: new.articleID), at: new.createdAt, db) }
            return Comment(
                id: id, articleID: new.articleID, parentID: parentID, rootID: rootID ?? id, depth: depth, authorName: new.authorName,
                authorEmail: new.authorEmail.lowercased(), authorURL: new.authorURL, body: new.body, status: new.status, createdAt: new.createdAt,
                isStaff: new.staffUserID != nil
            )
        }
        if comment.status == .approved { changes.publish(ContentChange.comments(articleID: comment.articleID)) }
        return comment
    }

    func comment(id: Int64) async throws -> Comment? {
        try await writer.read { db in try Row.fetchOne(db, literal: "SELECT \(Self.publicColumns) FROM comments WHERE id = \(id)").map(Self.comment) }
    }

    func approvedThreads(articleID: Int64, page: PageRequest) async throws -> CommentThreadPage {
        try await writer.read { db in
            let threadCount = try Int.fetchOne(db, literal: """
                SELECT count(*) FROM comments WHERE article_id = \(articleID) AND status = 'approved' AND parent_id IS NULL
                """) ?? 0
            let approvedCount = try Int.fetchOne(db, literal: "SELECT count(*) FROM comments WHERE article_id = \(articleID) AND status = 'approved'") ?? 0
            let roots = try Row.fetchAll(db, literal: """
                SELECT \(Self.publicColumns) FROM comments
                WHERE article_id = \(articleID) AND status = 'approved' AND parent_id IS NULL
                ORDER BY created_at, id LIMIT \(page.size) OFFSET \(page.offset)
                """).map(Self.comment)
            let replies = try Row.fetchAll(db, literal: """
                SELECT \(Self.publicColumns) FROM comments WHERE root_id IN \(roots.map(\.id)) AND status = 'approved'
                """).map(Self.comment)
            return CommentThreadPage(
                comments: CommentThreadPage.readingOrder(roots + replies), page: page, threadCount: threadCount, approvedCount: approvedCount
            )
        }
    }

    func threadPosition(rootID: Int64, articleID: Int64) async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, literal: """
                SELECT count(*) FROM comments c, comments r
                WHERE r.id = \(rootID) AND c.article_id = \(articleID) AND c.status = 'approved' AND c.parent_id IS NULL
                  AND (c.created_at < r.created_at OR (c.created_at = r.created_at AND c.id < r.id))
                """) ?? 0
        }
    }

    func pending(ids: [Int64], articleID: Int64) async throws -> [Comment] {
        guard !ids.isEmpty else { return [] }
        return try await writer.read { db in
            try Row.fetchAll(db, literal: """
                SELECT \(Self.publicColumns) FROM comments WHERE id IN \(ids) AND article_id = \(articleID) AND status = 'pending'
                ORDER BY created_at, id
                """).map(Self.comment)
        }
    }

    func comments(status: Comment.Status, articleID: Int64?, limit: Int) async throws -> [Comment] {
        try await writer.read { db in
            let filter: SQL = articleID.map { "AND article_id = \($0)" } ?? ""
            return try Row.fetchAll(db, literal: """
                SELECT \(Self.publicColumns) FROM comments WHERE status = \(status.rawValue) \(filter)
                ORDER BY created_at DESC, id DESC LIMIT \(limit)
                """).map(Self.comment)
        }
    }

    func recentApproved(articleID: Int64?, limit: Int) async throws -> [FeedComment] {
        let filter: SQL = articleID.map { "AND c.article_id = \($0)" } ?? ""
        return try await writer.read { db in
            try Row.fetchAll(db, literal: """
                SELECT c.id, c.author_name, c.author_url, c.body, c.created_at, c.staff_user_id IS NOT NULL AS is_staff,
                    a.slug, s.slug AS section_slug, a.headline, a.published_at, a.updated_at
                FROM comments c JOIN articles a ON a.id = c.article_id JOIN sections s ON s.id = a.section_id
                WHERE c.status = 'approved' AND a.status = 'published' \(filter)
                ORDER BY c.created_at DESC, c.id DESC LIMIT \(limit)
                """).map { row in
                FeedComment(
                    id: row["id"], authorName: row["author_name"], authorURL: row["author_url"], body: row["body"], createdAt: row["created_at"],
                    isStaff: row["is_staff"], article: ArticleSQLiteRepository.sitemapEntry(row)
                )
            }
        }
    }

    func count(status: Comment.Status) async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, literal: "SELECT count(*) FROM comments WHERE status = \(status.rawValue)") ?? 0 }
    }

    func moderationQueue(status: Comment.Status, page: PageRequest) async throws -> Page<ModerationItem> {
        try await writer.read { db in
            let total = try Int.fetchOne(db, literal: "SELECT count(*) FROM comments WHERE status = \(status.rawValue)") ?? 0
            let items = try Self.moderationItems(db, where: "c.status = \(status.rawValue)", limit: page.size, offset: page.offset)
            return Page(items: items, request: page, totalCount: total)
        }
    }

    func moderationItem(id: Int64) async throws -> ModerationItem? {
        try await writer.read { db in try Self.moderationItems(db, where: "c.id = \(id)", limit: 1, offset: 0).first }
    }

    private static func moderationItems(_ db: Database, where condition: SQL, limit: Int, offset: Int) throws -> [ModerationItem] {
        try Row.fetchAll(db, literal: """
            SELECT c.id, c.article_id, c.parent_id, c.root_id, c.depth, c.author_name, c.author_email, c.author_url, c.body, c.status,
                c.created_at, c.staff_user_id IS NOT NULL AS is_staff, c.ip, c.user_agent,
                a.headline AS article_headline, a.slug AS article_slug, d.reason, d.decided_by
            FROM comments c JOIN articles a ON a.id = c.article_id
            LEFT JOIN comment_decisions d ON d.id = (SELECT max(id) FROM comment_decisions WHERE comment_id = c.id)
            WHERE \(condition)
            ORDER BY c.created_at DESC, c.id DESC LIMIT \(limit) OFFSET \(offset)
            """).map { row in
            ModerationItem(
                comment: Self.comment(row), articleHeadline: row["article_headline"], articleSlug: row["article_slug"], ip: row["ip"],
                userAgent: row["user_agent"], reason: row["reason"] ?? "", decidedBy: row["decided_by"] ?? ""
            )
        }
    }

    func edit(id: Int64, body: String, by moderator: String, at date: Date) async throws -> Bool {
        let articleID = try await write { db -> Int64? in
            guard let row = try Row.fetchOne(db, literal: "UPDATE comments SET body = \(body) WHERE id = \(id) RETURNING article_id, status") else { return nil }
            try Self.log(id, Comment.Status(rawValue: row["status"]) ?? .pending, by: moderator, reason: "edited", at: date, db)
            _ = try WebhookSQLiteRepository.announce(ContentChange.comments(articleID: row["article_id"]), at: date, db)
            return row["article_id"]
        }
        if let articleID { changes.publish(ContentChange.comments(articleID: articleID)) }
        return articleID != nil
    }

    func setStatus(_ ids: [Int64], to status: Comment.Status, by moderator: String, reason: String, at date: Date) async throws -> Int {
        let changed = try await write { db -> [(id: Int64, articleID: Int64)] in
            let changed = try Row.fetchAll(db, literal: """
                SELECT id, article_id FROM comments WHERE id IN \(ids) AND status <> \(status.rawValue)
                """).map { (id: $0["id"] as Int64, articleID: $0["article_id"] as Int64) }
            for comment in changed {
                try db.execute(literal: "UPDATE comments SET status = \(status.rawValue) WHERE id = \(comment.id)")
                try Self.log(comment.id, status, by: moderator, reason: reason, at: date, db)
            }
            for articleID in Set(changed.map(\.articleID)) { _ = try WebhookSQLiteRepository.announce(ContentChange.comments(articleID: articleID), at: date, db) }
            return changed
        }
        Set(changed.map(\.articleID)).forEach { changes.publish(ContentChange.comments(articleID: $0)) }
        return changed.count
    }

    func delete(_ ids: [Int64]) async throws -> Int {
        let (count, articles) = try await write { db -> (Int, [Int64]) in
            let articles = try Int64.fetchAll(db, literal: "SELECT DISTINCT article_id FROM comments WHERE id IN \(ids)")
            let count = try Int.fetchOne(db, literal: "SELECT count(*) FROM comments WHERE id IN \(ids)") ?? 0
            try db.execute(literal: "DELETE FROM comments WHERE id IN \(ids)")
            for articleID in articles { _ = try WebhookSQLiteRepository.announce(ContentChange.comments(articleID: articleID), db) }
            return (count, articles)
        }
        articles.forEach { changes.publish(ContentChange.comments(articleID: $0)) }
        return count
    }

    func decisions(commentID: Int64) async throws -> [ModerationRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, literal: "SELECT status, decided_by, reason, decided_at FROM comment_decisions WHERE comment_id = \(commentID) ORDER BY id")
                .map { ModerationRecord(status: Comment.Status(rawValue: $0["status"]) ?? .pending, decidedBy: $0["decided_by"], reason: $0["reason"], decidedAt: $0["decided_at"]) }
        }
    }

    func history(email: String, name: String) async throws -> CommenterHistory {
        try await writer.read { db in
            let approved = try Int.fetchOne(db, literal: """
                SELECT count(*) FROM comments WHERE author_email = \(email.lowercased()) AND author_name = \(name) AND status = 'approved'
                """) ?? 0
            let recent = try String.fetchAll(db, literal: """
                SELECT status FROM comments WHERE author_email = \(email.lowercased()) AND status IN ('approved', 'spam', 'trash')
                ORDER BY created_at DESC, id DESC LIMIT 20
                """).compactMap(Comment.Status.init(rawValue:))
            return CommenterHistory(approvedCount: approved, recentDecisions: recent)
        }
    }

    func recentActivity(ip: String?, network: String?, email: String, since: Date, networkSince: Date) async throws -> RecentActivity {
        try await writer.read { db in
            let last = try Date.fetchOne(db, literal: """
                SELECT max(created_at) FROM comments
                WHERE created_at >= \(since) AND (author_email = \(email.lowercased()) OR (ip IS NOT NULL AND ip = \(ip)))
                """)
            guard let network else { return RecentActivity(lastFromSameSource: last, fromNetwork: 0, oldestFromNetwork: nil) }
            let row = try Row.fetchOne(db, literal: """
                SELECT count(*) AS n, min(created_at) AS oldest FROM comments WHERE ip_network = \(network) AND created_at >= \(networkSince)
                """)
            return RecentActivity(lastFromSameSource: last, fromNetwork: row?["n"] ?? 0, oldestFromNetwork: row?["oldest"])
        }
    }

    func isDuplicate(articleID: Int64, email: String, body: String) async throws -> Bool {
        try await writer.read { db in
            try Int.fetchOne(db, literal: """
                SELECT 1 FROM comments WHERE article_id = \(articleID) AND author_email = \(email.lowercased()) AND body = \(body) LIMIT 1
                """) != nil
        }
    }

    func addBan(_ ban: CommentBan) async throws {
        try await write { db in
            try db.execute(literal: """
                INSERT INTO comment_bans (kind, value, reason, created_by, created_at)
                VALUES (\(ban.kind.rawValue), \(ban.value), \(ban.reason), \(ban.createdBy), \(ban.createdAt))
                ON CONFLICT (kind, value) DO UPDATE SET reason = excluded.reason, created_by = excluded.created_by
                """)
        }
    }

    func bans() async throws -> [CommentBan] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM comment_bans ORDER BY created_at").map {
                CommentBan(kind: CommentBan.Kind(rawValue: $0["kind"]) ?? .email, value: $0["value"], reason: $0["reason"], createdBy: $0["created_by"], createdAt: $0["created_at"])
            }
        }
    }

    func eraseClientData(before date: Date) async throws -> Int {
        try await write { db in
            try db.execute(literal: """
                UPDATE comments SET ip = NULL, ip_network = NULL, user_agent = NULL
                WHERE created_at < \(date) AND (ip IS NOT NULL OR user_agent IS NOT NULL OR ip_network IS NOT NULL)
                """)
            return db.changesCount
        }
    }

    // MARK: Helpers

    private func groupWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await committer.write(body)
        } catch let error as DatabaseError {
            throw error.asStorageError()
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            throw error.asStorageError()
        }
    }

    private static func log(_ id: Int64, _ status: Comment.Status, by: String, reason: String, at: Date, _ db: Database) throws {
        try db.execute(literal: """
            INSERT INTO comment_decisions (comment_id, status, decided_by, reason, decided_at)
            VALUES (\(id), \(status.rawValue), \(by), \(reason), \(at))
            """)
    }

    private static func comment(_ row: Row) -> Comment {
        let id: Int64 = row["id"]
        return Comment(
            id: id, articleID: row["article_id"], parentID: row["parent_id"], rootID: row["root_id"] ?? id, depth: row["depth"],
            authorName: row["author_name"], authorEmail: row["author_email"], authorURL: row["author_url"], body: row["body"],
            status: Comment.Status(rawValue: row["status"]) ?? .pending, createdAt: row["created_at"], isStaff: row["is_staff"]
        )
    }
}
