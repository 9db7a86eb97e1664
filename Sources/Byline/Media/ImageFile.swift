import Foundation

/// What an uploaded file is, judged by its bytes alone: a name or a declared type can lie,
/// and a browser that trusted them could be made to run a script dressed as a picture.
public struct ImageFile: Sendable, Hashable {
    public enum Format: String, Sendable, CaseIterable {
        case jpeg, png, webp, gif

        public var mediaType: String { "image/\(rawValue)" }
        public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }

        init?(mediaType: String) {
            guard let format = Self.allCases.first(where: { $0.mediaType == mediaType }) else { return nil }
            self = format
        }
    }

    public var format: Format
    public var width: Int
    public var height: Int

    /// Refuses anything that is not a JPEG, PNG, WebP or GIF whose size can be read.
    public init?(_ data: Data) {
        // Metadata (EXIF, colour profiles) can push a JPEG's frame header past the first 64 kB.
        let bytes = [UInt8](data.prefix(4 * 1024 * 1024))
        guard let (format, width, height) = Self.sniffPNG(bytes) ?? Self.sniffGIF(bytes) ?? Self.sniffWebP(bytes) ?? Self.sniffJPEG(bytes),
            width > 0, height > 0, width <= 30_000, height <= 30_000
        else { return nil }
        self.format = format
        self.width = width
        self.height = height
    }

    private static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
    private static func le16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    private static func le24(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 }
    private static func be32(_ b: [UInt8], _ i: Int) -> Int { be16(b, i) << 16 | be16(b, i + 2) }

    private static func sniffPNG(_ b: [UInt8]) -> (Format, Int, Int)? {
        guard b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), b[12..<16].elementsEqual("IHDR".utf8) else { return nil }
        return (.png, be32(b, 16), be32(b, 20))
    }

    private static func sniffGIF(_ b: [UInt8]) -> (Format, Int, Int)? {
        guard b.count >= 10, b.starts(with: Array("GIF87a".utf8)) || b.starts(with: Array("GIF89a".utf8)) else { return nil }
        return (.gif, le16(b, 6), le16(b, 8))
    }

    private static func sniffWebP(_ b: [UInt8]) -> (Format, Int, Int)? {
        guard b.count >= 30, b.starts(with: Array("RIFF".utf8)), b[8..<12].elementsEqual("WEBP".utf8) else { return nil }
        let chunk = String(decoding: b[12..<16], as: UTF8.self)
        switch chunk {
        case "VP8 ":
            // A lossy key frame: start code 9D 01 2A, then 14-bit width and height.
            guard b[23] == 0x9D, b[24] == 0x01, b[25] == 0x2A else { return nil }
            return (.webp, le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF)
        case "VP8L":
            guard b[20] == 0x2F else { return nil }
            let bits = Int(b[21]) | Int(b[22]) << 8 | Int(b[23]) << 16 | Int(b[24]) << 24
            return (.webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            return (.webp, le24(b, 24) + 1, le24(b, 27) + 1)
        default:
            return nil
        }
    }

    private static func sniffJPEG(_ b: [UInt8]) -> (Format, Int, Int)? {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8, b[2] == 0xFF else { return nil }
        var i = 2
        // Walk the segments to the first start-of-frame marker, which holds the dimensions.
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            let length = be16(b, i + 2)
            guard length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return (.jpeg, be16(b, i + 7), be16(b, i + 5))
            }
            i += 2 + length
        }
        return nil
    }
}
