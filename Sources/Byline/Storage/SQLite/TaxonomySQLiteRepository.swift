import GRDB

/// `TaxonomyRepository` on SQLite. Interpolations in the `literal:` queries are bound values.
struct TaxonomySQLiteRepository: TaxonomyRepository {
    let writer: DatabasePool

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

    private static func section(_ row: Row) -> Section {
        Section(id: row["id"], slug: row["slug"], name: row["name"], description: row["description"])
    }
}
