import Foundation
import Logging
import PostgresNIO

/// PostgreSQL's own client programs, which back up and restore a database better than any
/// copy Byline could make: `pg_dump` takes one consistent snapshot without blocking writers.
struct PostgresTools {
    let settings: Configuration.PostgresSettings
    let folder: String

    init(_ settings: Configuration.PostgresSettings) throws {
        self.settings = settings
        guard let folder = Self.locate("pg_dump") else {
            throw SiteBackup.Problem(
                "pg_dump is not installed here (Debian: apt-get install postgresql-client). Without it, run "
                    + "`pg_dump --format=custom --no-owner --host \(settings.host) --port \(settings.port) --username \(settings.username) --file byline.pgdump \(settings.database)` "
                    + "and keep that file with a copy of the media folder, if the site has one"
            )
        }
        self.folder = folder
    }

    /// The folder holding `program`: on the PATH, or in Debian's versioned folders.
    static func locate(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var folders = path.split(separator: ":").map(String.init)
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        folders += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        return folders.first { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    /// Dumps the database, and describes exactly what the dump holds: the counts and the
    /// migration are read in the transaction whose snapshot `pg_dump` is given.
    func dump(to file: URL) async throws -> (migration: String, counts: [String: Int]) {
        try await withConnection { connection in
            _ = try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: Self.logger)
            let snapshot = try await Self.value("SELECT pg_export_snapshot()", String.self, connection) ?? ""
            let migration = try await Self.value("SELECT coalesce(max(version), '') FROM byline_schema_migrations", String.self, connection) ?? ""
            var counts: [String: Int] = [:]
            for table in SiteBackup.countedTables {
                // Table names come from the list above, never from input.
                counts[table] = try await Self.value(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), Int.self, connection) ?? 0
            }
            _ = try run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--snapshot", snapshot, "--file", file.path] + connectionArguments + [settings.database])
            _ = try await connection.query("COMMIT", logger: Self.logger)
            return (migration, counts)
        }
    }

    func restore(from file: URL, clean: Bool) throws {
        let cleaning = clean ? ["--clean", "--if-exists"] : []
        _ = try run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"] + cleaning + connectionArguments + ["--dbname", settings.database, file.path])
    }

    func holdsASite() async throws -> Bool {
        try await withConnection { connection in
            try await Self.value("SELECT to_regclass('public.byline_schema_migrations') IS NOT NULL", Bool.self, connection) ?? false
        }
    }

    private static let logger = Logger(label: "byline.backup")

    private var connectionArguments: [String] { ["--host", settings.host, "--port", String(settings.port), "--username", settings.username] }

    /// The first column of a one-row query; every row is read, so the connection stays usable.
    private static func value<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, _ type: T.Type, _ connection: PostgresConnection) async throws -> T? {
        var found: T?
        for try await value in try await connection.query(query, logger: logger).decode(T.self) where found == nil { found = value }
        return found
    }

    private func withConnection<T>(_ work: (PostgresConnection) async throws -> T) async throws -> T {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: .init(
                    host: settings.host, port: settings.port, username: settings.username, password: settings.password,
                    database: settings.database, tls: try settings.tls.connectionTLS()
                ),
                id: 1, logger: Self.logger
            )
        } catch {
            throw SiteBackup.Problem("cannot connect to \(settings): \(PostgresDatabase.describe(error))")
        }
        do {
            let result = try await work(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            if error is SiteBackup.Problem { throw error }
            throw SiteBackup.Problem("PostgreSQL refused: \(PostgresDatabase.describe(error))")
        }
    }

    /// Runs one of the programs; its error output becomes the problem when it fails.
    private func run(_ program: String, _ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        // The password goes by environment, never on a command line others can read.
        if let password = settings.password { environment["PGPASSWORD"] = password }
        environment["PGSSLMODE"] = settings.tls.rawValue
        environment["PGCONNECT_TIMEOUT"] = String(max(settings.timeoutSeconds, 5))
        let ended: ChildProcess.Ended
        do {
            ended = try ChildProcess.run("\(Self.locate(program) ?? folder)/\(program)", arguments, environment: environment)
        } catch {
            throw SiteBackup.Problem("cannot run \(program): \(error)")
        }
        guard ended.status == 0 else {
            let text = String(decoding: ended.errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw SiteBackup.Problem("\(program) failed: \(text.isEmpty ? "exit status \(ended.status)" : text)")
        }
        return String(decoding: ended.output, as: UTF8.self)
    }
}
