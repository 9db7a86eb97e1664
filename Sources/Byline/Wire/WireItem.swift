import Foundation

/// One agency story as it came off the wire, whichever IPTC format carried it: what the
/// ingest needs to make an article, keep it in step with the agency, or take it down.
public struct WireItem: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable {
        case ninjs1 = "ninjs 1.x"
        case ninjs2 = "ninjs 2.x"
        case ninjs3 = "ninjs 3.x"
        case newsMLG2 = "NewsML-G2"
    }

    /// IPTC's publishing status: `canceled` is a kill.
    public enum Status: String, Sendable, Equatable {
        case usable, withheld, canceled
    }

    public struct Subject: Sendable, Equatable {
        /// The code with its scheme (`medtop:20000523`, a URI, or a literal).
        public var code: String
        public var name: String
    }

    public struct Picture: Sendable, Equatable {
        public var uri: String?
        /// The rendition shown: the largest web-sized one that is an image.
        public var href: String
        public var width: Int?
        public var height: Int?
        public var caption: String?
        public var credit: String?
        public var alt: String?
        /// Every rendition's address, so that the same picture in the body isn't shown twice.
        public var renditions: [String]
    }

    public var format: Format
    /// The agency's identifier for the story, the same in every version (`guid`, `uri`).
    public var guid: String
    public var version: Int?
    public var versionCreated: Date?
    public var firstCreated: Date?
    public var status: Status = .usable
    /// `sig:correction`: this version corrects the last one.
    public var isCorrection = false
    public var embargoedUntil: Date?
    /// For the newsroom, never published (`edNote`, `ednote`).
    public var editorialNote: String?
    public var headline: String
    public var summary: String?
    public var slugline: String?
    public var byline: String?
    public var dateline: String?
    public var located: String?
    /// BCP 47, as the item gives it (`de`, `nb-NO`).
    public var language: String?
    /// Who sent it: the provider, else the copyright holder.
    public var provider: String?
    public var copyrightNotice: String?
    public var subjects: [Subject] = []
    public var keywords: [String] = []
    public var urgency: Int?
    public var body: StoryBody
    /// What reading the body left out (scripts, frames, refused addresses).
    public var bodyNotes = StoryBody.HTMLImportNotes()
    public var pictures: [Picture] = []

    /// The document could not be read as an agency item; one line says why.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
        public init(reason: String) { self.reason = reason }
    }

    /// Documents larger than this are refused before they are parsed: a story with its
    /// metadata is tens of kilobytes, and a wire document is never trusted.
    public static let maximumDocumentSize = 8 * 1024 * 1024

    /// Every text story in a document: a ninjs object (or an array of them), or a
    /// NewsML-G2 `newsItem`, `packageItem` or `newsMessage`.
    public static func read(_ data: Data, name: String = "the document") throws(Failure) -> [WireItem] {
        guard data.count <= maximumDocumentSize else {
            throw Failure(reason: "\(name) is \(data.count / 1024) KB; wire documents over \(maximumDocumentSize / 1024 / 1024) MB are refused")
        }
        switch Kind(data) {
        case .json: return try Ninjs.read(data, name: name)
        case .xml: return try NewsMLG2.read(data, name: name)
        case nil where data.allSatisfy(Kind.isSpace): throw Failure(reason: "\(name) is empty")
        case nil: throw Failure(reason: "\(name) is neither JSON (ninjs) nor XML (NewsML-G2)")
        }
    }

    /// What a document is by its first character after spaces (and a byte-order mark).
    public enum Kind: Sendable, Equatable {
        case json, xml

        static func isSpace(_ byte: UInt8) -> Bool { [0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains(byte) }

        public init?(_ data: Data) {
            switch data.first(where: { !Self.isSpace($0) }) {
            case UInt8(ascii: "{"), UInt8(ascii: "["): self = .json
            case UInt8(ascii: "<"): self = .xml
            default: return nil
            }
        }
    }

    /// A body from an agency's HTML, read exactly as imported WordPress HTML is: only a
    /// story's blocks and inlines survive, active content is dropped and noted.
    static func body(html: String) -> (StoryBody, StoryBody.HTMLImportNotes) {
        StoryBody.fromHTML(html, .init(address: { address in
            // Only absolute web addresses mean anything on this site; a relative one was the
            // agency's own.
            let lowered = address.lowercased()
            return lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || lowered.hasPrefix("mailto:") ? address : nil
        }))
    }

    /// Plain text as paragraphs: blank lines part them, or, when there are none, each line.
    static func body(text: String) -> StoryBody {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let separator = normalized.contains("\n\n") ? "\n\n" : "\n"
        let paragraphs = normalized.components(separatedBy: separator).map { XMLTree.Element.collapsed($0) }.filter { !$0.isEmpty }
        return StoryBody(blocks: paragraphs.map { .paragraph([.text($0)]) })
    }

    /// The body as the story shows it: a heading that only repeats the headline goes, and so
    /// does a figure of the lead picture, which the story already shows above the text.
    mutating func tidyBody() {
        var blocks = body.blocks
        if case .heading(_, let inlines)? = blocks.first, StoryBody.plainText(inlines) == headline { blocks.removeFirst() }
        let lead = Set(pictures.first?.renditions ?? [])
        blocks.removeAll { if case .figure(let figure) = $0 { lead.contains(figure.url) } else { false } }
        body = StoryBody(blocks: blocks)
    }

    /// A brief with no body (agencies send many: a headline and a paragraph) is its summary:
    /// the story's text, rather than a standfirst over nothing.
    mutating func useSummaryAsBodyWhenEmpty() {
        guard body.blocks.isEmpty, status == .usable, let summary else { return }
        body = Self.body(text: summary)
        self.summary = nil
    }

    static func date(_ text: String?) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return ISO8601.parse(text)
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text else { return nil }
        let collapsed = XMLTree.Element.collapsed(text)
        return collapsed.isEmpty ? nil : collapsed
    }
}
