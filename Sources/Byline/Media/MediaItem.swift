import Crypto
import Foundation

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

    public var url: String { SiteURL.media(file: .value(fileName)).path }

    static func fileName(for data: Data, format: ImageFile.Format) -> String {
        SHA256.hash(data: data).prefix(20).hex + "." + format.fileExtension
    }
}
