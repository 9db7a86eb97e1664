import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// Owns the PostgreSQL connection pool shared by one node's repositories.
///
/// The pool reconnects by itself after the server goes away. Until it can, every operation
/// fails within the configured timeout with `StorageError.unavailable` rather than waiting, so a
/// request gets a 503 page instead of hanging. Closing (or releasing) the database stops
/// the pool.
public final class PostgresDatabase: Sendable {
    let client: PostgresClient
    let settings: Configuration.PostgresSettings
    let logger: Logger
    private let runner: Task<Void, Never>
    /// Long enough for a healthy server under load, short enough that a reader isn't left waiting.

    init(settings: Configuration.PostgresSettings, logger: Logger, poolLogger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: settings.password,
            database: settings.database, tls: settings.tls.clientTLS
        )
        configuration.options.maximumConnections = settings.poolSize
        // Opening a connection is part of the wait `database-timeout` allows a request: a fixed
        // few seconds read a busy server (a new database's first backend, two loaded cores) as down.
        configuration.options.connectTimeout = .seconds(Int64(settings.timeoutSeconds))
        let client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.client = client
        self.settings = settings
        self.logger = logger
        runner = Task { await client.run() }
    }

    deinit { runner.cancel() }

    /// Connects, migrates under an advisory lock, and reports whether this call created the schema.
    static func open(_ settings: Configuration.PostgresSettings, logger: Logger) async throws -> (PostgresDatabase, isNew: Bool) {
        // One direct attempt first: the pool would keep retrying a server that isn't there,
        // and an operator starting a node wants the reason at once.
        do {
            let connection = try await PostgresConnection.connect(
                configuration: .init(
                    host: settings.host, port: settings.port, username: settings.username, password: settings.password,
                    database: settings.database, tls: try settings.tls.connectionTLS()
                ),
                id: 0, logger: logger
            )
            try await connection.close()
        } catch {
            throw StartupError(message: "cannot use PostgreSQL at \(settings.host):\(settings.port), database \(settings.database): \(describe(error))")
        }
        var poolLogger = logger
        // Reconnection attempts during an outage would otherwise fill the log every second.
        poolLogger.logLevel = max(logger.logLevel, .warning)
        let database = PostgresDatabase(settings: settings, logger: logger, poolLogger: poolLogger)
        do {
            // No time limit here: the server answered a moment ago, and a migration of a large
            // table may rightly take minutes.
            let isNew = try await database.client.withConnection { connection in
                try await PostgresMigrations.migrate(connection, logger: logger)
            }
            return (database, isNew)
        } catch {
            throw StartupError(message: "cannot use PostgreSQL at \(settings.host):\(settings.port), database \(settings.database): \(describe(error))")
        }
    }

    func storage(isNew: Bool, changes: ChangeBroadcaster) -> Storage {
        Storage(
            sql: PostgresConnections(database: self, changes: changes), health: self, changes: changes,
            background: [PostgresChangeListener(database: self, broadcaster: changes)], isNew: isNew
        )
    }

    /// Runs `work` on a pooled connection, mapping outages to `StorageError.unavailable` and
    /// integrity violations to `StorageError.constraintViolated`.
    func withConnection<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await withTimeout(.seconds(settings.timeoutSeconds)) { try await self.client.withConnection(work) }
        } catch {
            throw Self.storageError(for: error)
        }
    }

    /// Runs `work` in one transaction (BEGIN … COMMIT, or ROLLBACK when it throws). Writes that
    /// change what readers see go through `PostgresConnections`, which announces them.
    func withTransaction<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
            try await connection.query("BEGIN", logger: self.logger)
            do {
                let result = try await work(connection)
                try await connection.query("COMMIT", logger: self.logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: self.logger)
                throw error
            }
        }
    }

    // MARK: Errors

    static func storageError(for error: any Error) -> any Error {
        switch error {
        case let error as StorageError:
            return error
        case is TimeoutError, is CancellationError:
            return StorageError.unavailable
        case let error as PSQLError:
            guard error.code == .server else { return StorageError.unavailable }
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "constraint failed"
            if state.hasPrefix("23") { return StorageError.constraintViolated(message) }
            // Connection exceptions, operator intervention (shutdown) and insufficient resources.
            if state.hasPrefix("08") || state.hasPrefix("57") || state.hasPrefix("53") { return StorageError.unavailable }
            return error
        default:
            return error
        }
    }

    /// A one-line reason a connection failed, with the server's own words when it gave any.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying {
                let text = "\(underlying)"
                for known in ["Connection refused", "timed out", "No route to host", "Name or service not known"] where text.localizedCaseInsensitiveContains(known) {
                    return known.lowercased()
                }
                return text
            }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

extension PostgresDatabase: DatabaseHealth {
    public func checkReady() async throws {
        _ = try await withConnection { connection in try await connection.query("SELECT 1", logger: self.logger) }
    }
}

extension Configuration.PostgresSettings.TLSMode {
    var clientTLS: PostgresClient.Configuration.TLS {
        switch self {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// Throws rather than falling back: `require` must never quietly become plain text.
    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch self {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }
}
