import Foundation

extension StoryBody {
    /// How someone else's HTML is read into a body.
    public struct HTMLImport: Sendable {
        /// WordPress stores classic posts with blank lines for paragraphs and single newlines
        /// for line breaks, and adds the `<p>` and `<br>` only when it shows them (`wpautop`).
        public var lineBreaksAreMarkup: Bool
        /// Each link and image address on its way in: an old site's upload made a media-library
        /// path, say. Nil refuses the address; what it pointed at keeps its words.
        public var address: @Sendable (String) -> String?

        public init(lineBreaksAreMarkup: Bool = false, address: @escaping @Sendable (String) -> String? = { $0 }) {
            self.lineBreaksAreMarkup = lineBreaksAreMarkup
            self.address = address
        }
    }

    /// What reading the HTML left out, for the import's report.
    public struct HTMLImportNotes: Sendable, Equatable {
        /// Elements dropped with their content (`script`, `iframe from example.com`…), by name.
        public var removed: [String: Int] = [:]
        /// Link and image addresses refused (`javascript:` and the like).
        public var refusedAddresses: [String] = []

        public init() {}

    }

    /// The body an HTML fragment shows, by construction: only the blocks and inlines a story
    /// has are read, every other element is unwrapped to its text or, when it is active
    /// content (scripts, frames, forms, plug-ins), dropped and noted.
    public static func fromHTML(_ html: String, _ options: HTMLImport = HTMLImport()) -> (body: StoryBody, notes: HTMLImportNotes) {
        var reader = HTMLBodyReader(options: options)
        let blocks = reader.blocks(HTMLDocument(parsing: html).nodes)
        return (StoryBody(blocks: blocks), reader.notes)
    }
}

private struct HTMLBodyReader {
    typealias Node = HTMLDocument.Node
    typealias Element = HTMLDocument.Element
    typealias Block = StoryBody.Block
    typealias Inline = StoryBody.Inline

    let options: StoryBody.HTMLImport
    var notes = StoryBody.HTMLImportNotes()

    init(options: StoryBody.HTMLImport) { self.options = options }

    /// Active content: never shown, whatever it contains.
    static let dropped: Set<String> = [
        "script", "style", "noscript", "template", "object", "embed", "applet", "form", "input", "button", "select", "textarea", "option",
        "svg", "math", "canvas", "head", "title", "meta", "link", "base", "frame", "frameset", "noembed", "noframes", "dialog", "map", "area",
    ]
    static let blockElements: Set<String> = HTMLDocument.closesParagraph.union(["li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "center", "body", "html", "summary"])
    static let embedded: Set<String> = ["img", "iframe", "video", "audio"]

    // MARK: Blocks

    mutating func blocks(_ nodes: [Node]) -> [Block] {
        var blocks: [Block] = []
        var pending: [Inline] = []
        func flush(_ reader: inout HTMLBodyReader) {
            if let block = reader.paragraph(pending) { blocks.append(block) }
            pending = []
        }
        for node in nodes {
            switch node {
            case .text(let text):
                if options.lineBreaksAreMarkup {
                    // A blank line ends the paragraph; a single newline is a line break.
                    let paragraphs = Self.paragraphs(text.replacingOccurrences(of: "\r\n", with: "\n"))
                    for (index, part) in paragraphs.enumerated() {
                        if index > 0 { flush(&self) }
                        pending += lines(part)
                    }
                } else {
                    pending.append(.text(text))
                }
            case .comment(let text):
                // `<!--nextpage-->` split a WordPress post into pages; here the story is one
                // page, and the break is a rule. `<!--more-->` marked the teaser's end.
                if text.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("nextpage") {
                    flush(&self)
                    blocks.append(.rule)
                }
            case .element(let element):
                if Self.dropped.contains(element.name) {
                    note(element.name)
                } else if Self.embedded.contains(element.name) ? pending.allSatisfy(\.isBlank) : Self.blockElements.contains(element.name) {
                    // A picture or player starting a line stands alone; inside a line it stays in it.
                    flush(&self)
                    blocks += block(element)
                } else if containsBlock(element) {
                    // An inline element wrapped round blocks (`<a><div>…</div></a>`): its blocks count.
                    flush(&self)
                    blocks += self.blocks(element.children)
                } else {
                    pending += inlines(element)
                }
            }
        }
        flush(&self)
        return blocks
    }

    /// The text split at its blank lines; a blank line at either end still splits, so text
    /// after it starts a new paragraph.
    private static func paragraphs(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var chunks: [[Substring]] = [[lines[0]]]
        var inBlank = false
        for index in lines.indices.dropFirst() {
            let blank = lines[index].allSatisfy { $0 == " " || $0 == "\t" }
            if blank, index < lines.count - 1 {
                if !inBlank { chunks.append([]) }
                inBlank = true
            } else {
                chunks[chunks.count - 1].append(lines[index])
                inBlank = false
            }
        }
        return chunks.map { $0.joined(separator: "\n") }
    }

    private func lines(_ text: String) -> [Inline] {
        var inlines: [Inline] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { inlines.append(.lineBreak) }
            inlines.append(.text(String(line)))
        }
        return inlines
    }

    private func containsBlock(_ element: Element) -> Bool {
        element.children.contains { node in
            guard case .element(let child) = node else { return false }
            return Self.blockElements.contains(child.name) || containsBlock(child)
        }
    }

    private mutating func block(_ element: Element) -> [Block] {
        switch element.name {
        case "p", "summary": return paragraph(inlines(element.children)).map { [$0] } ?? []
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let text = StoryBody.onOneLine(tidy(inlines(element.children)))
            return text.isEmpty ? [] : [.heading(level: Int(String(element.name.last!))!, tidy(text))]
        case "ul", "ol": return list(element)
        case "li", "dd", "dt": return blocks(element.children)
        case "blockquote":
            if element.hasClass("wp-block-pullquote") { return [pullQuote(element)] }
            let children = blocks(element.children)
            return children.isEmpty ? [] : [.quote(children)]
        case "pre":
            let code = element.first(["code"])
            let language = (code?.classes ?? element.classes).first { $0.hasPrefix("language-") }.map { String($0.dropFirst("language-".count)) }
            var text = element.textContent.replacingOccurrences(of: "\r\n", with: "\n")
            if text.hasPrefix("\n") { text.removeFirst() }
            if !text.hasSuffix("\n") { text += "\n" }
            return [.code(language: language, text: text)]
        case "hr": return [.rule]
        case "table": return table(element).map { [$0] } ?? blocks(element.children)
        case "figure": return figure(element)
        case "img": return image(element).map { [.figure($0)] } ?? []
        case "iframe": return frame(element)
        case "video", "audio": return media(element)
        default: return blocks(element.children)
        }
    }

    private mutating func list(_ element: Element) -> [Block] {
        var items: [[Block]] = []
        var loose: [Node] = []
        for node in element.children {
            if case .element(let child) = node, child.name == "li" {
                if !loose.isEmpty { items.append(blocks(loose)); loose = [] }
                items.append(blocks(child.children))
            } else if case .text(let text) = node, text.allSatisfy(\.isWhitespace) {
                continue
            } else {
                loose.append(node)
            }
        }
        if !loose.isEmpty { items.append(blocks(loose)) }
        items.removeAll { $0.isEmpty }
        guard !items.isEmpty else { return [] }
        let style: StoryBody.ListStyle = element.name == "ol" ? .numbers(start: element.attribute("start").flatMap { Int($0) } ?? 1, delimiter: ".") : .bullets
        let tight = items.allSatisfy { $0.count == 1 && $0.first.map(\.isParagraph) == true || $0.count == 2 && $0[0].isParagraph && $0[1].isList }
        return [.list(style, tight: tight, items: items)]
    }

    private mutating func pullQuote(_ element: Element) -> Block {
        let quote = element.name == "blockquote" ? element : element.first(["blockquote"]) ?? element
        let cite = quote.first(["cite"])
        let body = blocks(quote.children.filter { node in
            if case .element(let child) = node, child.name == "cite" { return false }
            return true
        })
        return .pullQuote(body, source: cite.map { tidy(inlines($0.children)) } ?? [])
    }

    private mutating func table(_ element: Element) -> Block? {
        var rows: [(cells: [[Inline]], header: Bool)] = []
        func collect(_ nodes: [Node], inHead: Bool, into reader: inout HTMLBodyReader) {
            for case .element(let child) in nodes {
                switch child.name {
                case "thead": collect(child.children, inHead: true, into: &reader)
                case "tbody", "tfoot": collect(child.children, inHead: false, into: &reader)
                case "tr":
                    var cells: [[Inline]] = []
                    var allHeaders = true
                    for case .element(let cell) in child.children where cell.name == "td" || cell.name == "th" {
                        allHeaders = allHeaders && cell.name == "th"
                        cells.append(StoryBody.onOneLine(reader.tidy(reader.inlines(cell.children))))
                    }
                    if !cells.isEmpty { rows.append((cells, inHead || allHeaders)) }
                case "caption": continue
                default: collect(child.children, inHead: inHead, into: &reader)
                }
            }
        }
        collect(element.children, inHead: false, into: &self)
        guard !rows.isEmpty else { return nil }
        let width = rows.map(\.cells.count).max() ?? 0
        let padded = rows.map { $0.cells + Array(repeating: [], count: width - $0.cells.count) }
        // A Markdown table always has a header; a table without one gets its first row.
        return .table(StoryBody.Table(alignments: Array(repeating: .none, count: width), header: padded[0], rows: Array(padded.dropFirst())))
    }

    private mutating func figure(_ element: Element) -> [Block] {
        if element.hasClass("wp-block-pullquote") || element.first(["blockquote"]) != nil && element.first(["img"]) == nil { return [pullQuote(element)] }
        if element.hasClass("wp-block-embed") || element.hasClass("wp-block-video") || element.hasClass("wp-block-audio") {
            if let frame = element.first(["iframe", "video", "audio"]) { return block(frame) }
            // WordPress keeps the address as the wrapper's text and the editor's caption beside it;
            // the caption is the card's title, as the reader saw it under the player.
            var addressOnly = element
            addressOnly.children.removeAll { if case .element(let child) = $0 { child.name == "figcaption" } else { false } }
            let url = addressOnly.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
            let caption = element.first(["figcaption"]).map { StoryBody.onOneLine(tidy(inlines($0.children))) } ?? []
            return url.isEmpty ? [] : [.paragraph([link(url, caption.isEmpty ? [.text(url)] : caption)].compactMap { $0 })].filter { !$0.isEmptyParagraph }
        }
        if element.first(["table"]) != nil { return blocks(element.children) }
        let images = allImages(element)
        let caption = element.children.compactMap { node -> Element? in
            if case .element(let child) = node, child.name == "figcaption" { return child }
            return nil
        }.last
        if images.count > 1 || element.hasClass("wp-block-gallery") {
            let figures = galleryFigures(element)
            return figures.isEmpty ? [] : [.gallery(figures)] + (caption.flatMap { paragraph(inlines($0.children)) }.map { [$0] } ?? [])
        }
        guard let first = images.first, var figure = image(first) else { return caption.flatMap { paragraph(inlines($0.children)) }.map { [$0] } ?? [] }
        if let caption { figure.caption = StoryBody.onOneLine(tidy(inlines(caption.children))) }
        return [.figure(figure)]
    }

    /// A gallery's pictures: each `<figure>` inside with its own caption, or each image.
    private mutating func galleryFigures(_ element: Element) -> [StoryBody.Figure] {
        var figures: [StoryBody.Figure] = []
        func walk(_ nodes: [Node], into reader: inout HTMLBodyReader) {
            for case .element(let child) in nodes {
                if child.name == "figure", let image = child.first(["img"]), var figure = reader.image(image) {
                    if let caption = child.first(["figcaption"]) { figure.caption = reader.tidy(reader.inlines(caption.children)) }
                    figures.append(figure)
                } else if child.name == "img", let figure = reader.image(child) {
                    figures.append(figure)
                } else if child.name != "figcaption" {
                    walk(child.children, into: &reader)
                }
            }
        }
        walk(element.children, into: &self)
        return figures
    }

    private func allImages(_ element: Element) -> [Element] {
        element.children.flatMap { node -> [Element] in
            guard case .element(let child) = node else { return [] }
            return child.name == "img" ? [child] : allImages(child)
        }
    }

    private mutating func image(_ element: Element) -> StoryBody.Figure? {
        guard let source = element.attribute("src").map(trimmedURL), !source.isEmpty else { return nil }
        guard let url = address(source) else { return nil }
        return StoryBody.Figure(url: url, alt: collapsed(element.attribute("alt") ?? ""), title: element.attribute("title").map(collapsed).flatMap { $0.isEmpty ? nil : $0 }, caption: [], credit: [])
    }

    /// A video player from a known service becomes a link to the video, which the story shows
    /// as a card; a frame from anywhere else is dropped, because it runs that site's code.
    private mutating func frame(_ element: Element) -> [Block] {
        let source = trimmedURL(element.attribute("src") ?? "")
        if let watch = Self.watchAddress(forPlayer: source) {
            let title = collapsed(element.attribute("title") ?? "")
            return [.paragraph([.link(url: watch, title: nil, [.text(title.isEmpty ? watch : title)])])]
        }
        let host = URLComponents(string: source.hasPrefix("//") ? "https:" + source : source)?.host ?? "an unknown address"
        note("iframe from \(host)")
        return []
    }

    /// The page of a video whose player address this is, for the players newsrooms embed.
    static func watchAddress(forPlayer source: String) -> String? {
        guard let components = URLComponents(string: source.hasPrefix("//") ? "https:" + source : source), var host = components.host?.lowercased() else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        let parts = components.path.split(separator: "/")
        switch host {
        case "youtube.com", "youtube-nocookie.com":
            guard parts.count == 2, parts[0] == "embed" else { return nil }
            return "https://www.youtube.com/watch?v=\(parts[1])"
        case "player.vimeo.com":
            guard parts.count == 2, parts[0] == "video", parts[1].allSatisfy(\.isNumber) else { return nil }
            return "https://vimeo.com/\(parts[1])"
        default: return nil
        }
    }

    /// Audio and video files become a link to the file: the reader's browser plays it, and
    /// the story loads nothing until then.
    private mutating func media(_ element: Element) -> [Block] {
        let sources = [element.attribute("src")] + element.children.compactMap { node -> String? in
            if case .element(let child) = node, child.name == "source" { return child.attribute("src") }
            return nil
        }
        guard let source = sources.compactMap({ $0.map(trimmedURL) }).first(where: { !$0.isEmpty }) else { return [] }
        let kind = element.name == "audio" ? "Audio" : "Video"
        let name = URL(string: source)?.lastPathComponent ?? source
        return [link(source, [.text("\(kind): \(name.isEmpty ? source : name)")])].compactMap { $0 }.map { .paragraph([$0]) }
    }

    /// The paragraph the inlines make, or a figure when it is an image alone (with the link
    /// WordPress wraps round it to the full-size file), or nothing when it is empty.
    private func paragraph(_ inlines: [Inline]) -> Block? {
        let inlines = tidy(inlines)
        guard !inlines.isEmpty else { return nil }
        // An address alone on its line: WordPress showed it as the embedded post or video.
        if inlines.count == 1, case .text(let text) = inlines[0], BodyURL.isExternal(text), !text.contains(" "), URL(string: text) != nil {
            return .paragraph([.link(url: text, title: nil, [.text(text)])])
        }
        if inlines.count == 1 {
            var only = inlines[0]
            if case .link(_, _, let children) = only, children.count == 1 { only = children[0] }
            if case .image(let url, let title, let alt) = only {
                return .figure(StoryBody.Figure(url: url, alt: StoryBody.plainText(alt), title: title, caption: [], credit: []))
            }
        }
        return .paragraph(inlines)
    }

    // MARK: Inlines

    private mutating func inlines(_ nodes: [Node]) -> [Inline] {
        nodes.flatMap { node -> [Inline] in
            switch node {
            case .text(let text): options.lineBreaksAreMarkup ? lines(text) : [.text(text)]
            case .comment: []
            case .element(let element): inlines(element)
            }
        }
    }

    private mutating func inlines(_ element: Element) -> [Inline] {
        if Self.dropped.contains(element.name) {
            note(element.name)
            return []
        }
        switch element.name {
        case "br": return [.lineBreak]
        case "strong", "b": return [.strong(inlines(element.children))]
        case "em", "i", "cite", "dfn", "var": return [.emphasis(inlines(element.children))]
        case "del", "s", "strike": return [.strikethrough(inlines(element.children))]
        case "code", "kbd", "samp", "tt": return [.code(collapsed(element.textContent))]
        case "q": return [.text("“")] + inlines(element.children) + [.text("”")]
        case "a":
            let children = inlines(element.children)
            guard let href = element.attribute("href").map(trimmedURL), !href.isEmpty, !href.hasPrefix("#") else { return children }
            return [link(href, children, title: element.attribute("title"))].compactMap { $0 }.ifEmpty(children)
        case "img":
            guard let figure = image(element) else { return element.attribute("alt").map { [.text($0)] } ?? [] }
            return [.image(url: figure.url, title: figure.title, alt: figure.alt.isEmpty ? [] : [.text(figure.alt)])]
        case "iframe", "video", "audio":
            // A player in a line of text stays a link in it.
            return block(element).flatMap { block -> [Inline] in if case .paragraph(let inlines) = block { inlines } else { [] } }
        default: return inlines(element.children)
        }
    }

    private mutating func link(_ href: String, _ children: [Inline], title: String? = nil) -> Inline? {
        guard let url = address(href) else { return nil }
        let title = title.map(collapsed).flatMap { $0.isEmpty ? nil : $0 }
        return .link(url: url, title: title, children.isEmpty ? [.text(url)] : children)
    }

    /// The address as the options have it, if the body may link to it.
    private mutating func address(_ url: String) -> String? {
        guard let mapped = options.address(url), let allowed = BodyURL.allowed(mapped) else {
            notes.refusedAddresses.append(url)
            return nil
        }
        return allowed
    }

    private func trimmedURL(_ url: String) -> String { url.trimmingCharacters(in: .whitespacesAndNewlines) }

    private mutating func note(_ name: String) { notes.removed[name, default: 0] += 1 }

    /// Text as a browser shows it: runs of white space one space, none at the ends of a
    /// line, adjacent runs of text joined, and empty formatting dropped.
    func tidy(_ inlines: [Inline]) -> [Inline] {
        var endsInSpace = true
        var result = collapsed(inlines, endsInSpace: &endsInSpace)
        trimTrailingSpace(&result)
        while let last = result.last, last.isBreak { result.removeLast() }
        while let first = result.first, first.isBreak { result.removeFirst() }
        return result
    }

    /// One space where the source has a run of white space, across element boundaries: a
    /// space that follows another (or a line's start) is dropped.
    private func collapsed(_ inlines: [Inline], endsInSpace: inout Bool) -> [Inline] {
        var result: [Inline] = []
        for inline in inlines {
            switch inline {
            case .text(let text):
                var collapsed = ""
                for character in text {
                    if character.isWhitespace && character != "\u{A0}" {
                        if !endsInSpace { collapsed.append(" ") }
                        endsInSpace = true
                    } else {
                        collapsed.append(character)
                        endsInSpace = false
                    }
                }
                guard !collapsed.isEmpty else { continue }
                if case .text(let previous)? = result.last { result[result.count - 1] = .text(previous + collapsed) } else { result.append(.text(collapsed)) }
            case .lineBreak, .softBreak:
                trimTrailingSpace(&result)
                // Two breaks in a row are one: a blank line inside a paragraph says nothing more.
                if let last = result.last, !last.isBreak { result.append(.lineBreak) }
                endsInSpace = true
            case .emphasis(let children), .strong(let children), .strikethrough(let children), .link(_, _, let children):
                let inner = collapsed(children, endsInSpace: &endsInSpace)
                if inner.allSatisfy(\.isBlank), case .link = inline {} else if inner.allSatisfy(\.isBlank) {
                    // Formatting round nothing but a space leaves the space.
                    if !inner.isEmpty, case .text(let previous)? = result.last { result[result.count - 1] = .text(previous + " ") } else if !inner.isEmpty { result.append(.text(" ")) }
                    continue
                }
                result.append(inline.replacingChildren(inner.isEmpty ? children : inner))
            default:
                result.append(inline)
                endsInSpace = false
            }
        }
        return result
    }

    /// Drops the spaces at the end, from the end: copying the line's whole text at every line
    /// break made long paragraphs quadratic.
    private func trimTrailingSpace(_ inlines: inout [Inline]) {
        guard case .text(var text)? = inlines.last, text.last == " " else { return }
        while text.last == " " { text.removeLast() }
        if text.isEmpty { inlines.removeLast() } else { inlines[inlines.count - 1] = .text(text) }
    }

    private func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace && $0 != "\u{A0}" }).joined(separator: " ")
    }
}

extension StoryBody.Inline {
    fileprivate var isBreak: Bool {
        switch self {
        case .softBreak, .lineBreak: true
        default: false
        }
    }

    fileprivate var isBlank: Bool {
        switch self {
        case .text(let text): text.allSatisfy(\.isWhitespace)
        case .softBreak, .lineBreak: true
        default: false
        }
    }

    fileprivate var endsInSpace: Bool {
        if case .text(let text) = self { return text.last == " " }
        return false
    }

    fileprivate func replacingChildren(_ children: [StoryBody.Inline]) -> StoryBody.Inline {
        switch self {
        case .emphasis: .emphasis(children)
        case .strong: .strong(children)
        case .strikethrough: .strikethrough(children)
        case .link(let url, let title, _): .link(url: url, title: title, children)
        default: self
        }
    }
}

extension StoryBody.Block {
    fileprivate var isParagraph: Bool {
        if case .paragraph = self { return true }
        return false
    }

    fileprivate var isList: Bool {
        if case .list = self { return true }
        return false
    }

    fileprivate var isEmptyParagraph: Bool {
        if case .paragraph(let inlines) = self { return inlines.isEmpty }
        return false
    }
}

extension Array {
    fileprivate func ifEmpty(_ other: [Element]) -> [Element] { isEmpty ? other : self }
}
