/// HTML as someone else wrote it (a WordPress post, a wire story's XHTML), read the forgiving
/// way a browser reads it: unclosed paragraphs and list items end where the next one starts,
/// stray end tags are ignored, and nothing is ever refused. Importers turn the tree into a
/// `StoryBody`; it is never written back out as HTML.
struct HTMLDocument: Sendable {
    indirect enum Node: Sendable, Equatable {
        case element(Element)
        case text(String)
        case comment(String)
    }

    struct Element: Sendable, Equatable {
        var name: String
        var attributes: [String: String]
        var children: [Node]

        func attribute(_ name: String) -> String? { attributes[name] }

        var classes: [Substring] { (attributes["class"] ?? "").split(whereSeparator: \.isWhitespace) }

        func hasClass(_ prefix: String) -> Bool { classes.contains { $0.hasPrefix(prefix) } }

        /// The text a reader would see, whitespace as written.
        var textContent: String {
            children.map { node in
                switch node {
                case .text(let text): text
                case .element(let element): element.textContent
                case .comment: ""
                }
            }.joined()
        }

        /// The first descendant (depth first) with one of these names.
        func first(_ names: Set<String>) -> Element? {
            for case .element(let child) in children {
                if names.contains(child.name) { return child }
                if let found = child.first(names) { return found }
            }
            return nil
        }
    }

    var nodes: [Node]

    init(parsing html: String) {
        var builder = TreeBuilder()
        var tokenizer = Tokenizer(html)
        while let token = tokenizer.next() { builder.take(token) }
        nodes = builder.finish()
    }

    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
    /// Elements whose content is text up to their end tag, never markup.
    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "noembed", "noframes", "iframe"]
    /// Elements that end an open paragraph, as a browser ends it.
    static let closesParagraph: Set<String> = [
        "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
    ]
}

extension HTMLDocument {
    enum Token: Equatable {
        case start(name: String, attributes: [String: String], selfClosing: Bool)
        case end(name: String)
        case text(String)
        case comment(String)
    }

    struct Tokenizer {
        private let scalars: [Unicode.Scalar]
        private var position = 0
        /// Inside `<script>` and the like, everything up to this end tag is text.
        private var rawUntil: String?

        init(_ html: String) { scalars = Array(html.unicodeScalars) }

        mutating func next() -> Token? {
            guard position < scalars.count else { return nil }
            if let raw = rawUntil {
                rawUntil = nil
                return rawText(until: raw)
            }
            if scalars[position] == "<", let token = markup() { return token }
            return text()
        }

        private mutating func text() -> Token {
            let start = position
            position += 1
            while position < scalars.count, scalars[position] != "<" { position += 1 }
            return .text(HTMLEntities.decoded(string(start, position)))
        }

        private mutating func rawText(until name: String) -> Token {
            let start = position
            while position < scalars.count {
                if scalars[position] == "<", position + 1 < scalars.count, scalars[position + 1] == "/",
                    string(position + 2, min(position + 2 + name.count, scalars.count)).lowercased() == name
                {
                    break
                }
                position += 1
            }
            return .text(string(start, position))
        }

        /// A tag, comment or declaration at `<`, or nil when the `<` is just text.
        private mutating func markup() -> Token? {
            let start = position
            guard position + 1 < scalars.count else { return nil }
            let next = scalars[position + 1]
            if next == "!" {
                if string(position, min(position + 4, scalars.count)) == "<!--" {
                    let bodyStart = position + 4
                    var end = bodyStart
                    while end < scalars.count, !(scalars[end] == "-" && string(end, min(end + 3, scalars.count)) == "-->") { end += 1 }
                    position = min(end + 3, scalars.count)
                    return .comment(string(bodyStart, min(end, scalars.count)))
                }
                // `<!DOCTYPE …>`, `<![CDATA[…]]>`: declarations, skipped like a browser does.
                if string(position, min(position + 9, scalars.count)) == "<![CDATA[" {
                    let bodyStart = position + 9
                    var end = bodyStart
                    while end < scalars.count, string(end, min(end + 3, scalars.count)) != "]]>" { end += 1 }
                    position = min(end + 3, scalars.count)
                    return .text(string(bodyStart, min(end, scalars.count)))
                }
                skip(past: ">")
                return .comment("")
            }
            if next == "?" {
                skip(past: ">")
                return .comment("")
            }
            let closing = next == "/"
            position += closing ? 2 : 1
            guard position < scalars.count, scalars[position].properties.isAlphabetic, scalars[position].isASCII else {
                position = start
                return nil
            }
            let name = readName().lowercased()
            var attributes: [String: String] = [:]
            var selfClosing = false
            while position < scalars.count {
                skipWhitespace()
                guard position < scalars.count else { break }
                let scalar = scalars[position]
                if scalar == ">" {
                    position += 1
                    break
                }
                if scalar == "/" {
                    position += 1
                    selfClosing = position < scalars.count && scalars[position] == ">"
                    continue
                }
                let attribute = readAttributeName().lowercased()
                guard !attribute.isEmpty else {
                    position += 1
                    continue
                }
                skipWhitespace()
                var value = ""
                if position < scalars.count, scalars[position] == "=" {
                    position += 1
                    skipWhitespace()
                    value = HTMLEntities.decoded(readAttributeValue())
                }
                // The first of a repeated attribute counts, as in a browser.
                if attributes[attribute] == nil { attributes[attribute] = value }
            }
            if closing { return .end(name: name) }
            if HTMLDocument.rawTextElements.contains(name), !selfClosing { rawUntil = name }
            return .start(name: name, attributes: attributes, selfClosing: selfClosing)
        }

        private mutating func readName() -> String {
            let start = position
            while position < scalars.count, !isSpace(scalars[position]), scalars[position] != "/", scalars[position] != ">" { position += 1 }
            return string(start, position)
        }

        private mutating func readAttributeName() -> String {
            let start = position
            while position < scalars.count, !isSpace(scalars[position]), !"/>=".unicodeScalars.contains(scalars[position]) { position += 1 }
            return string(start, position)
        }

        private mutating func readAttributeValue() -> String {
            guard position < scalars.count else { return "" }
            let quote = scalars[position]
            if quote == "\"" || quote == "'" {
                position += 1
                let start = position
                while position < scalars.count, scalars[position] != quote { position += 1 }
                let value = string(start, position)
                position = min(position + 1, scalars.count)
                return value
            }
            let start = position
            while position < scalars.count, !isSpace(scalars[position]), scalars[position] != ">" { position += 1 }
            return string(start, position)
        }

        private mutating func skipWhitespace() {
            while position < scalars.count, isSpace(scalars[position]) { position += 1 }
        }

        private mutating func skip(past end: Unicode.Scalar) {
            while position < scalars.count, scalars[position] != end { position += 1 }
            position = min(position + 1, scalars.count)
        }

        private func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}" }

        private func string(_ start: Int, _ end: Int) -> String {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<max(start, end)])
            return String(text)
        }
    }

    /// Builds the tree with the few rules of the HTML standard's that matter for article
    /// markup: implied ends of `p`, `li`, `dt`/`dd`, table rows and cells, and `option`.
    struct TreeBuilder {
        private struct Open {
            var name: String
            var attributes: [String: String]
            var children: [Node] = []
        }

        private var stack: [Open] = [Open(name: "#root", attributes: [:])]

        mutating func take(_ token: Token) {
            switch token {
            case .text(let text): stack[stack.count - 1].children.append(.text(text))
            case .comment(let text): stack[stack.count - 1].children.append(.comment(text))
            case .start(let name, let attributes, let selfClosing):
                closeImplied(by: name)
                if HTMLDocument.voidElements.contains(name) || selfClosing {
                    stack[stack.count - 1].children.append(.element(Element(name: name, attributes: attributes, children: [])))
                } else {
                    stack.append(Open(name: name, attributes: attributes))
                }
            case .end(let name):
                // An end tag with no open element of its name is ignored, as a browser does.
                guard let index = stack.lastIndex(where: { $0.name == name }), index > 0 else { return }
                while stack.count > index { pop() }
            }
        }

        mutating func finish() -> [Node] {
            while stack.count > 1 { pop() }
            return stack[0].children
        }

        private mutating func pop() {
            let open = stack.removeLast()
            stack[stack.count - 1].children.append(.element(Element(name: open.name, attributes: open.attributes, children: open.children)))
        }

        private mutating func closeImplied(by name: String) {
            if HTMLDocument.closesParagraph.contains(name) { close("p", within: ["button", "table", "td", "th", "li", "blockquote", "div", "figure"]) }
            switch name {
            case "li": close("li", within: ["ul", "ol", "menu"])
            case "dt", "dd":
                close("dt", within: ["dl"])
                close("dd", within: ["dl"])
            case "tr":
                close("td", within: ["table"])
                close("th", within: ["table"])
                close("tr", within: ["table"])
            case "td", "th":
                close("td", within: ["tr", "table"])
                close("th", within: ["tr", "table"])
            case "thead", "tbody", "tfoot":
                for each in ["td", "th", "tr", "thead", "tbody", "tfoot"] { close(each, within: ["table"]) }
            case "option": close("option", within: ["select", "datalist"])
            default: break
            }
        }

        /// Closes the nearest open `name`, unless one of `boundaries` is open inside it.
        private mutating func close(_ name: String, within boundaries: Set<String>) {
            for index in stack.indices.reversed() {
                if stack[index].name == name {
                    while stack.count > index { pop() }
                    return
                }
                if boundaries.contains(stack[index].name) || index == 0 { return }
            }
        }
    }
}
