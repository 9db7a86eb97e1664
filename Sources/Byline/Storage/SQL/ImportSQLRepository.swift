import Foundation

/// `ImportRepository` written once for both backends. Stories go through the save workflow
/// every other save uses (revisions, search text, webhooks, announcements); comments through
/// the threading rule of readers' comments; old addresses into `site_redirects`.
///
/// Every `\(value)` in the statements is a bound parameter (`SQLStatement`).
struct ImportSQLRepository: ImportRepository {
    let database: any SQLDatabase

    /// Thrown inside a dry run's transaction so that it rolls back, carrying what it did.
    private struct DryRun: Error {
        var report: WordPressImportReport
    }

    func apply(_ batch: ImportBatch, now: Date, dryRun: Bool) async throws -> WordPressImportReport {
        do {
            return try await database.write { transaction in
                var report = WordPressImportReport()
                var placements: Set<String> = []
                for story in batch.stories {
                    try await ImportItemFailure.naming("post \(story.wordpressID) “\(story.input.headline)”") {
                        placements.formUnion(try await Self.store(story, batch: batch, now: now, report: &report, transaction))
                    }
                }
                for page in batch.pages {
                    try await ImportItemFailure.naming("page \(page.wordpressID) “\(page.title)”") {
                        try await Self.store(page, batch: batch, now: now, report: &report, transaction)
                    }
                }
                for tag in batch.tags where try await transaction.scalar("SELECT 1 FROM tags WHERE slug = \(tag.slug)", as: Int.self) == nil {
                    try await transaction.execute("INSERT INTO tags (slug, name) VALUES (\(tag.slug), \(tag.name)) ON CONFLICT (slug) DO NOTHING")
                    report.count("tags", .created)
                }
                for redirect in batch.redirects {
                    report.count("redirects", try await Self.redirect(redirect.path, to: .path(redirect.target), source: batch.source, transaction))
                }
                try await transaction.announce(ContentChange.articles(placements: placements), at: now)
                if dryRun { throw DryRun(report: report) }
                return report
            }
        } catch let dryRun as DryRun {
            var report = dryRun.report
            report.dryRun = true
            return report
        }
    }

    func redirect(path: String) async throws -> SiteRedirect? {
        try await database.read { queries in
            guard let row = try await queries.queryOne("SELECT article_id, target FROM site_redirects WHERE path = \(path)", table: "site_redirects", key: "path")
            else { return nil }
            if let id: Int64 = try row.decode("article_id") { return .article(id) }
            return try row.decode("target", as: String?.self).map(SiteRedirect.path)
        }
    }

    func exportStories(after id: Int64, limit: Int) async throws -> [(id: Int64, slug: String, scheduledAt: Date?)] {
        try await database.read { queries in
            try await queries.query("SELECT id, slug, scheduled_at FROM articles WHERE id > \(id) ORDER BY id LIMIT \(limit)", table: "articles").map { row in
                (try row.decode("id"), try row.decode("slug"), try row.decode("scheduled_at"))
            }
        }
    }

    func exportComments(articleID: Int64) async throws -> [ExportedComment] {
        try await database.read { queries in
            try await queries.query("""
                SELECT id, parent_id, author_name, author_email, author_url, ip, body, status, created_at FROM comments
                WHERE article_id = \(articleID) ORDER BY created_at, id
                """, table: "comments").map { row in
                ExportedComment(
                    id: try row.decode("id"), parentID: try row.decode("parent_id"), authorName: try row.decode("author_name"),
                    authorEmail: try row.decode("author_email"), authorURL: try row.decode("author_url"), ip: try row.decode("ip"), body: try row.decode("body"),
                    status: try row.decode("status"), createdAt: try row.decode("created_at"))
            }
        }
    }

    // MARK: Stories

    private static func store(
        _ story: WordPressPlanner.Story, batch: ImportBatch, now: Date, report: inout WordPressImportReport, _ transaction: any StorageTransaction
    ) async throws -> Set<String> {
        var input = story.input
        let existing: Int64? = if let externalID = input.externalID {
            try await transaction.scalar("SELECT id FROM articles WHERE external_id = \(externalID)", as: Int64.self)
        } else { nil }
        input.slug = try await ArticleSaves.freeSlug(input.slug, for: existing, transaction)
        // The save creates the authors, sections and tags it doesn't find; the report counts them.
        let lookups: [(kind: String, slugs: [String], query: (String) -> SQLStatement)] = [
            ("authors", input.authors.map(\.slug), { "SELECT 1 FROM authors WHERE slug = \($0)" }),
            ("sections", [input.section.slug], { "SELECT 1 FROM sections WHERE slug = \($0)" }),
            ("tags", input.tags.map(\.slug), { "SELECT 1 FROM tags WHERE slug = \($0)" }),
        ]
        for lookup in lookups {
            for slug in lookup.slugs where try await transaction.scalar(lookup.query(slug), as: Int.self) == nil { report.count(lookup.kind, .created) }
        }
        let saved = try await ArticleSaves.saveImported(input, now: now, target: existing.map(SaveTarget.article) ?? .new, importer: RevisionNote.wordPressImporter.id, transaction)
        var change = saved.outcome.change
        let id = saved.outcome.id
        // WordPress's schedule: a draft with a publication time, which the scheduler keeps.
        let scheduled = try await transaction.scalar("SELECT scheduled_at FROM articles WHERE id = \(id)", as: Date?.self) ?? nil
        if input.status == .draft, scheduled.map(\.timeIntervalSince1970) != story.scheduledAt.map(\.timeIntervalSince1970) {
            try await transaction.execute("UPDATE articles SET scheduled_at = \(story.scheduledAt) WHERE id = \(id)")
            if change == .unchanged { change = .updated }
        }
        report.count("stories", change)
        try await comments(story.comments, articleID: id, batch: batch, now: now, report: &report, transaction)
        for path in story.oldPaths {
            report.count("redirects", try await redirect(path, to: .article(id), source: batch.source, transaction))
        }
        return saved.changedKeys
    }

    // MARK: Pages

    private static func store(
        _ page: WordPressPlanner.StandingPage, batch: ImportBatch, now: Date, report: inout WordPressImportReport, _ transaction: any StorageTransaction
    ) async throws {
        let existing = try await localID(of: page.wordpressID, kind: "page", batch: batch, transaction)
        let stored: StandingPage? = if let existing { try await PageSQLRepository.load(existing, transaction) } else { nil }
        let parent: Int64? = if let up = page.parentWordPressID { try await localID(of: up, kind: "page", batch: batch, transaction) } else { nil }
        var input = PageInput(
            parentID: parent, slug: stored?.slug ?? page.slug, title: page.title, bodyMarkdown: page.bodyMarkdown, status: page.status,
            // The footer menu is the newsroom's to arrange; an import leaves it as they set it.
            menuPosition: stored == nil ? page.menuPosition : stored?.menuPosition, publishedAt: page.publishedAt, updatedAt: page.updatedAt)
        var attempt = 1
        while true {
            do {
                let saved = try await PageSQLRepository.save(
                    input, id: stored?.id, editor: RevisionNote.wordPressImporter.id, note: (stored == nil ? RevisionNote.imported : RevisionNote.updatedByImport).id, now: now, transaction)
                report.count("pages", saved.change)
                if existing == nil || stored == nil {
                    try await transaction.execute("""
                        INSERT INTO imported_records (source, kind, external_id, local_id) VALUES (\(batch.source), 'page', \(String(page.wordpressID)), \(saved.page.id))
                        ON CONFLICT (source, kind, external_id) DO UPDATE SET local_id = excluded.local_id
                        """)
                }
                if attempt > 1 { report.note("page \(page.wordpressID) “\(page.title)”: its address was taken, so it is at \(saved.page.path)") }
                for path in page.oldPaths where path != saved.page.path {
                    report.count("redirects", try await redirect(path, to: .path(saved.page.path), source: batch.source, transaction))
                }
                if !page.comments.isEmpty { report.skipped["comments on pages (Byline's pages have no discussion)", default: 0] += page.comments.count }
                return
            } catch StorageError.pathTaken where attempt < 10 {
                // A section or a site path has the address: the page takes the next free one.
                attempt += 1
                input.slug = page.slug + "-\(attempt)"
            }
        }
    }

    private static func localID(of wordpressID: Int, kind: String, batch: ImportBatch, _ transaction: any StorageTransaction) async throws -> Int64? {
        try await transaction.scalar("""
            SELECT local_id FROM imported_records WHERE source = \(batch.source) AND kind = \(kind) AND external_id = \(String(wordpressID))
            """, as: Int64.self)
    }

    // MARK: Comments

    private static func comments(
        _ comments: [WordPressPlanner.Comment], articleID: Int64, batch: ImportBatch, now: Date, report: inout WordPressImportReport,
        _ transaction: any StorageTransaction
    ) async throws {
        var local: [Int: Int64] = [:]
        var announce = false
        // Parents before their replies, whatever order the file had them in. A reply whose
        // parent isn't in the file (or was deleted here) starts a thread of its own.
        var waiting = comments
        while !waiting.isEmpty {
            let unstored = Set(waiting.map(\.wordpressID))
            let ready = waiting.filter { comment in comment.parentWordPressID.map { !unstored.contains($0) } ?? true }
            // Only a loop of replies leaves none ready; its first comment breaks it.
            let next = ready.isEmpty ? [waiting[0]] : ready
            for comment in next {
                let (id, change) = try await ImportItemFailure.naming("comment \(comment.wordpressID)", field: "wp:comment") {
                    try await store(comment, articleID: articleID, parent: comment.parentWordPressID.flatMap { local[$0] }, batch: batch, transaction)
                }
                if let id { local[comment.wordpressID] = id }
                if change != .unchanged, comment.status == .approved { announce = true }
                report.count("comments", change)
            }
            let done = Set(next.map(\.wordpressID))
            waiting.removeAll { done.contains($0.wordpressID) }
        }
        if announce { try await transaction.announce(ContentChange.comments(articleID: articleID), at: now) }
    }

    private static func store(
        _ comment: WordPressPlanner.Comment, articleID: Int64, parent: Int64?, batch: ImportBatch, _ transaction: any StorageTransaction
    ) async throws -> (Int64?, ArticleSaveOutcome.Change) {
        let externalID = String(comment.wordpressID)
        if let known = try await localID(of: comment.wordpressID, kind: "comment", batch: batch, transaction) {
            // A comment the newsroom deleted since stays deleted.
            guard let row = try await transaction.queryOne("SELECT id, status, body FROM comments WHERE id = \(known)", table: "comments") else {
                return (nil, .unchanged)
            }
            let status: String = try row.decode("status")
            let body: String = try row.decode("body")
            guard status != comment.status.rawValue || body != comment.body else { return (known, .unchanged) }
            try await transaction.execute("UPDATE comments SET status = \(comment.status.rawValue), body = \(comment.body) WHERE id = \(known)")
            if status != comment.status.rawValue {
                try await CommentSQLRepository.log(known, comment.status, by: "WordPress import", reason: "its status in the newer export", at: comment.createdAt, transaction)
            }
            return (known, .updated)
        }
        let new = NewComment(
            articleID: articleID, parentID: parent, authorName: comment.authorName, authorEmail: comment.authorEmail, authorURL: comment.authorURL,
            body: comment.body, status: comment.status, reason: "imported from WordPress", ip: comment.ip, userAgent: nil, createdAt: comment.createdAt)
        let placement = try await CommentSQLRepository.placement(of: new, maxDepth: batch.maxDepth, parentMayBeUnpublished: true, transaction)
        let id = try await CommentSQLRepository.insert(new, at: placement, by: "WordPress import", transaction)
        try await transaction.execute("""
            INSERT INTO imported_records (source, kind, external_id, local_id) VALUES (\(batch.source), 'comment', \(externalID), \(id))
            """)
        return (id, .created)
    }

    // MARK: Redirects

    private static func redirect(_ path: String, to target: SiteRedirect, source: String, _ transaction: any StorageTransaction) async throws -> ArticleSaveOutcome.Change {
        let (articleID, targetPath): (Int64?, String?) = switch target {
        case .article(let id): (id, nil)
        case .path(let path): (nil, path)
        }
        if let row = try await transaction.queryOne("SELECT article_id, target FROM site_redirects WHERE path = \(path)", table: "site_redirects", key: "path") {
            let storedArticle: Int64? = try row.decode("article_id")
            let storedTarget: String? = try row.decode("target")
            guard storedArticle != articleID || storedTarget != targetPath else { return .unchanged }
            try await transaction.execute("UPDATE site_redirects SET article_id = \(articleID), target = \(targetPath), source = \(source) WHERE path = \(path)")
            return .updated
        }
        try await transaction.execute("INSERT INTO site_redirects (path, article_id, target, source) VALUES (\(path), \(articleID), \(targetPath), \(source))")
        return .created
    }
}
