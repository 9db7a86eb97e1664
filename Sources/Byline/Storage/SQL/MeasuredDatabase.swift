/// Times every unit of database work, whichever backend does it: the wait for a connection
/// (or SQLite's writer) is part of what a request waits for, so it is counted in. With tracing
/// on, each is also a span of the request that asked for it.
struct MeasuredDatabase: SQLDatabase {
    let base: any SQLDatabase

    func read<T: Sendable>(_ work: @escaping @Sendable (any StorageQueries) async throws -> T) async throws -> T {
        try await measured("read") { try await base.read(work) }
    }

    func write<T: Sendable>(_ work: @escaping @Sendable (any StorageTransaction) async throws -> T) async throws -> T {
        try await measured("write") { try await base.write(work) }
    }

    func durableWrite<T: Sendable>(_ work: @escaping @Sendable (any StorageTransaction) async throws -> T) async throws -> T {
        try await measured("durable_write") { try await base.durableWrite(work) }
    }

    private func measured<T>(_ operation: String, _ work: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        do {
            let result = try await SiteTracing.database(operation, work)
            SiteMetrics.database(operation, duration: ContinuousClock.now - started, failed: false)
            return result
        } catch {
            // Only the database failing counts, not a rule refusing what was asked.
            SiteMetrics.database(operation, duration: ContinuousClock.now - started, failed: error as? StorageError == .unavailable)
            throw error
        }
    }
}
