import Crypto
import Foundation

/// A POSIX ustar archive: a backup is one file any operator can list and unpack with `tar`,
/// even without Byline. Only regular files are written or read.
enum TarArchive {
    static let block = 512
    static let chunk = 1 << 20

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// What was written or read for one file: its size and SHA-256, hex.
    struct Digest: Equatable, Sendable {
        var bytes: Int
        var sha256: String
    }

    /// Writes entries one after another, streaming each file so that a media library of any
    /// size passes through a fixed buffer.
    final class Writer {
        private let handle: FileHandle

        init(creating url: URL) throws {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw Problem(description: "cannot create \(url.path)")
            }
            handle = try FileHandle(forWritingTo: url)
        }

        @discardableResult
        func add(_ path: String, contentsOf file: URL) throws -> Digest {
            let reader = try FileHandle(forReadingFrom: file)
            defer { try? reader.close() }
            let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
            try handle.write(contentsOf: try TarArchive.header(path: path, size: size))
            var hash = SHA256()
            var written = 0
            while written < size, let data = try reader.read(upToCount: min(TarArchive.chunk, size - written)), !data.isEmpty {
                hash.update(data: data)
                try handle.write(contentsOf: data)
                written += data.count
            }
            // A file that shrank while it was read would leave the archive unreadable.
            guard written == size else { throw Problem(description: "\(file.path) changed size while it was being archived") }
            try pad(size)
            return Digest(bytes: size, sha256: hash.finalize().hex)
        }

        @discardableResult
        func add(_ path: String, data: Data) throws -> Digest {
            try handle.write(contentsOf: try TarArchive.header(path: path, size: data.count))
            try handle.write(contentsOf: data)
            try pad(data.count)
            return Digest(bytes: data.count, sha256: SHA256.hash(data: data).hex)
        }

        /// Two empty blocks end an archive; then the bytes are made durable.
        func finish() throws {
            try handle.write(contentsOf: Data(count: TarArchive.block * 2))
            try handle.synchronize()
            try handle.close()
        }

        private func pad(_ size: Int) throws {
            let remainder = size % TarArchive.block
            if remainder > 0 { try handle.write(contentsOf: Data(count: TarArchive.block - remainder)) }
        }
    }

    /// Reads each entry in turn, handing its bytes to `sink` a chunk at a time and answering
    /// their digest. Paths that could escape the folder they are unpacked into are refused.
    static func read(_ url: URL, _ entry: (_ path: String, _ size: Int) throws -> ((Data) throws -> Void)?) throws -> [String: Digest] {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw Problem(description: "cannot read \(url.path)")
        }
        defer { try? handle.close() }
        var digests: [String: Digest] = [:]
        while true {
            guard let header = try handle.read(upToCount: block), header.count == block else {
                throw Problem(description: "the archive ends in the middle of an entry: it is incomplete")
            }
            if header.allSatisfy({ $0 == 0 }) { break }
            let parsed = try parse(header)
            guard digests[parsed.path] == nil else { throw Problem(description: "the archive holds \(parsed.path) twice") }
            let sink = try entry(parsed.path, parsed.size)
            var hash = SHA256()
            var remaining = parsed.size
            while remaining > 0 {
                guard let data = try handle.read(upToCount: min(chunk, remaining)), !data.isEmpty else {
                    throw Problem(description: "the archive ends in the middle of \(parsed.path): it is incomplete")
                }
                hash.update(data: data)
                try sink?(data)
                remaining -= data.count
            }
            let padding = (block - parsed.size % block) % block
            if padding > 0 { _ = try handle.read(upToCount: padding) }
            digests[parsed.path] = Digest(bytes: parsed.size, sha256: hash.finalize().hex)
        }
        return digests
    }

    static func header(path: String, size: Int) throws -> Data {
        guard isSafe(path) else { throw Problem(description: "\(path) cannot be stored in an archive") }
        var bytes = [UInt8](repeating: 0, count: block)
        let utf8 = Array(path.utf8)
        // Names over 100 bytes go in the prefix field, split at a slash.
        var name = utf8
        var prefix: [UInt8] = []
        if utf8.count > 100 {
            guard let slash = utf8.indices.last(where: { utf8[$0] == UInt8(ascii: "/") && $0 <= 155 && utf8.count - $0 - 1 <= 100 }) else {
                throw Problem(description: "\(path) is too long for an archive entry")
            }
            prefix = Array(utf8[..<slash])
            name = Array(utf8[(slash + 1)...])
        }
        func put(_ field: [UInt8], at offset: Int) { for (i, byte) in field.enumerated() { bytes[offset + i] = byte } }
        func octal(_ value: Int, width: Int) -> [UInt8] { Array(String(String(value, radix: 8).suffix(width - 1)).leftPadded(to: width - 1).utf8) + [0] }
        put(name, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(Int(Date().timeIntervalSince1970), width: 12), at: 136)
        put(Array("        ".utf8), at: 148)
        bytes[156] = UInt8(ascii: "0")
        put(Array("ustar\u{0}00".utf8), at: 257)
        put(prefix, at: 345)
        let checksum = bytes.reduce(0) { $0 + Int($1) }
        put(Array(String(String(checksum, radix: 8)).leftPadded(to: 6).utf8) + [0, UInt8(ascii: " ")], at: 148)
        return Data(bytes)
    }

    static func parse(_ header: Data) throws -> (path: String, size: Int) {
        let bytes = [UInt8](header)
        func text(_ range: Range<Int>) -> String {
            String(decoding: bytes[range].prefix { $0 != 0 }, as: UTF8.self)
        }
        func number(_ range: Range<Int>) -> Int? {
            Int(text(range).trimmingCharacters(in: CharacterSet(charactersIn: " \u{0}")), radix: 8)
        }
        var stored = bytes
        for i in 148..<156 { stored[i] = UInt8(ascii: " ") }
        guard let checksum = number(148..<156), checksum == stored.reduce(0, { $0 + Int($1) }) else {
            throw Problem(description: "an entry's header is damaged (its checksum does not match)")
        }
        let type = bytes[156]
        let prefix = text(345..<500)
        let path = prefix.isEmpty ? text(0..<100) : prefix + "/" + text(0..<100)
        guard type == UInt8(ascii: "0") || type == 0 else { throw Problem(description: "\(path) is not a regular file; a Byline backup holds only files") }
        guard isSafe(path) else { throw Problem(description: "\(path) would be unpacked outside the target folder") }
        guard let size = number(124..<136), size >= 0 else { throw Problem(description: "\(path) has no readable size") }
        return (path, size)
    }

    /// Relative, without `..` or empty parts.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.utf8.contains(0) else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
