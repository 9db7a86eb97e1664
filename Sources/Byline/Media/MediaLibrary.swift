import Foundation

/// Uploads, lists and removes images, whichever store holds their bytes.
public struct MediaLibrary: Sendable {

    let media: any MediaRepository
    let store: any MediaStore
    public let maxBytes: Int

    public init(media: any MediaRepository, store: any MediaStore, maxBytes: Int) {
        self.media = media
        self.store = store
        self.maxBytes = maxBytes
    }

    /// Why an upload was refused, in words for the person uploading.
    public struct UploadProblem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public func upload(
        _ data: Data, originalName: String, alt: String = "", caption: String = "", credit: String = "", by userID: Int64?, at now: Date = Date()
    ) async throws -> MediaItem {
        guard !data.isEmpty else { throw UploadProblem(description: "The file is empty. Choose an image file to upload.") }
        guard data.count <= maxBytes else {
            throw UploadProblem(description: "The file is \(Self.megabytes(data.count)); the largest upload this site accepts is \(Self.megabytes(maxBytes)).")
        }
        guard let image = ImageFile(data) else {
            throw UploadProblem(description: "“\(originalName)” is not a JPEG, PNG, WebP or GIF image (its content was checked, not its name).")
        }
        let fileName = MediaItem.fileName(for: data, format: image.format)
        let existed = try await media.item(fileName: fileName) != nil
        try await store.write(data, name: fileName)
        do {
            return try await media.add(MediaItem(
                id: 0, fileName: fileName, format: image.format, width: image.width, height: image.height, byteCount: data.count,
                originalName: String(originalName.prefix(255)), alt: alt, caption: caption, credit: credit, uploadedBy: userID, createdAt: now
            ))
        } catch {
            // No record, no file: a failed upload leaves nothing behind to clean up.
            if !existed { try? await store.delete(name: fileName) }
            throw error
        }
    }

    public enum Deletion: Sendable, Equatable {
        case deleted
        case inUse(headlines: [String])
        case missing
    }

    public func delete(id: Int64) async throws -> Deletion {
        guard let item = try await media.item(id: id) else { return .missing }
        guard try await media.delete(id: id) else { return .inUse(headlines: try await media.usage(fileName: item.fileName)) }
        try await store.delete(name: item.fileName)
        return .deleted
    }

    /// The bytes and record of a file for `/media/NAME`.
    public func file(named fileName: String) async throws -> (MediaItem, Data)? {
        guard let item = try await media.item(fileName: fileName), let data = try await store.read(name: fileName) else { return nil }
        return (item, data)
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
