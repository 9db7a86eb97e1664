import Foundation

/// `PageRepository` written once for both backends: where a page's address may be, how a
/// move carries the pages under it and leaves redirects, and the revisions.
///
/// Every `\(value)` in the statements is a bound parameter (`SQLStatement`).
struct PageSQLRepository: PageRepository {
    let database: any SQLDatabase

    static let columns: SQLStatement = "id, parent_id, slug, path, title, body, status, menu_position, version, published_at, updated_at"

    func publishedPage(path: String) async throws -> StandingPage? {
        try await database.read { queries in
            try await queries.queryOne("SELECT \(Self.columns) FROM pages WHERE path = \(path) AND status = 'published'", table: "pages").map(Self.page)
        }
    }

    func page(id: Int64) async throws -> StandingPage? {
        try await database.read { queries in try await Self.load(id, queries) }
    }

    func pages() async throws -> [StandingPage] {
        try await database.read { queries in try await queries.query("SELECT \(Self.columns) FROM pages ORDER BY path", table: "pages").map(Self.page) }
    }

    func menu() async throws -> [StandingPage] {
        try await database.read { queries in
            try await queries.query("""
                SELECT \(Self.columns) FROM pages WHERE status = 'published' AND menu_position IS NOT NULL ORDER BY menu_position, path
                """, table: "pages").map(Self.page)
        }
    }

    func revisions(pageID: Int64) async throws -> [PageRevision] {
        try await database.read { queries in
            try await queries.query("""
                SELECT id, version, title, editor, note, saved_at FROM page_revisions WHERE page_id = \(pageID) ORDER BY version DESC
                """, table: "page_revisions").map { row in
                PageRevision(version: try row.decode("version"), title: try row.decode("title"), editor: try row.decode("editor"), note: try row.decode("note"), savedAt: try row.decode("saved_at"))
            }
        }
    }

    func save(_ input: PageInput, id: Int64?, editor: String, note: String, now: Date) async throws -> (page: StandingPage, change: ArticleSaveOutcome.Change) {
        try await database.write { transaction in try await Self.save(input, id: id, editor: editor, note: note, now: now, transaction) }
    }

    /// The save, inside a transaction an import shares.
    static func save(
        _ input: PageInput, id: Int64?, editor: String, note: String, now: Date, _ transaction: any StorageTransaction
    ) async throws -> (page: StandingPage, change: ArticleSaveOutcome.Change) {
        let existing: StandingPage? = if let id { try await load(id, transaction) } else { nil }
        if id != nil, existing == nil { throw StorageError.constraintViolated("there is no page \(id!) to save") }
        let path = try await path(for: input, id: id, transaction)
        try await check(path, excluding: id, transaction)
        let publishedAt: Date? = input.status == .published ? input.publishedAt ?? existing?.publishedAt ?? now : input.publishedAt ?? existing?.publishedAt
        var page = StandingPage(
            id: existing?.id ?? 0, parentID: input.parentID, slug: input.slug, path: path, title: input.title.trimmingCharacters(in: .whitespacesAndNewlines),
            bodyMarkdown: input.bodyMarkdown, status: input.status, menuPosition: input.menuPosition, version: existing?.version ?? 1,
            publishedAt: publishedAt, updatedAt: input.updatedAt ?? existing?.updatedAt ?? now)
        if let existing {
            var compared = page
            compared.updatedAt = existing.updatedAt
            if compared == existing { return (existing, .unchanged) }
            page.version = existing.version + 1
            page.updatedAt = input.updatedAt ?? now
            try await transaction.execute("""
                UPDATE pages SET parent_id = \(page.parentID), slug = \(page.slug), path = \(page.path), title = \(page.title), body = \(page.bodyMarkdown),
                    status = \(page.status.rawValue), menu_position = \(page.menuPosition), version = \(page.version), published_at = \(page.publishedAt),
                    updated_at = \(page.updatedAt)
                WHERE id = \(existing.id)
                """)
            if existing.path != path { try await move(from: existing.path, to: path, transaction) }
        } else {
            page.id = try await transaction.insertedID("""
                INSERT INTO pages (parent_id, slug, path, title, body, status, menu_position, version, published_at, updated_at, created_at)
                VALUES (\(page.parentID), \(page.slug), \(page.path), \(page.title), \(page.bodyMarkdown), \(page.status.rawValue), \(page.menuPosition),
                        1, \(page.publishedAt), \(page.updatedAt), \(now))
                RETURNING id
                """)
        }
        // The live page wins its address over any redirect that had it.
        try await transaction.execute("DELETE FROM site_redirects WHERE path = \(path)")
        try await transaction.execute("""
            INSERT INTO page_revisions (page_id, version, title, slug, body, editor, note, saved_at)
            VALUES (\(page.id), \(page.version), \(page.title), \(page.slug), \(page.bodyMarkdown), \(editor), \(note), \(now))
            """)
        var keys: Set<String> = [ContentChange.pageKey(page.id), ContentChange.listingsKey]
        // The footer menu is on every page.
        if page.menuPosition != nil || existing?.menuPosition != nil { keys.insert(ContentChange.taxonomyKey) }
        try await transaction.announce(ContentChange(keys: keys), at: now)
        return (page, existing == nil ? .created : .updated)
    }

    /// The page's whole address: its parent's, then its own slug.
    private static func path(for input: PageInput, id: Int64?, _ transaction: any StorageTransaction) async throws -> String {
        guard let parentID = input.parentID else { return "/\(input.slug)/" }
        guard let parent = try await load(parentID, transaction) else { throw StorageError.constraintViolated("the parent page \(parentID) doesn't exist") }
        // A page can't sit under itself, however far down.
        var ancestor: StandingPage? = parent
        while let each = ancestor {
            if each.id == id { throw StorageError.pathTaken(parent.path + input.slug + "/", by: "under the page itself: choose another parent") }
            ancestor = if let up = each.parentID { try await load(up, transaction) } else { nil }
        }
        let path = parent.path + input.slug + "/"
        if path.split(separator: "/").count > StandingPage.maximumDepth {
            throw StorageError.pathTaken(path, by: "too deep: pages sit at most \(StandingPage.maximumDepth) levels down")
        }
        return path
    }

    /// Refuses an address another page, a section or the site itself has.
    static func check(_ path: String, excluding id: Int64?, _ transaction: any StorageTransaction) async throws {
        if let holder = try await transaction.queryOne("SELECT id, title FROM pages WHERE path = \(path)", table: "pages"), try holder.decode("id", as: Int64.self) != id {
            throw StorageError.pathTaken(path, by: "the page “\(try holder.decode("title", as: String.self))”")
        }
        let segments = path.split(separator: "/")
        guard let first = segments.first.map(String.init) else { return }
        if StandingPage.reservedSlugs.contains(first) { throw StorageError.pathTaken("/\(first)/", by: "one the site uses itself") }
        if let section = try await transaction.scalar("SELECT name FROM sections WHERE slug = \(first)", as: String.self) {
            throw StorageError.pathTaken("/\(first)/", by: "the section “\(section)”")
        }
        if try await transaction.scalar("SELECT 1 FROM section_redirects WHERE old_slug = \(first)", as: Int.self) != nil {
            throw StorageError.pathTaken("/\(first)/", by: "a renamed section’s old address")
        }
    }

    /// Carries the pages under a moved page along, and leaves a 301 at each old address.
    private static func move(from old: String, to new: String, _ transaction: any StorageTransaction) async throws {
        // The page itself has its new path already; the pages under it still have the old one.
        var moves = [(old, new)]
        for row in try await transaction.query("SELECT id, path FROM pages WHERE path LIKE \(old + "%")", table: "pages") {
            let before: String = try row.decode("path")
            let after = new + before.dropFirst(old.count)
            try await transaction.execute("UPDATE pages SET path = \(after) WHERE id = \(try row.decode("id", as: Int64.self))")
            moves.append((before, after))
        }
        for (before, after) in moves {
            try await transaction.execute("UPDATE site_redirects SET target = \(after) WHERE target = \(before)")
            try await transaction.execute("""
                INSERT INTO site_redirects (path, target, source) VALUES (\(before), \(after), 'pages')
                ON CONFLICT (path) DO UPDATE SET article_id = NULL, target = excluded.target, source = excluded.source
                """)
        }
    }

    static func load(_ id: Int64, _ queries: any StorageQueries) async throws -> StandingPage? {
        try await queries.queryOne("SELECT \(columns) FROM pages WHERE id = \(id)", table: "pages").map(page)
    }

    static func page(_ row: StorageRow) throws -> StandingPage {
        StandingPage(
            id: try row.decode("id"), parentID: try row.decode("parent_id"), slug: try row.decode("slug"), path: try row.decode("path"),
            title: try row.decode("title"), bodyMarkdown: try row.decode("body"), status: try row.decode("status"), menuPosition: try row.decode("menu_position"),
            version: try row.decode("version"), publishedAt: try row.decode("published_at"), updatedAt: try row.decode("updated_at"))
    }
}
