import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small XML document held as a tree, for the agency formats, whose items are small and
/// whose meaning depends on where an element sits (`headline` in `contentMeta`, not in an
/// `itemRef`). Names are local, with their namespace kept beside them. Built only after the
/// prolog check: no DTD is ever read, so no entity but XML's own is ever expanded.
struct XMLTree: Sendable {
    indirect enum Node: Sendable, Equatable {
        case element(Element)
        case text(String)
    }

    struct Element: Sendable, Equatable {
        var name: String
        var namespace: String
        var attributes: [String: String]
        var children: [Node]

        var elements: [Element] { children.compactMap { if case .element(let element) = $0 { element } else { nil } } }

        func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }

        func first(_ name: String) -> Element? { elements.first { $0.name == name } }

        /// A path of child names, `contentMeta/headline`.
        func at(_ path: String) -> Element? {
            var element: Element? = self
            for part in path.split(separator: "/") { element = element?.first(String(part)) }
            return element
        }

        /// The text inside, its runs of white space made one space.
        var text: String { Self.collapsed(rawText) }

        var rawText: String {
            children.map { node in
                switch node {
                case .text(let text): text
                case .element(let element): element.rawText
                }
            }.joined()
        }

        subscript(attribute: String) -> String? { attributes[attribute] }

        static func collapsed(_ text: String) -> String {
            text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
    }

    struct Failure: Error, Equatable, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    let root: Element

    /// Reads a whole document, refusing a DTD and anything that is not well-formed.
    init(_ data: Data, what: String) throws(Failure) {
        switch XMLProlog(data.prefix(64 * 1024)) {
        case .root: break
        case .doctype: throw Failure(reason: "\(what) has a document type declaration (<!DOCTYPE …>), which is never read")
        case .notXML: throw Failure(reason: "\(what) is not XML: it doesn't start with markup")
        case .unfinished: throw Failure(reason: "\(what) ends before its first element")
        }
        if let refusal = XMLEncoding.refusal(opening: data, chunks: { each in each(data) }) { throw Failure(reason: refusal.reason(what)) }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let builder = Builder()
        parser.delegate = builder
        let finished = parser.parse()
        parser.delegate = nil
        if parser.parserError != nil || !finished {
            throw Failure(reason: "\(what) is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber))")
        }
        guard let root = builder.root else { throw Failure(reason: "\(what) has no root element") }
        self.root = root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [Element] = []
        var root: Element?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            // Attributes keep their local names; `xml:lang` is the one prefixed name read.
            var local: [String: String] = [:]
            for (key, value) in attributes { local[key.hasPrefix("xml:") ? key : String(key.split(separator: ":").last ?? Substring(key))] = value }
            stack.append(Element(name: name, namespace: namespaceURI ?? "", attributes: local, children: []))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard let element = stack.popLast() else { return }
            if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(.element(element)) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { append(string) }

        func parser(_ parser: XMLParser, foundCDATA data: Data) { append(String(decoding: data, as: UTF8.self)) }

        private func append(_ text: String) {
            guard !stack.isEmpty else { return }
            if case .text(let before)? = stack[stack.count - 1].children.last {
                stack[stack.count - 1].children[stack[stack.count - 1].children.count - 1] = .text(before + text)
            } else {
                stack[stack.count - 1].children.append(.text(text))
            }
        }
    }
}

extension XMLTree.Element {
    /// The element's content written out as HTML, for `StoryBody.fromHTML`: XHTML as it is,
    /// NITF's own names (`hl2`, `block`, `media`) as the HTML elements they stand for. The
    /// body reader then keeps only what a story has, exactly as it does for WordPress posts.
    var innerHTML: String {
        var html = ""
        for child in children { Self.write(child, into: &html) }
        return html
    }

    private static let nitfNames: [String: String] = [
        "hl1": "h2", "hl2": "h2", "block": "div", "body.content": "div", "body.head": "div", "body.end": "div",
        "media": "figure", "media-caption": "figcaption", "bq": "blockquote", "credit": "cite", "pre": "pre",
        "dateline": "p", "byline": "p", "tagline": "p", "fn": "p", "note": "aside", "em": "em",
    ]

    private static func write(_ node: XMLTree.Node, into html: inout String) {
        switch node {
        case .text(let text): html += text.htmlEscaped
        case .element(let element):
            var name = element.name.lowercased()
            var attributes = element.attributes
            if let mapped = nitfNames[name] { name = mapped }
            if element.name == "media-reference" {
                // NITF's picture: its source is an attribute of a reference inside <media>.
                name = "img"
                attributes = ["src": element["source"] ?? element["href"] ?? "", "alt": element["alternate-text"] ?? ""]
            }
            let written = attributes.filter { ["href", "src", "alt", "title", "class"].contains($0.key) }.sorted { $0.key < $1.key }
                .map { " \($0.key)=\"\($0.value.htmlEscaped)\"" }.joined()
            html += "<\(name)\(written)>"
            for child in element.children { write(child, into: &html) }
            if !HTMLDocument.voidElements.contains(name) { html += "</\(name)>" }
        }
    }
}
