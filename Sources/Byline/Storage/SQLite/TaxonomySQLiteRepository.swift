import Foundation
import GRDB

/// `TaxonomyRepository` on SQLite. Interpolations in the `literal:` queries are bound values.
struct TaxonomySQLiteRepository: TaxonomyRepository {
    let writer: DatabasePool
    let changes: ChangeBroadcaster

    func sections() async throws -> [Section] {
        try await writer.read { db in
            // Navigation order is editorial (the order desks were created), not alphabetical.
            try Row.fetchAll(db, sql: "SELECT * FROM sections ORDER BY position, id").map(Self.section)
        }
    }

    func section(slug: String) async throws -> Section? {
        try await writer.read { db in try Row.fetchOne(db, literal: "SELECT * FROM sections WHERE slug = \(slug)").map(Self.section) }
    }

    func tag(slug: String) async throws -> Tag? {
        try await writer.read { db in
            try Row.fetchOne(db, literal: "SELECT * FROM tags WHERE slug = \(slug)").map { Tag(id: $0["id"], slug: $0["slug"], name: $0["name"]) }
        }
    }

    func author(slug: String) async throws -> Author? {
        try await writer.read { db in
            try Row.fetchOne(db, literal: "SELECT * FROM authors WHERE slug = \(slug)")
                .map { Author(id: $0["id"], slug: $0["slug"], name: $0["name"], bio: $0["bio"]) }
        }
    }

    func authors() async throws -> [Author] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM authors ORDER BY name, id").map { Author(id: $0["id"], slug: $0["slug"], name: $0["name"], bio: $0["bio"]) }
        }
    }

    func tags() async throws -> [TagUsage] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.id, t.slug, t.name, count(at.article_id) AS articles FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id
                GROUP BY t.id ORDER BY t.name, t.id
                """).map { TagUsage(tag: Tag(id: $0["id"], slug: $0["slug"], name: $0["name"]), articleCount: $0["articles"]) }
        }
    }

    func createSection(slug: String, name: String, description: String) async throws -> Section {
        let section = try await write { db in
            if try Int64.fetchOne(db, literal: "SELECT id FROM sections WHERE slug = \(slug)") != nil { throw StorageError.slugTaken(slug) }
            try db.execute(literal: """
                INSERT INTO sections (slug, name, description, position)
                VALUES (\(slug), \(name), \(description), (SELECT coalesce(max(position), 0) + 1 FROM sections))
                """)
            try db.execute(literal: "DELETE FROM section_redirects WHERE old_slug = \(slug)")
            _ = try WebhookSQLiteRepository.announce(.everything, db)
            return Section(id: db.lastInsertedRowID, slug: slug, name: name, description: description)
        }
        changes.publish(.everything)
        return section
    }

    func updateSection(id: Int64, slug: String, name: String, description: String) async throws -> Bool {
        let updated = try await write { db in
            guard let old = try String.fetchOne(db, literal: "SELECT slug FROM sections WHERE id = \(id)") else { return false }
            if let holder = try Int64.fetchOne(db, literal: "SELECT id FROM sections WHERE slug = \(slug)"), holder != id { throw StorageError.slugTaken(slug) }
            try db.execute(literal: "UPDATE sections SET slug = \(slug), name = \(name), description = \(description) WHERE id = \(id)")
            try Self.redirect(from: old, to: slug, id: id, in: .sections, db)
            _ = try WebhookSQLiteRepository.announce(.everything, db)
            return true
        }
        if updated { changes.publish(.everything) }
        return updated
    }

    func renameTag(id: Int64, slug: String, name: String) async throws -> Bool {
        let renamed = try await write { db in
            guard let old = try String.fetchOne(db, literal: "SELECT slug FROM tags WHERE id = \(id)") else { return false }
            if let holder = try Int64.fetchOne(db, literal: "SELECT id FROM tags WHERE slug = \(slug)"), holder != id { throw StorageError.slugTaken(slug) }
            try db.execute(literal: "UPDATE tags SET slug = \(slug), name = \(name) WHERE id = \(id)")
            try Self.redirect(from: old, to: slug, id: id, in: .tags, db)
            _ = try WebhookSQLiteRepository.announce(.everything, db)
            return true
        }
        if renamed { changes.publish(.everything) }
        return renamed
    }

    func mergeTag(id: Int64, into targetID: Int64) async throws -> Bool {
        guard id != targetID else { return false }
        let merged = try await write { db in
            guard let old = try String.fetchOne(db, literal: "SELECT slug FROM tags WHERE id = \(id)"),
                try Int64.fetchOne(db, literal: "SELECT id FROM tags WHERE id = \(targetID)") != nil
            else { return false }
            try db.execute(literal: """
                INSERT INTO article_tags (article_id, tag_id, position)
                SELECT article_id, \(targetID), position FROM article_tags WHERE tag_id = \(id)
                ON CONFLICT (article_id, tag_id) DO NOTHING
                """)
            try db.execute(literal: "DELETE FROM article_tags WHERE tag_id = \(id)")
            try db.execute(literal: "UPDATE tag_redirects SET tag_id = \(targetID) WHERE tag_id = \(id)")
            try db.execute(literal: "DELETE FROM tags WHERE id = \(id)")
            try db.execute(literal: "INSERT INTO tag_redirects (old_slug, tag_id) VALUES (\(old), \(targetID)) ON CONFLICT (old_slug) DO NOTHING")
            _ = try WebhookSQLiteRepository.announce(.everything, db)
            return true
        }
        if merged { changes.publish(.everything) }
        return merged
    }

    func currentSectionSlug(forRetiredSlug slug: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, literal: "SELECT s.slug FROM section_redirects r JOIN sections s ON s.id = r.section_id WHERE r.old_slug = \(slug)")
        }
    }

    func currentTagSlug(forRetiredSlug slug: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, literal: "SELECT t.slug FROM tag_redirects r JOIN tags t ON t.id = r.tag_id WHERE r.old_slug = \(slug)")
        }
    }

    /// The live name always wins a slug; the old one, if it changed, keeps pointing here.
    private static func redirect(from old: String, to new: String, id: Int64, in table: RenamedSlugs, _ db: Database) throws {
        try db.execute(literal: "DELETE FROM \(table.redirects) WHERE old_slug = \(new)")
        guard old != new else { return }
        try db.execute(literal: """
            INSERT INTO \(table.redirects) (old_slug, \(table.target)) VALUES (\(old), \(id))
            ON CONFLICT (old_slug) DO UPDATE SET \(table.target) = excluded.\(table.target)
            """)
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            throw error.asStorageError()
        }
    }

    private static func section(_ row: Row) -> Section {
        Section(id: row["id"], slug: row["slug"], name: row["name"], description: row["description"])
    }
}

/// The two kinds of renamable names with redirect tables. The SQL names are fixed here, never
/// taken from input.
enum RenamedSlugs {
    case sections, tags

    var redirects: SQL { self == .sections ? SQL(sql: "section_redirects") : SQL(sql: "tag_redirects") }
    var target: SQL { self == .sections ? SQL(sql: "section_id") : SQL(sql: "tag_id") }
    var redirectsName: String { self == .sections ? "section_redirects" : "tag_redirects" }
    var targetName: String { self == .sections ? "section_id" : "tag_id" }
}
