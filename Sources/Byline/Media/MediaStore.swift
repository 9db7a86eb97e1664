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

/// An image in the media library.
public struct MediaItem: Sendable, Hashable {
    public var id: Int64
    /// `<sha256>.<ext>`: the name in the store and in `/media/` URLs.
    public var fileName: String
    public var format: ImageFile.Format
    public var width: Int
    public var height: Int
    public var byteCount: Int
    public var originalName: String
    public var alt: String
    public var caption: String
    public var credit: String
    public var uploadedBy: Int64?
    public var createdAt: Date

    public init(
        id: Int64, fileName: String, format: ImageFile.Format, width: Int, height: Int, byteCount: Int, originalName: String, alt: String,
        caption: String, credit: String, uploadedBy: Int64?, createdAt: Date
    ) {
        self.id = id
        self.fileName = fileName
        self.format = format
        self.width = width
        self.height = height
        self.byteCount = byteCount
        self.originalName = originalName
        self.alt = alt
        self.caption = caption
        self.credit = credit
        self.uploadedBy = uploadedBy
        self.createdAt = createdAt
    }

    public var url: String { MediaLibrary.urlPrefix + fileName }

    static func fileName(for data: Data, format: ImageFile.Format) -> String {
        SHA256.hash(data: data).prefix(20).hex + "." + format.fileExtension
    }
}
