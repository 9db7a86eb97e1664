import Foundation

/// `ImportJobRepository` written once for both backends.
///
/// Every `\(value)` in the statements is a bound parameter (`SQLStatement`).
struct ImportJobSQLRepository: ImportJobRepository {
    let database: any SQLDatabase

    private static let columns: SQLStatement = "id, file_name, dry_run, state, done, total, report, requested_by, created_at, updated_at"

    func queue(fileName: String, file: Data, dryRun: Bool, by: String, at: Date) async throws -> Int64 {
        try await database.write { transaction in
            try await transaction.insertedID("""
                INSERT INTO import_jobs (file_name, file, dry_run, state, done, total, report, requested_by, created_at, updated_at)
                VALUES (\(fileName), \(file), \(dryRun), 'queued', 0, 0, '', \(by), \(at), \(at)) RETURNING id
                """)
        }
    }

    func confirm(_ id: Int64, by: String, at: Date) async throws -> Int64? {
        try await database.write { transaction in
            guard try await transaction.scalar("SELECT 1 FROM import_jobs WHERE id = \(id) AND dry_run = \(true) AND state = 'done'", as: Int.self) != nil
            else { return nil }
            return try await transaction.insertedID("""
                INSERT INTO import_jobs (file_name, file, dry_run, state, done, total, report, requested_by, created_at, updated_at)
                SELECT file_name, file, \(false), 'queued', 0, 0, '', \(by), \(at), \(at) FROM import_jobs WHERE id = \(id) RETURNING id
                """)
        }
    }

    func job(id: Int64) async throws -> ImportJob? {
        try await database.read { queries in try await queries.queryOne("SELECT \(Self.columns) FROM import_jobs WHERE id = \(id)", table: "import_jobs").map(Self.job) }
    }

    func recent(limit: Int) async throws -> [ImportJob] {
        try await database.read { queries in
            try await queries.query("SELECT \(Self.columns) FROM import_jobs ORDER BY id DESC LIMIT \(limit)", table: "import_jobs").map(Self.job)
        }
    }

    func claim(at now: Date, stale: Date) async throws -> (job: ImportJob, file: Data)? {
        try await database.write { transaction in
            guard let id = try await transaction.scalar("""
                SELECT id FROM import_jobs WHERE state = 'queued' OR (state = 'running' AND updated_at < \(stale)) ORDER BY id LIMIT 1
                """, as: Int64.self)
            else { return nil }
            // Two nodes may pick the same job; the one whose update finds it unclaimed runs it.
            guard let row = try await transaction.queryOne("""
                UPDATE import_jobs SET state = 'running', done = 0, updated_at = \(now)
                WHERE id = \(id) AND (state = 'queued' OR (state = 'running' AND updated_at < \(stale)))
                RETURNING \(Self.columns), file
                """, table: "import_jobs")
            else { return nil }
            return (try Self.job(row), try row.decode("file"))
        }
    }

    func progress(_ id: Int64, done: Int, total: Int, at: Date) async throws {
        try await database.write { transaction in
            try await transaction.execute("UPDATE import_jobs SET done = \(done), total = \(total), updated_at = \(at) WHERE id = \(id) AND state = 'running'")
        }
    }

    func finish(_ id: Int64, state: ImportJob.State, report: String, at: Date) async throws {
        try await database.write { transaction in
            // The file is no longer needed once the real import ran; a dry run keeps it for "Import".
            try await transaction.execute("""
                UPDATE import_jobs SET state = \(state.rawValue), report = \(report), updated_at = \(at),
                    file = CASE WHEN dry_run = \(true) THEN file ELSE \(Data()) END
                WHERE id = \(id)
                """)
        }
    }

    private static func job(_ row: StorageRow) throws -> ImportJob {
        ImportJob(
            id: try row.decode("id"), fileName: try row.decode("file_name"), dryRun: try row.decode("dry_run"), state: try row.decode("state"),
            done: try row.decode("done"), total: try row.decode("total"), report: try row.decode("report"), requestedBy: try row.decode("requested_by"),
            createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"))
    }
}
