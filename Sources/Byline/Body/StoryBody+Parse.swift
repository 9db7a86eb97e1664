import CCmarkGFM
import Synchronization

extension StoryBody {
    /// Parses a body's Markdown with cmark-gfm, the CommonMark reference parser, with
    /// GitHub's tables, strikethrough and autolinks, and then reads the newsroom's own blocks
    /// (figures, pull quotes, fact boxes, embeds) from it unless told not to, as the spec's
    /// examples are. Any text parses: Markdown has no errors.
    public static func parse(_ markdown: String, newsroomBlocks: Bool = true) -> StoryBody {
        let body = parseCommonMark(markdown)
        return newsroomBlocks ? body.withNewsroomBlocks() : body
    }

    private static func parseCommonMark(_ markdown: String) -> StoryBody {
        let extensions = Extensions.shared
        // cmark-gfm keeps the characters that may start inline markup in one table for the
        // whole process, and each parse with extensions adds theirs to it and takes them out
        // again (github/cmark-gfm#176), so two parses at once corrupt each other. Parses take
        // turns; each is well under a millisecond, and rendered bodies are cached.
        return extensions.lock.withLock { _ in
            guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return StoryBody(blocks: [.paragraph([.text(markdown)])]) }
            defer { cmark_parser_free(parser) }
            for syntax in extensions.all { cmark_parser_attach_syntax_extension(parser, syntax) }
            var bytes = Array(markdown.utf8)
            bytes.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
            guard let document = cmark_parser_finish(parser) else { return StoryBody(blocks: []) }
            defer { cmark_node_free(document) }
            return StoryBody(blocks: Reader().blocks(in: document))
        }
    }

    /// The GFM extensions, registered once per process (registration is not thread-safe;
    /// a static is initialised exactly once).
    private final class Extensions: @unchecked Sendable {
        static let shared = Extensions()
        let all: [OpaquePointer]
        let lock = Mutex(())

        private init() {
            cmark_gfm_core_extensions_ensure_registered()
            all = ["table", "strikethrough", "autolink"].compactMap { (name: String) in cmark_find_syntax_extension(name) }
        }
    }

    private struct Reader {
        func blocks(in parent: OpaquePointer?) -> [Block] {
            children(of: parent).compactMap(block)
        }

        private func children(of parent: OpaquePointer?) -> [OpaquePointer] {
            var nodes: [OpaquePointer] = []
            var node = cmark_node_first_child(parent)
            while let current = node {
                nodes.append(current)
                node = cmark_node_next(current)
            }
            return nodes
        }

        private func block(_ node: OpaquePointer) -> Block? {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_PARAGRAPH: return .paragraph(inlines(in: node))
            case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(in: node))
            case CMARK_NODE_BLOCK_QUOTE: return .quote(blocks(in: node))
            case CMARK_NODE_THEMATIC_BREAK: return .rule
            case CMARK_NODE_HTML_BLOCK: return .html(literal(node))
            case CMARK_NODE_CODE_BLOCK:
                let info = string(cmark_node_get_fence_info(node)) ?? ""
                let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
                return .code(language: language, text: literal(node))
            case CMARK_NODE_LIST:
                let style: ListStyle = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                    ? .numbers(start: Int(cmark_node_get_list_start(node)), delimiter: cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM ? ")" : ".")
                    : .bullets
                return .list(style, tight: cmark_node_get_list_tight(node) != 0, items: children(of: node).map { blocks(in: $0) })
            default:
                return extensionBlock(node)
            }
        }

        private func extensionBlock(_ node: OpaquePointer) -> Block? {
            guard string(cmark_node_get_type_string(node)) == "table" else { return nil }
            let columns = Int(cmark_gfm_extensions_get_table_columns(node))
            let alignments = cmark_gfm_extensions_get_table_alignments(node).map { pointer in
                (0..<columns).map { index -> Table.Alignment in
                    switch UInt8(pointer[index]) {
                    case UInt8(ascii: "l"): .left
                    case UInt8(ascii: "c"): .center
                    case UInt8(ascii: "r"): .right
                    default: .none
                    }
                }
            } ?? Array(repeating: .none, count: columns)
            var header: [[Inline]] = []
            var rows: [[[Inline]]] = []
            for row in children(of: node) {
                let cells = children(of: row).map { inlines(in: $0) }
                if cmark_gfm_extensions_get_table_row_is_header(row) != 0 { header = cells } else { rows.append(cells) }
            }
            return .table(Table(alignments: alignments, header: header, rows: rows))
        }

        func inlines(in parent: OpaquePointer) -> [Inline] {
            var result: [Inline] = []
            for node in children(of: parent) {
                // The autolink extension leaves empty text nodes beside the links it makes.
                guard let inline = inline(node), inline != .text("") else { continue }
                // cmark splits text at every character that might have started markup.
                if case .text(let text) = inline, case .text(let previous)? = result.last {
                    result[result.count - 1] = .text(previous + text)
                } else {
                    result.append(inline)
                }
            }
            return result
        }

        private func inline(_ node: OpaquePointer) -> Inline? {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT: return .text(literal(node))
            case CMARK_NODE_SOFTBREAK: return .softBreak
            case CMARK_NODE_LINEBREAK: return .lineBreak
            case CMARK_NODE_CODE: return .code(literal(node))
            case CMARK_NODE_HTML_INLINE: return .html(literal(node))
            case CMARK_NODE_EMPH: return .emphasis(inlines(in: node))
            case CMARK_NODE_STRONG: return .strong(inlines(in: node))
            case CMARK_NODE_LINK:
                return .link(url: string(cmark_node_get_url(node)) ?? "", title: nonEmpty(cmark_node_get_title(node)), inlines(in: node))
            case CMARK_NODE_IMAGE:
                return .image(url: string(cmark_node_get_url(node)) ?? "", title: nonEmpty(cmark_node_get_title(node)), alt: inlines(in: node))
            default:
                if string(cmark_node_get_type_string(node)) == "strikethrough" { return .strikethrough(inlines(in: node)) }
                return nil
            }
        }

        private func literal(_ node: OpaquePointer) -> String { string(cmark_node_get_literal(node)) ?? "" }

        private func string(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }

        private func nonEmpty(_ pointer: UnsafePointer<CChar>?) -> String? {
            guard let text = string(pointer), !text.isEmpty else { return nil }
            return text
        }
    }
}
