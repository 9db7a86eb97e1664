import Foundation
import Synchronization

#if canImport(FoundationXML)
    import FoundationXML
#endif

extension WXR {
    /// Reads an export as a stream: each part is handed over as soon as its element ends, so
    /// a 1 GB export is read in the memory of its largest post. A file with a DTD is refused
    /// before parsing (a WordPress export has none), so no entity is ever declared or loaded.
    public struct Reader: Sendable {
        private let makeParser: @Sendable () -> XMLParser?
        /// The file's first bytes, where a document type declaration would be.
        private let opening: @Sendable () -> Data?
        /// Hands the whole file over in pieces.
        private let chunks: @Sendable (_ each: (Data) -> Void) throws -> Void
        private let source: String

        public init(file: URL) {
            makeParser = { InputStream(url: file).map { XMLParser(stream: $0) } }
            opening = {
                guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
                defer { try? handle.close() }
                return try? handle.read(upToCount: Self.openingLength) ?? Data()
            }
            chunks = { each in
                let handle = try FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { each(chunk) }
            }
            source = file.lastPathComponent
        }

        public init(data: Data) {
            makeParser = { XMLParser(data: data) }
            opening = { data.prefix(Self.openingLength) }
            chunks = { each in each(data) }
            source = "the upload"
        }

        static let openingLength = 64 * 1024

        /// Every part in the file's order; a `handle` that throws stops the reading and its
        /// error is what this throws.
        public func read(_ handle: (Part) throws -> Void) throws {
            guard let opening = opening(), let parser = makeParser() else { throw Failure(reason: "\(source) can't be opened for reading") }
            // libxml2 would read a DTD's entity declarations (and expand them) before any
            // callback could refuse them, so the file's prolog is checked first.
            if let problem = Self.prologProblem(opening) { throw problem }
            let refusal: XMLEncoding.Refusal?
            do {
                refusal = try XMLEncoding.refusal(opening: opening, chunks: chunks)
            } catch {
                throw Failure(reason: "\(source) can't be read: \(error.localizedDescription)")
            }
            if let refusal { throw Failure(reason: refusal.reason("the file")) }
            parser.shouldProcessNamespaces = true
            parser.shouldResolveExternalEntities = false
            // The delegate holds the closure only while `parse()` runs.
            let (finished, outcome) = withoutActuallyEscaping(handle) { handle in
                let delegate = Delegate(handle: handle)
                parser.delegate = delegate
                defer { parser.delegate = nil }
                return (parser.parse(), (stopped: delegate.stopped, sawRoot: delegate.sawRoot, sawWordPress: delegate.sawWordPress))
            }
            if let error = outcome.stopped { throw error }
            // Truncated input comes back as a success that left an error behind.
            if let error = parser.parserError as NSError? {
                throw Failure(reason: Self.describe(code: error.code, line: parser.lineNumber, column: parser.columnNumber))
            }
            guard finished else { throw Failure(reason: "the file is not well-formed XML (line \(parser.lineNumber))") }
            guard outcome.sawRoot else { throw Failure(reason: "the file is empty; export again from Tools → Export in WordPress") }
            guard outcome.sawWordPress else {
                throw Failure(reason: "this is an RSS feed, not a WordPress export: it has no wp:wxr_version. Export the site from Tools → Export in WordPress")
            }
        }

        /// The parts as an asynchronous sequence, read on a thread of their own a few parts
        /// ahead of whoever consumes them, so that storing can await between parts without the
        /// file being held in memory.
        public func stream(ahead: Int = 32) -> PartStream {
            let (stream, continuation) = AsyncThrowingStream<Part, any Error>.makeStream()
            // libdispatch traps when a semaphore is freed with less room than it started with,
            // which is how one is left when the consumer stops early (a failed batch) while
            // the reader is parts ahead. Starting at zero and making the room by signals keeps
            // any ending safe.
            let room = DispatchSemaphore(value: 0)
            for _ in 0..<ahead { room.signal() }
            let reader = self
            let cancelled = Mutex(false)
            continuation.onTermination = { _ in
                cancelled.withLock { $0 = true }
                room.signal()
            }
            Thread.detachNewThread {
                do {
                    try reader.read { part in
                        room.wait()
                        if cancelled.withLock({ $0 }) { throw CancellationError() }
                        continuation.yield(part)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            return PartStream(parts: stream, room: room)
        }

        /// Each part taken makes room for the reading thread to read one more.
        public struct PartStream: AsyncSequence {
            let parts: AsyncThrowingStream<Part, any Error>
            let room: DispatchSemaphore

            public func makeAsyncIterator() -> Iterator { Iterator(base: parts.makeAsyncIterator(), room: room) }

            public struct Iterator: AsyncIteratorProtocol {
                var base: AsyncThrowingStream<Part, any Error>.Iterator
                let room: DispatchSemaphore

                public mutating func next() async throws -> Part? {
                    let part = try await base.next()
                    room.signal()
                    return part
                }
            }
        }

        /// Every part, collected; for small files and tests.
        public func parts() throws -> [Part] {
            var parts: [Part] = []
            try read { parts.append($0) }
            return parts
        }

        /// Why the bytes before the root element are not a WordPress export's: it writes an
        /// XML declaration and a comment there, never a `<!DOCTYPE>`.
        static func prologProblem(_ opening: Data) -> Failure? {
            switch XMLProlog(opening) {
            case .root: nil
            case .unfinished: opening.count < openingLength ? nil : Failure(reason: "the file doesn't start like a WordPress export: no <rss> element in its first 64 KB")
            case .notXML: Failure(reason: Self.describe(code: 4, line: 1, column: 1))
            case .doctype: Failure(reason: "the file has a document type declaration (<!DOCTYPE …>); a WordPress export never does, so it is not read")
            }
        }

        static func describe(code: Int, line: Int, column: Int) -> String {
            let place = "line \(line), column \(column)"
            switch code {
            case 5: return "the file ends before the export does (\(place)): it looks truncated; copy or export it again"
            case 4: return "the file is not XML: a WordPress export starts with <?xml … ?> and an <rss> element"
            case 76: return "the file is not well-formed XML: an end tag doesn't match its start tag at \(place)"
            case 26: return "the file is not well-formed XML: it uses an undefined entity at \(place)"
            case 201: return "the file is not well-formed XML: it uses a namespace prefix it doesn't declare at \(place)"
            case 9: return "the file is not well-formed XML: it has a character XML doesn't allow at \(place)"
            default: return "the file is not well-formed XML at \(place) (libxml2 error \(code))"
            }
        }
    }
}

/// The SAX side: a path of element names (with namespaces reduced to the prefixes WordPress
/// uses, whatever the file calls them) and the text of the element being read.
private final class Delegate: NSObject, XMLParserDelegate {
    let handle: (WXR.Part) throws -> Void
    var stopped: (any Error)?
    var sawRoot = false
    var sawWordPress = false

    private var path: [String] = []
    private var text = ""
    private var site = WXR.Site()
    private var siteSent = false
    private var author: WXR.Author?
    private var term: WXR.Term?
    private var item: WXR.Item?
    private var comment: WXR.Comment?
    private var metaKey = ""
    private var metaValue = ""
    private var categoryAttributes: [String: String] = [:]

    init(handle: @escaping (WXR.Part) throws -> Void) { self.handle = handle }

    private static func prefix(_ namespace: String?) -> String? {
        guard let namespace, !namespace.isEmpty else { return "" }
        switch namespace {
        case "http://purl.org/rss/1.0/modules/content/": return "content:"
        case "http://purl.org/dc/elements/1.1/": return "dc:"
        case "http://wellformedweb.org/CommentAPI/": return "wfw:"
        default:
            // `http://` or `https://wordpress.org/export/1.x/`, and its `excerpt/` namespace.
            for scheme in ["http://", "https://"] where namespace.hasPrefix(scheme + "wordpress.org/export/1.") {
                return namespace.hasSuffix("/excerpt/") ? "excerpt:" : "wp:"
            }
            return nil
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let prefix = Self.prefix(namespaceURI) ?? "other:"
        let element = prefix + name
        if path.isEmpty {
            sawRoot = true
            guard element == "rss" else {
                stop(parser, WXR.Failure(reason: "this is not a WordPress export: its root element is <\(qualifiedName ?? name)>, not <rss>"))
                return
            }
        }
        if prefix == "wp:" { sawWordPress = true }
        path.append(element)
        text = ""
        switch (path.count, element) {
        case (3, "wp:author"): sendSite(parser); author = WXR.Author()
        case (3, "wp:category"), (3, "wp:tag"), (3, "wp:term"):
            sendSite(parser)
            term = WXR.Term(taxonomy: element == "wp:category" ? "category" : element == "wp:tag" ? "post_tag" : "")
        case (3, "item"): sendSite(parser); item = WXR.Item()
        case (4, "category") where item != nil: categoryAttributes = attributes
        case (4, "wp:comment"): comment = WXR.Comment()
        case (_, "wp:postmeta"), (_, "wp:commentmeta"):
            metaKey = ""
            metaValue = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard stopped == nil, let element = path.last else { return }
        let value = text
        text = ""
        defer { path.removeLast() }
        switch path.count {
        case 3: endChannelChild(parser, element, value)
        case 4:
            if author != nil { setAuthor(element, value) }
            if term != nil { setTerm(element, value) }
            if item != nil { setItem(element, value) }
        case 5:
            if comment != nil { setComment(element, value) }
            if path[3] == "wp:postmeta" { setMeta(element, value) }
        case 6:
            if path[4] == "wp:commentmeta" { setMeta(element, value) }
        default: break
        }
        if element == "channel" { sendSite(parser) }
    }

    private func endChannelChild(_ parser: XMLParser, _ element: String, _ value: String) {
        switch element {
        case "title": site.title = value.trimmed
        case "link": site.link = value.trimmed
        case "description": site.description = value.trimmed
        case "language": site.language = value.trimmed
        case "wp:wxr_version": site.version = value.trimmed
        case "wp:base_site_url": site.baseSiteURL = value.trimmed
        case "wp:base_blog_url": site.baseBlogURL = value.trimmed
        case "generator": site.generator = value.trimmed
        case "wp:author": if let author { send(parser, .author(author)) }; author = nil
        case "wp:category", "wp:tag", "wp:term": if let term { send(parser, .term(term)) }; term = nil
        case "item": if let item { send(parser, .item(item)) }; item = nil
        default: break
        }
    }

    /// Where each child element's text goes. Text fields are trimmed except the ones that
    /// are writing (content, excerpts, descriptions, passwords), kept as WordPress has them.
    private enum Field<Record>: Sendable {
        case text(WritableKeyPath<Record, String> & Sendable)
        case raw(WritableKeyPath<Record, String> & Sendable)
        /// A WordPress ID; 0 means none.
        case id(WritableKeyPath<Record, Int?> & Sendable)

        func set(_ value: String, on record: inout Record) {
            switch self {
            case .text(let path): record[keyPath: path] = value.trimmed
            case .raw(let path): record[keyPath: path] = value
            case .id(let path): record[keyPath: path] = Int(value.trimmed).flatMap { $0 == 0 ? nil : $0 }
            }
        }
    }

    private static let authorFields: [String: Field<WXR.Author>] = [
        "wp:author_id": .id(\.id), "wp:author_login": .text(\.login), "wp:author_email": .text(\.email),
        "wp:author_display_name": .text(\.displayName), "wp:author_first_name": .text(\.firstName), "wp:author_last_name": .text(\.lastName),
    ]

    private static let termFields: [String: Field<WXR.Term>] = [
        "wp:term_id": .id(\.id), "wp:term_taxonomy": .text(\.taxonomy),
        "wp:category_nicename": .text(\.slug), "wp:tag_slug": .text(\.slug), "wp:term_slug": .text(\.slug),
        "wp:category_parent": .text(\.parent), "wp:term_parent": .text(\.parent),
        "wp:cat_name": .text(\.name), "wp:tag_name": .text(\.name), "wp:term_name": .text(\.name),
        "wp:category_description": .raw(\.description), "wp:tag_description": .raw(\.description), "wp:term_description": .raw(\.description),
    ]

    private static let itemFields: [String: Field<WXR.Item>] = [
        "title": .raw(\.title), "link": .text(\.link), "pubDate": .text(\.pubDate), "dc:creator": .text(\.creator), "guid": .text(\.guid),
        "description": .raw(\.description), "content:encoded": .raw(\.content), "excerpt:encoded": .raw(\.excerpt), "wp:post_id": .id(\.id),
        "wp:post_date": .text(\.date), "wp:post_date_gmt": .text(\.dateGMT), "wp:post_modified": .text(\.modified),
        "wp:post_modified_gmt": .text(\.modifiedGMT), "wp:comment_status": .text(\.commentStatus), "wp:post_name": .text(\.name),
        "wp:status": .text(\.status), "wp:post_parent": .id(\.parent), "wp:post_type": .text(\.type), "wp:post_password": .raw(\.password),
        "wp:attachment_url": .text(\.attachmentURL),
    ]

    private static let commentFields: [String: Field<WXR.Comment>] = [
        "wp:comment_id": .id(\.id), "wp:comment_author": .text(\.author), "wp:comment_author_email": .text(\.email),
        "wp:comment_author_url": .text(\.url), "wp:comment_author_IP": .text(\.ip), "wp:comment_date": .text(\.date),
        "wp:comment_date_gmt": .text(\.dateGMT), "wp:comment_content": .raw(\.content), "wp:comment_approved": .text(\.approved),
        "wp:comment_type": .text(\.type), "wp:comment_parent": .id(\.parent), "wp:comment_user_id": .id(\.userID),
    ]

    private func setAuthor(_ element: String, _ value: String) {
        if let field = Self.authorFields[element], author != nil { field.set(value, on: &author!) }
    }

    private func setTerm(_ element: String, _ value: String) {
        if let field = Self.termFields[element], term != nil { field.set(value, on: &term!) }
    }

    private func setItem(_ element: String, _ value: String) {
        guard item != nil else { return }
        if let field = Self.itemFields[element] { return field.set(value, on: &item!) }
        switch element {
        case "wp:menu_order": item?.menuOrder = Int(value.trimmed) ?? 0
        case "wp:is_sticky": item?.isSticky = value.trimmed == "1"
        case "category":
            item?.terms.append(WXR.ItemTerm(domain: categoryAttributes["domain"] ?? "category", slug: categoryAttributes["nicename"] ?? "", name: value.trimmed))
        case "wp:postmeta":
            if item?.meta[metaKey] == nil { item?.meta[metaKey] = metaValue }
        case "wp:comment":
            if let comment { item?.comments.append(comment) }
            comment = nil
        default: break
        }
    }

    private func setComment(_ element: String, _ value: String) {
        guard comment != nil else { return }
        if let field = Self.commentFields[element] { return field.set(value, on: &comment!) }
        if element == "wp:commentmeta", comment?.meta[metaKey] == nil { comment?.meta[metaKey] = metaValue }
    }

    private func setMeta(_ element: String, _ value: String) {
        switch element {
        case "wp:meta_key": metaKey = value.trimmed
        case "wp:meta_value": metaValue = value
        default: break
        }
    }

    private func sendSite(_ parser: XMLParser) {
        guard !siteSent else { return }
        siteSent = true
        send(parser, .site(site))
    }

    private func send(_ parser: XMLParser, _ part: WXR.Part) {
        guard stopped == nil else { return }
        do { try handle(part) } catch { stop(parser, error) }
    }

    private func stop(_ parser: XMLParser, _ error: any Error) {
        guard stopped == nil else { return }
        stopped = error
        parser.abortParsing()
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
