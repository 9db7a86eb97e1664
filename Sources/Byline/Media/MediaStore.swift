import Crypto
import Foundation

/// Where the bytes of uploaded images live. Files are named by a hash of their content, so a
/// name never changes meaning: it can be cached forever, and the same upload twice is one file.
public protocol MediaStore: Sendable {
    /// Stores the bytes under `name`, whole or not at all.
    func write(_ data: Data, name: String) async throws
    func read(name: String) async throws -> Data?
    func delete(name: String) async throws
}
