import Foundation

/// One backend's database, as storage code written once for both sees it.
public protocol SQLDatabase: Sendable {
    /// Runs `work` with queries that see one consistent state.
    func read<T: Sendable>(_ work: @escaping @Sendable (any StorageQueries) async throws -> T) async throws -> T
    /// Runs `work` in one transaction: committed when it returns, rolled back when it throws.
    /// What it announced reaches this node's caches before this returns.
    func write<T: Sendable>(_ work: @escaping @Sendable (any StorageTransaction) async throws -> T) async throws -> T
    /// A write that is on disk before it returns, for what a reader was promised is kept
    /// (a comment). SQLite groups these so that writes arriving together share one sync.
    func durableWrite<T: Sendable>(_ work: @escaping @Sendable (any StorageTransaction) async throws -> T) async throws -> T
}
