import Foundation

/// What comes before a document's root element. libxml2 reads a DTD's entity declarations,
/// and expands them, before any parser callback could refuse them; so every XML document
/// someone else wrote (a WordPress export, an agency's NewsML-G2) is checked here first, and
/// one with a `<!DOCTYPE>` is never handed to the parser.
enum XMLProlog: Equatable {
    /// Only the XML declaration, processing instructions, comments and spaces, then the root.
    case root
    /// A document type declaration, internal or external.
    case doctype
    /// Something other than markup before the root: not XML at all.
    case notXML
    /// The bytes end before the root element starts.
    case unfinished

    init(_ opening: Data) {
        var bytes = opening[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        while true {
            bytes = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            guard let first = bytes.first else {
                self = .unfinished
                return
            }
            guard first == UInt8(ascii: "<") else {
                self = .notXML
                return
            }
            let rest = bytes.dropFirst()
            if rest.starts(with: Array("?".utf8)) || rest.starts(with: Array("!--".utf8)) {
                let end: [UInt8] = rest.first == UInt8(ascii: "?") ? Array("?>".utf8) : Array("-->".utf8)
                guard let close = rest.firstRange(of: end) else {
                    self = .unfinished
                    return
                }
                bytes = rest[close.upperBound...]
                continue
            }
            self = rest.first == UInt8(ascii: "!") ? .doctype : .root
            return
        }
    }
}
