import Byline
import Foundation
import Logging
import PostgresNIO
import Testing

/// The storage backends every repository contract test runs against.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh, empty, migrated database of this kind.
    func makeStorage() async throws -> Storage {
        try await Self.open(try await makeDatabaseURL())
    }

    /// A fresh database, and a way to open further handles on it, as other nodes would.
    func makeSharedStorage() async throws -> (storage: Storage, reopen: @Sendable () async throws -> Storage) {
        let url = try await makeDatabaseURL()
        return (try await Self.open(url), { try await Self.open(url) })
    }

    private func makeDatabaseURL() async throws -> String {
        switch self {
        case .sqlite: "sqlite:\(TemporaryDirectory.make())/byline.sqlite"
        case .postgres: try await TestPostgres.shared.makeDatabase()
        }
    }

    private static func open(_ url: String) async throws -> Storage {
        var input = Configuration.Input()
        input.noDemo = true
        input[.database] = url
        input[.databasePoolSize] = "4"
        // Two cores run the whole suite in parallel; a slow moment must not read as an outage.
        input[.databaseTimeout] = "60"
        return try await openStorage(try Configuration.resolve(input, environment: [:]))
    }
}

enum TemporaryDirectory {
    static func make() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("byline-tests-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// The throwaway PostgreSQL server `make test` starts (scripts/with-postgres.sh).
///
/// It migrates a template database once per test run; each test then gets its own copy
/// (`CREATE DATABASE … TEMPLATE …`), which is fast and keeps tests isolated.
actor TestPostgres {
    static let shared = TestPostgres()

    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "BYLINE_TEST_POSTGRES_URL is not set: PostgreSQL tests need the server that `make test` starts (scripts/with-postgres.sh)"
        }
    }

    /// A task, not a value: the actor is re-entrant at every `await`, and the template must be made once.
    private var template: Task<String, any Error>?
    private let logger = Logger(label: "byline-tests")

    /// The URL of the test server's `postgres` database, with `database` substituted.
    static func url(database: String, base: String? = ProcessInfo.processInfo.environment["BYLINE_TEST_POSTGRES_URL"]) throws -> String {
        guard let base, var components = URLComponents(string: base) else { throw NotConfigured() }
        components.path = "/" + database
        return components.string!
    }

    /// A new database with Byline's schema; returns its URL.
    func makeDatabase() async throws -> String {
        let template = try await migratedTemplate()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin("CREATE DATABASE \(name) TEMPLATE \(template)")
        return try Self.url(database: name)
    }

    /// An empty database with no schema at all; returns its URL.
    func makeEmptyDatabase() async throws -> String {
        let name = "e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin("CREATE DATABASE \(name)")
        return try Self.url(database: name)
    }

    private func migratedTemplate() async throws -> String {
        if let template { return try await template.value }
        let task = Task { try await self.createTemplate() }
        template = task
        return try await task.value
    }

    private func createTemplate() async throws -> String {
        let name = "byline_template_\(ProcessInfo.processInfo.processIdentifier)"
        try await admin("CREATE DATABASE \(name)")
        var input = Configuration.Input()
        input[.database] = try Self.url(database: name)
        input.noDemo = true
        input[.databasePoolSize] = "1"
        // Migrate, then let go of every connection: a template must have no sessions.
        do {
            let storage = try await openStorage(try Configuration.resolve(input, environment: [:]))
            try await storage.health.checkReady()
        }
        // No session may hold a template while it is copied; a pool connection that outlived
        // its storage once held this one for minutes and failed every later test. Like
        // template0, it takes no connections at all, and any left are ended.
        try await admin("ALTER DATABASE \(name) WITH ALLOW_CONNECTIONS false")
        try await admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)' AND pid <> pg_backend_pid()")
        return name
    }

    /// Runs one administrative statement (names here are generated, never input) on the
    /// server's `postgres` database.
    func admin(_ sql: String) async throws {
        guard let base = ProcessInfo.processInfo.environment["BYLINE_TEST_POSTGRES_URL"], let url = URLComponents(string: base) else {
            throw NotConfigured()
        }
        let configuration = PostgresConnection.Configuration(
            host: url.host!, port: url.port!, username: url.user ?? "byline", password: nil, database: "postgres", tls: .disable
        )
        var lastError: (any Error)?
        for _ in 0..<20 {
            do {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
                do {
                    try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    try await connection.close()
                    return
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch {
                // A template still held by a closing session refuses to be copied for a moment.
                lastError = error
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw lastError!
    }
}
