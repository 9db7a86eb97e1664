import Foundation

/// `TaxonomyRepository` written once for both backends. Every `\(value)` in the statements
/// is a bound parameter; table and column names come from `RenamedSlugs`, never from input.
struct TaxonomySQLRepository: TaxonomyRepository {
    let database: any SQLDatabase

    /// PostgreSQL locks the renamed row so that two renames of one name queue up; SQLite has
    /// one writer at a time already.
    private static let lockingTheRow = SQLStatement.dialect(sqlite: "", postgres: "FOR UPDATE")

    func sections() async throws -> [Section] {
        try await database.read { queries in
            // Navigation order is editorial (the order desks were created), not alphabetical.
            try await queries.query("SELECT * FROM sections ORDER BY position, id", table: "sections").map(Self.section)
        }
    }

    func section(slug: String) async throws -> Section? {
        try await database.read { queries in
            try await queries.queryOne("SELECT * FROM sections WHERE slug = \(slug)", table: "sections").map(Self.section)
        }
    }

    func tag(slug: String) async throws -> Tag? {
        try await database.read { queries in
            try await queries.queryOne("SELECT * FROM tags WHERE slug = \(slug)", table: "tags").map(Self.tag)
        }
    }

    func author(slug: String) async throws -> Author? {
        try await database.read { queries in
            try await queries.queryOne("SELECT * FROM authors WHERE slug = \(slug)", table: "authors").map(Self.author)
        }
    }

    func authors() async throws -> [Author] {
        try await database.read { queries in
            try await queries.query("SELECT * FROM authors ORDER BY name, id", table: "authors").map(Self.author)
        }
    }

    func tags() async throws -> [TagUsage] {
        try await database.read { queries in
            try await queries.query("""
                SELECT t.id, t.slug, t.name, count(at.article_id) AS articles FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id
                GROUP BY t.id, t.slug, t.name ORDER BY t.name, t.id
                """, table: "tags").map { TagUsage(tag: try Self.tag($0), articleCount: try $0.decode("articles")) }
        }
    }

    func createSection(slug: String, name: String, description: String) async throws -> Section {
        try await database.write { transaction in
            if try await transaction.scalar("SELECT id FROM sections WHERE slug = \(slug)", as: Int64.self) != nil { throw StorageError.slugTaken(slug) }
            try await Self.refuseAPagesAddress(slug, transaction)
            guard let id = try await transaction.scalar("""
                INSERT INTO sections (slug, name, description, position)
                VALUES (\(slug), \(name), \(description), (SELECT coalesce(max(position), 0) + 1 FROM sections)) RETURNING id
                """, as: Int64.self)
            else { throw StorageError.constraintViolated("the section was not stored") }
            try await transaction.execute("DELETE FROM section_redirects WHERE old_slug = \(slug)")
            try await transaction.announce(.everything)
            return Section(id: id, slug: slug, name: name, description: description)
        }
    }

    func updateSection(id: Int64, slug: String, name: String, description: String) async throws -> Bool {
        try await database.write { transaction in
            try await Self.rename(.sections, id: id, to: slug, setting: "name = \(name), description = \(description)", transaction)
        }
    }

    func renameTag(id: Int64, slug: String, name: String) async throws -> Bool {
        try await database.write { transaction in try await Self.rename(.tags, id: id, to: slug, setting: "name = \(name)", transaction) }
    }

    /// A section's page is at `/slug`: a standing page there would be hidden by it.
    static func refuseAPagesAddress(_ slug: String, _ transaction: any StorageTransaction) async throws {
        if let title = try await transaction.scalar("SELECT title FROM pages WHERE path = \("/\(slug)/")", as: String.self) {
            throw StorageError.pathTaken("/\(slug)/", by: "the page “\(title)”")
        }
    }

    /// Gives a section or tag a new slug and the other `values`; the old slug keeps redirecting.
    private static func rename(
        _ kind: RenamedSlugs, id: Int64, to slug: String, setting values: SQLStatement, _ transaction: any StorageTransaction
    ) async throws -> Bool {
        guard let old = try await transaction.scalar("SELECT slug FROM \(kind.table) WHERE id = \(id) \(lockingTheRow)", as: String.self) else {
            return false
        }
        if let holder = try await transaction.scalar("SELECT id FROM \(kind.table) WHERE slug = \(slug)", as: Int64.self), holder != id {
            throw StorageError.slugTaken(slug)
        }
        if kind == .sections { try await refuseAPagesAddress(slug, transaction) }
        try await transaction.execute("UPDATE \(kind.table) SET slug = \(slug), \(values) WHERE id = \(id)")
        try await redirect(from: old, to: slug, id: id, in: kind, transaction)
        try await transaction.announce(.everything)
        return true
    }

    func mergeTag(id: Int64, into targetID: Int64) async throws -> Bool {
        guard id != targetID else { return false }
        return try await database.write { transaction in
            guard let old = try await transaction.scalar("SELECT slug FROM tags WHERE id = \(id) \(Self.lockingTheRow)", as: String.self),
                try await transaction.scalar("SELECT id FROM tags WHERE id = \(targetID)", as: Int64.self) != nil
            else { return false }
            try await transaction.execute("""
                INSERT INTO article_tags (article_id, tag_id, position)
                SELECT article_id, \(targetID), position FROM article_tags WHERE tag_id = \(id)
                ON CONFLICT (article_id, tag_id) DO NOTHING
                """)
            try await transaction.execute("DELETE FROM article_tags WHERE tag_id = \(id)")
            try await transaction.execute("UPDATE tag_redirects SET tag_id = \(targetID) WHERE tag_id = \(id)")
            try await transaction.execute("DELETE FROM tags WHERE id = \(id)")
            try await transaction.execute("INSERT INTO tag_redirects (old_slug, tag_id) VALUES (\(old), \(targetID)) ON CONFLICT (old_slug) DO NOTHING")
            try await transaction.announce(.everything)
            return true
        }
    }

    func currentSectionSlug(forRetiredSlug slug: String) async throws -> String? {
        try await database.read { queries in
            try await queries.scalar(
                "SELECT s.slug FROM section_redirects r JOIN sections s ON s.id = r.section_id WHERE r.old_slug = \(slug)", as: String.self
            )
        }
    }

    func currentTagSlug(forRetiredSlug slug: String) async throws -> String? {
        try await database.read { queries in
            try await queries.scalar("SELECT t.slug FROM tag_redirects r JOIN tags t ON t.id = r.tag_id WHERE r.old_slug = \(slug)", as: String.self)
        }
    }

    /// The live name always wins a slug; the old one, if it changed, keeps pointing here.
    private static func redirect(from old: String, to new: String, id: Int64, in table: RenamedSlugs, _ transaction: any StorageTransaction) async throws {
        try await transaction.execute("DELETE FROM \(table.redirects) WHERE old_slug = \(new)")
        guard old != new else { return }
        try await transaction.execute("""
            INSERT INTO \(table.redirects) (old_slug, \(table.target)) VALUES (\(old), \(id))
            ON CONFLICT (old_slug) DO UPDATE SET \(table.target) = excluded.\(table.target)
            """)
    }

    private static func section(_ row: StorageRow) throws -> Section {
        Section(id: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"), description: try row.decode("description"))
    }

    private static func tag(_ row: StorageRow) throws -> Tag {
        Tag(id: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"))
    }

    private static func author(_ row: StorageRow) throws -> Author {
        Author(id: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"), bio: try row.decode("bio"))
    }
}

/// The two kinds of renamable names with redirect tables. The SQL names are fixed here, never
/// taken from input.
enum RenamedSlugs {
    case sections, tags

    var table: SQLStatement { self == .sections ? "sections" : "tags" }
    var redirects: SQLStatement { self == .sections ? "section_redirects" : "tag_redirects" }
    var target: SQLStatement { self == .sections ? "section_id" : "tag_id" }
}
