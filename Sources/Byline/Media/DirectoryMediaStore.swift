import Crypto
import Foundation

/// A folder: `DATA_DIR/media` on a single node, or a folder every node mounts.
public struct DirectoryMediaStore: MediaStore {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func write(_ data: Data, name: String) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Written beside its final name and then renamed: a reader (or a crash) never sees half a file.
        let temporary = directory + "/.upload-" + UUID().uuidString
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path(name)) {
                try FileManager.default.removeItem(atPath: temporary)
            } else {
                try FileManager.default.moveItem(atPath: temporary, toPath: path(name))
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    public func read(name: String) async throws -> Data? {
        FileManager.default.contents(atPath: path(name))
    }

    public func delete(name: String) async throws {
        if FileManager.default.fileExists(atPath: path(name)) { try FileManager.default.removeItem(atPath: path(name)) }
    }

    private func path(_ name: String) -> String { directory + "/" + name }
}
