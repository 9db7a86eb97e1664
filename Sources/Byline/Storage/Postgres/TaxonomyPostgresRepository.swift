import Foundation
import PostgresNIO

/// `TaxonomyRepository` on PostgreSQL. Interpolations in the queries are bound parameters.
struct TaxonomyPostgresRepository: TaxonomyRepository {
    let database: PostgresDatabase

    func sections() async throws -> [Section] {
        try await database.withConnection { connection in
            // Navigation order is editorial (the order desks were created), not alphabetical.
            try await connection.rows("SELECT * FROM sections ORDER BY position, id", logger: database.logger).map(Self.section)
        }
    }

    func section(slug: String) async throws -> Section? {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM sections WHERE slug = \(slug)", logger: database.logger).first.map(Self.section)
        }
    }

    func tag(slug: String) async throws -> Tag? {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM tags WHERE slug = \(slug)", logger: database.logger).first.map {
                Tag(id: try $0.value("id"), slug: try $0.value("slug"), name: try $0.value("name"))
            }
        }
    }

    func author(slug: String) async throws -> Author? {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM authors WHERE slug = \(slug)", logger: database.logger).first.map {
                Author(id: try $0.value("id"), slug: try $0.value("slug"), name: try $0.value("name"), bio: try $0.value("bio"))
            }
        }
    }

    func authors() async throws -> [Author] {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM authors ORDER BY name, id", logger: database.logger).map {
                Author(id: try $0.value("id"), slug: try $0.value("slug"), name: try $0.value("name"), bio: try $0.value("bio"))
            }
        }
    }

    func tags() async throws -> [TagUsage] {
        try await database.withConnection { connection in
            try await connection.rows("""
                SELECT t.id, t.slug, t.name, count(at.article_id) AS articles FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id
                GROUP BY t.id ORDER BY t.name, t.id
                """, logger: database.logger).map {
                TagUsage(
                    tag: Tag(id: try $0.value("id"), slug: try $0.value("slug"), name: try $0.value("name")),
                    articleCount: Int(try $0.value("articles", as: Int64.self))
                )
            }
        }
    }

    func createSection(slug: String, name: String, description: String) async throws -> Section {
        try await database.withTransaction { connection in
            if try await connection.scalar("SELECT id FROM sections WHERE slug = \(slug)", as: Int64.self, logger: database.logger) != nil {
                throw StorageError.slugTaken(slug)
            }
            let id = try await connection.scalar("""
                INSERT INTO sections (slug, name, description, position)
                VALUES (\(slug), \(name), \(description), (SELECT coalesce(max(position), 0) + 1 FROM sections)) RETURNING id
                """, as: Int64.self, logger: database.logger)!
            try await connection.query("DELETE FROM section_redirects WHERE old_slug = \(slug)", logger: database.logger)
            try await ArticlePostgresRepository.notify(.everything, connection, logger: database.logger)
            return Section(id: id, slug: slug, name: name, description: description)
        }
    }

    func updateSection(id: Int64, slug: String, name: String, description: String) async throws -> Bool {
        try await database.withTransaction { connection in
            let logger = database.logger
            guard let old = try await connection.scalar("SELECT slug FROM sections WHERE id = \(id) FOR UPDATE", as: String.self, logger: logger) else {
                return false
            }
            if let holder = try await connection.scalar("SELECT id FROM sections WHERE slug = \(slug)", as: Int64.self, logger: logger), holder != id {
                throw StorageError.slugTaken(slug)
            }
            try await connection.query("UPDATE sections SET slug = \(slug), name = \(name), description = \(description) WHERE id = \(id)", logger: logger)
            try await Self.redirect(from: old, to: slug, id: id, in: .sections, connection, logger: logger)
            try await ArticlePostgresRepository.notify(.everything, connection, logger: logger)
            return true
        }
    }

    func renameTag(id: Int64, slug: String, name: String) async throws -> Bool {
        try await database.withTransaction { connection in
            let logger = database.logger
            guard let old = try await connection.scalar("SELECT slug FROM tags WHERE id = \(id) FOR UPDATE", as: String.self, logger: logger) else {
                return false
            }
            if let holder = try await connection.scalar("SELECT id FROM tags WHERE slug = \(slug)", as: Int64.self, logger: logger), holder != id {
                throw StorageError.slugTaken(slug)
            }
            try await connection.query("UPDATE tags SET slug = \(slug), name = \(name) WHERE id = \(id)", logger: logger)
            try await Self.redirect(from: old, to: slug, id: id, in: .tags, connection, logger: logger)
            try await ArticlePostgresRepository.notify(.everything, connection, logger: logger)
            return true
        }
    }

    func mergeTag(id: Int64, into targetID: Int64) async throws -> Bool {
        guard id != targetID else { return false }
        return try await database.withTransaction { connection in
            let logger = database.logger
            guard let old = try await connection.scalar("SELECT slug FROM tags WHERE id = \(id) FOR UPDATE", as: String.self, logger: logger),
                try await connection.scalar("SELECT id FROM tags WHERE id = \(targetID)", as: Int64.self, logger: logger) != nil
            else { return false }
            try await connection.query("""
                INSERT INTO article_tags (article_id, tag_id, position)
                SELECT article_id, \(targetID), position FROM article_tags WHERE tag_id = \(id)
                ON CONFLICT (article_id, tag_id) DO NOTHING
                """, logger: logger)
            try await connection.query("DELETE FROM article_tags WHERE tag_id = \(id)", logger: logger)
            try await connection.query("UPDATE tag_redirects SET tag_id = \(targetID) WHERE tag_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM tags WHERE id = \(id)", logger: logger)
            try await connection.query(
                "INSERT INTO tag_redirects (old_slug, tag_id) VALUES (\(old), \(targetID)) ON CONFLICT (old_slug) DO NOTHING", logger: logger
            )
            try await ArticlePostgresRepository.notify(.everything, connection, logger: logger)
            return true
        }
    }

    func currentSectionSlug(forRetiredSlug slug: String) async throws -> String? {
        try await database.withConnection { connection in
            try await connection.scalar(
                "SELECT s.slug FROM section_redirects r JOIN sections s ON s.id = r.section_id WHERE r.old_slug = \(slug)", as: String.self,
                logger: database.logger
            )
        }
    }

    func currentTagSlug(forRetiredSlug slug: String) async throws -> String? {
        try await database.withConnection { connection in
            try await connection.scalar(
                "SELECT t.slug FROM tag_redirects r JOIN tags t ON t.id = r.tag_id WHERE r.old_slug = \(slug)", as: String.self, logger: database.logger
            )
        }
    }

    /// The live name always wins a slug; the old one, if it changed, keeps pointing here.
    private static func redirect(
        from old: String, to new: String, id: Int64, in table: RenamedSlugs, _ connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table.redirectsName) WHERE old_slug = $1", binds: bindings(new)), logger: logger)
        guard old != new else { return }
        var binds = bindings(old)
        binds.append(id)
        try await connection.query(PostgresQuery(unsafeSQL: """
            INSERT INTO \(table.redirectsName) (old_slug, \(table.targetName)) VALUES ($1, $2)
            ON CONFLICT (old_slug) DO UPDATE SET \(table.targetName) = excluded.\(table.targetName)
            """, binds: binds), logger: logger)
    }

    private static func bindings(_ value: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }

    private static func section(_ row: PostgresRandomAccessRow) throws -> Section {
        Section(id: try row.value("id"), slug: try row.value("slug"), name: try row.value("name"), description: try row.value("description"))
    }
}
