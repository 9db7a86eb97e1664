import Foundation

/// FoundationXML traps on an element or attribute name that is not UTF-8, which libxml2 hands
/// over unchecked when the document says it is UTF-8 (found by `make fuzz`). So a document in
/// UTF-8, by declaration or by default, is checked whole before it is parsed; one declared in
/// a single-byte encoding libxml2 transcodes (every byte becomes valid UTF-8) needs no check;
/// any other declaration is refused, since libxml2 reads a name it does not know as UTF-8,
/// unchecked. (A document that is not ASCII-compatible, such as UTF-16, is already refused by
/// `XMLProlog`.)
enum XMLEncoding {
    enum Declared: Equatable {
        /// UTF-8 or US-ASCII, or no declaration.
        case utf8
        /// ISO-8859-1…16 or a windows-125x code page.
        case transcoded
        /// Anything else, named as the document names it.
        case unsupported(String)
    }

    /// What the XML declaration says the document's encoding is.
    static func declared(_ opening: Data) -> Declared {
        var bytes = opening.prefix(1024)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard bytes.starts(with: Array("<?xml".utf8)), let end = bytes.firstRange(of: Array("?>".utf8)) else { return .utf8 }
        let declaration = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
        guard declaration.contains("encoding") else { return .utf8 }
        guard let match = declaration.firstMatch(of: /encoding\s*=\s*(?:"([^"]*)"|'([^']*)')/) else { return .unsupported(declaration) }
        let declaredName = String(match.1 ?? match.2 ?? "")
        let name = declaredName.lowercased()
        if ["utf-8", "utf8", "us-ascii", "ascii"].contains(name) { return .utf8 }
        if name.wholeMatch(of: /iso[-_]?8859[-_]([1-9]|1[0-6])|latin-?1|windows-125[0-8]|cp125[0-8]/) != nil { return .transcoded }
        return .unsupported(declaredName)
    }

    /// Why a document is not handed to FoundationXML.
    enum Refusal: Error, Equatable {
        case unsupportedEncoding(String)
        case invalidUTF8(Invalid)
        case emptyInstruction(offset: Int)

        /// What to tell the person who sent `what` ("the file", "ap-123.xml").
        func reason(_ what: String) -> String {
            switch self {
            case .unsupportedEncoding(let name): "\(what) declares the encoding \"\(name)\", which is not read here; send it as UTF-8"
            case .invalidUTF8(let invalid): "\(what) is not valid UTF-8 at line \(invalid.line) (byte \(invalid.offset + 1)), though it says it is; convert it to UTF-8 (iconv)"
            case .emptyInstruction(let offset): "\(what) has a processing instruction with no data at byte \(offset + 1) (<?name?>), which this XML parser cannot read"
            }
        }
    }

    /// Everything FoundationXML cannot be trusted with, in one pass over the document, which
    /// `chunks` hands over in pieces (a 1 GB export is never in memory at once).
    static func refusal(opening: Data, chunks: ((Data) -> Void) throws -> Void) rethrows -> Refusal? {
        let declared = declared(opening)
        if case .unsupported(let name) = declared { return .unsupportedEncoding(name) }
        var validator = Validator()
        var invalid: Invalid?
        var scanner = EmptyInstructionScanner()
        try chunks { chunk in
            guard invalid == nil, scanner.found == nil else { return }
            if declared == .utf8 {
                do throws(Invalid) { try validator.feed(chunk) } catch { invalid = error }
            }
            scanner.feed(chunk)
        }
        if declared == .utf8, invalid == nil {
            do { try validator.finish() } catch { invalid = error }
        }
        if let invalid { return .invalidUTF8(invalid) }
        return scanner.found.map { .emptyInstruction(offset: $0) }
    }

    /// Where the first byte that is not part of well-formed UTF-8 is.
    struct Invalid: Error, Equatable {
        /// From 0, in the whole document.
        let offset: Int
        let line: Int
    }

    /// UTF-8 checked as it streams past, in chunks of any size: a sequence may be split
    /// between two chunks. Overlong forms, surrogates and code points past U+10FFFF are refused,
    /// as the Unicode standard's table of well-formed byte sequences says.
    struct Validator {
        private var offset = 0
        private var line = 1
        private var needed = 0
        private var start = 0
        private var lower: UInt8 = 0x80
        private var upper: UInt8 = 0xBF

        mutating func feed(_ bytes: some Sequence<UInt8>) throws(Invalid) {
            for byte in bytes {
                if needed == 0 {
                    start = offset
                    switch byte {
                    case 0x0A: line += 1
                    case 0x00...0x7F: break
                    case 0xC2...0xDF: expect(1, 0x80, 0xBF)
                    case 0xE0: expect(2, 0xA0, 0xBF)
                    case 0xE1...0xEC, 0xEE...0xEF: expect(2, 0x80, 0xBF)
                    case 0xED: expect(2, 0x80, 0x9F)
                    case 0xF0: expect(3, 0x90, 0xBF)
                    case 0xF1...0xF3: expect(3, 0x80, 0xBF)
                    case 0xF4: expect(3, 0x80, 0x8F)
                    default: throw Invalid(offset: offset, line: line)
                    }
                } else {
                    guard byte >= lower, byte <= upper else { throw Invalid(offset: start, line: line) }
                    expect(needed - 1, 0x80, 0xBF)
                }
                offset += 1
            }
        }

        /// The end of the document: a sequence left open there is invalid too.
        func finish() throws(Invalid) {
            if needed > 0 { throw Invalid(offset: start, line: line) }
        }

        private mutating func expect(_ count: Int, _ lower: UInt8, _ upper: UInt8) {
            needed = count
            self.lower = lower
            self.upper = upper
        }
    }

    /// FoundationXML reads a processing instruction's data with `strlen`, and libxml2 hands it
    /// none for `<?target?>` (found by `make fuzz`): a null-pointer read that kills the process.
    /// libxml2 goes on reading after many errors, so one can surface anywhere (inside another
    /// broken instruction, say): every `<?name?>` in the bytes counts, even in a comment or CDATA,
    /// where no real export or agency file has one. Fed the same chunks as the `Validator`, it
    /// carries its place across them.
    struct EmptyInstructionScanner {
        private enum State {
            case text
            case open
            case target(length: Int)
            case targetEnd(length: Int)
        }

        private var state = State.text
        private var offset = 0

        /// Where the first `<?name?>` starts, if there is one so far.
        private(set) var found: Int?

        mutating func feed(_ bytes: some Sequence<UInt8>) {
            for byte in bytes where found == nil {
                step(byte)
                offset += 1
            }
        }

        private mutating func step(_ byte: UInt8) {
            if byte == UInt8(ascii: "<") {
                state = .open
                return
            }
            switch state {
            case .text:
                break
            case .open:
                state = byte == UInt8(ascii: "?") ? .target(length: 0) : .text
            case .target(let length):
                switch byte {
                case UInt8(ascii: "?"): state = length > 0 ? .targetEnd(length: length) : .text
                case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"): state = .text
                default: state = .target(length: length + 1)
                }
            case .targetEnd(let length):
                if byte == UInt8(ascii: ">") { found = offset - length - 3 }
                state = .text
            }
        }
    }
}
