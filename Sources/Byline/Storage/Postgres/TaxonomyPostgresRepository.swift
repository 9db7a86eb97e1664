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

    private static func section(_ row: PostgresRandomAccessRow) throws -> Section {
        Section(id: try row.value("id"), slug: try row.value("slug"), name: try row.value("name"), description: try row.value("description"))
    }
}

/// `JobClaimRepository` on PostgreSQL: the primary key makes exactly one node's insert win.
struct JobClaimPostgresRepository: JobClaimRepository {
    let database: PostgresDatabase

    func claim(job: String, slot: Int64, at now: Date) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.scalar("""
                INSERT INTO job_runs (job, slot, claimed_at) VALUES (\(job), \(slot), \(now))
                ON CONFLICT DO NOTHING RETURNING slot
                """, as: Int64.self, logger: database.logger) != nil
        }
    }

    func pruneClaims(before date: Date) async throws {
        _ = try await database.withConnection { connection in
            try await connection.query("DELETE FROM job_runs WHERE claimed_at < \(date)", logger: database.logger)
        }
    }
}
