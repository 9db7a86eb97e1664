import Foundation

/// Random keys shared by every node of a site (for signing form tokens and cookies), made
/// once and kept in the database so that a cookie signed by one node verifies on another.
public protocol SiteSecretRepository: Sendable {
    /// The secret with this name, created from `candidate` if it doesn't exist yet.
    /// Concurrent first calls all get the same value.
    func secret(named name: String, candidate: [UInt8]) async throws -> [UInt8]
}

extension SiteSecretRepository {
    public func secret(named name: String) async throws -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return try await secret(named: name, candidate: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
