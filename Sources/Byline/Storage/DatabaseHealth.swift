/// Whether this node can reach its database, for `/readyz`.
public protocol DatabaseHealth: Sendable {
    /// Throws when a trivial query cannot be answered now.
    func checkReady() async throws
}
