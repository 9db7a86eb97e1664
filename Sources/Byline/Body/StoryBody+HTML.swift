import Foundation

extension StoryBody {
    /// How the HTML is shaped for where it goes. The page demotes headings one level (the
    /// page's only `<h1>` is the headline), marks external links `noopener` and lets images
    /// load lazily; `.commonMark` is the reference rendering the spec's examples are checked
    /// against.
    public struct HTMLStyle: Sendable {
        public var headingOffset: Int
        public var pageAttributes: Bool
        /// When set, site-relative addresses (`/media/…`) are written under it, for HTML read
        /// away from the site.
        public var base: String?

        public static let page = HTMLStyle(headingOffset: 1, pageAttributes: true)
        public static let commonMark = HTMLStyle(headingOffset: 0, pageAttributes: false)
    }

    /// The body as HTML that is safe to put in a page, by construction: every text and
    /// attribute is escaped as it is written, HTML typed into the body is shown as text, and a
    /// link or image whose address is not http(s), mailto or on this site loses its address.
    public func html(_ style: HTMLStyle = .page) -> String {
        var writer = HTMLWriter(style: style)
        writer.blocks(blocks, tight: false)
        return writer.output
    }

    /// The HTML to drop into a page or a JSON field: cmark ends every block with a newline,
    /// and a fragment doesn't need the last one.
    func fragment(_ style: HTMLStyle) -> String {
        var html = html(style)
        if html.hasSuffix("\n") { html.removeLast() }
        return html
    }
}

/// Writes HTML the way cmark's own renderer lays it out (a newline after each block), so
/// the reference rendering can be compared with the spec's examples as they are written.
private struct HTMLWriter {
    let style: StoryBody.HTMLStyle
    private var bytes: [UInt8] = []

    init(style: StoryBody.HTMLStyle) {
        self.style = style
        bytes.reserveCapacity(8192)
    }

    var output: String { String(decoding: bytes, as: UTF8.self) }

    mutating func blocks(_ blocks: [StoryBody.Block], tight: Bool) {
        for block in blocks { self.block(block, tight: tight) }
    }

    private mutating func block(_ block: StoryBody.Block, tight: Bool) {
        switch block {
        case .paragraph(let inlines):
            if tight {
                self.inlines(inlines)
            } else {
                newline()
                raw("<p>")
                self.inlines(inlines)
                raw("</p>\n")
            }
        case .heading(let level, let inlines):
            let shown = min(level + style.headingOffset, 6)
            newline()
            raw("<h\(shown)>")
            self.inlines(inlines)
            raw("</h\(shown)>\n")
        case .quote(let children):
            newline()
            raw("<blockquote>\n")
            blocks(children, tight: false)
            newline()
            raw("</blockquote>\n")
        case .list(let listStyle, let isTight, let items):
            newline()
            switch listStyle {
            case .bullets: raw("<ul>\n")
            case .numbers(let start, _): raw(start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n")
            }
            for item in items {
                newline()
                raw("<li>")
                blocks(item, tight: isTight)
                raw("</li>\n")
            }
            if case .bullets = listStyle { raw("</ul>\n") } else { raw("</ol>\n") }
        case .code(let language, let text):
            newline()
            if let language {
                raw("<pre><code class=\"language-")
                escaped(language)
                raw("\">")
            } else {
                raw("<pre><code>")
            }
            escaped(text)
            raw("</code></pre>\n")
        case .html(let text):
            newline()
            escaped(text)
            newline()
        case .rule:
            newline()
            raw("<hr />\n")
        case .table(let table):
            self.table(table)
        case .figure(let figure):
            self.figure(figure)
        case .gallery(let figures):
            newline()
            raw("<div class=\"story-gallery\">\n")
            for figure in figures { self.figure(figure) }
            raw("</div>\n")
        case .pullQuote(let children, let source):
            newline()
            raw("<figure class=\"pull-quote\">\n<blockquote>\n")
            blocks(children, tight: false)
            newline()
            raw("</blockquote>\n")
            if !source.isEmpty {
                raw("<figcaption>— ")
                inlines(source)
                raw("</figcaption>\n")
            }
            raw("</figure>\n")
        case .factBox(let title, let children):
            newline()
            raw("<aside class=\"fact-box\">\n")
            if !title.isEmpty {
                raw("<p class=\"fact-box__title\">")
                inlines(title)
                raw("</p>\n")
            }
            blocks(children, tight: false)
            newline()
            raw("</aside>\n")
        case .embed(let embed):
            // Providers are matched on http(s) addresses only, so this holds; if it ever didn't,
            // the reader still gets the words, as with any refused link.
            guard let safe = BodyURL.allowed(embed.url) else { return self.block(.paragraph(embed.title ?? [.text(embed.url)]), tight: false) }
            newline()
            raw("<p class=\"link-card\"><a href=\"")
            href(safe)
            raw("\" rel=\"noopener nofollow\">")
            if let thumbnail = embed.thumbnail, let source = BodyURL.allowed(thumbnail.url) {
                // The title beside it says what the picture shows, so it is not read out twice.
                raw("<img class=\"link-card__thumbnail\" src=\"")
                href(source)
                raw(style.pageAttributes ? "\" alt=\"\" loading=\"lazy\" /> " : "\" alt=\"\" /> ")
            }
            raw("<span class=\"link-card__provider\">")
            escaped(embed.provider)
            raw("</span> <span class=\"link-card__title\">")
            if let title = embed.title { inlines(title) } else { escaped(embed.url) }
            raw("</span></a></p>\n")
        }
    }

    private mutating func figure(_ figure: StoryBody.Figure) {
        newline()
        guard let safe = BodyURL.allowed(figure.url), !BodyURL.isMail(safe) else {
            raw("<p>")
            escaped(figure.alt)
            raw("</p>\n")
            return
        }
        raw("<figure class=\"story-figure\">\n<img src=\"")
        href(safe)
        raw("\" alt=\"")
        escaped(figure.alt)
        raw("\"")
        if let title = figure.title { attribute("title", title) }
        raw(style.pageAttributes ? " loading=\"lazy\" />\n" : " />\n")
        if !figure.caption.isEmpty || !figure.credit.isEmpty {
            raw("<figcaption>")
            inlines(figure.caption)
            if !figure.credit.isEmpty {
                if !figure.caption.isEmpty { raw(" ") }
                raw("<span class=\"story-figure__credit\">")
                inlines(figure.credit)
                raw("</span>")
            }
            raw("</figcaption>\n")
        }
        raw("</figure>\n")
    }

    private mutating func table(_ table: StoryBody.Table) {
        func row(_ cells: [[StoryBody.Inline]], tag: String, into writer: inout HTMLWriter) {
            writer.raw("<tr>\n")
            for (index, cell) in cells.enumerated() {
                let alignment = index < table.alignments.count ? table.alignments[index] : .none
                switch alignment {
                case .none: writer.raw("<\(tag)>")
                case .left: writer.raw("<\(tag) class=\"align-left\">")
                case .center: writer.raw("<\(tag) class=\"align-center\">")
                case .right: writer.raw("<\(tag) class=\"align-right\">")
                }
                writer.inlines(cell)
                writer.raw("</\(tag)>\n")
            }
            writer.raw("</tr>\n")
        }
        newline()
        raw("<table>\n<thead>\n")
        row(table.header, tag: "th", into: &self)
        raw("</thead>\n")
        if !table.rows.isEmpty {
            raw("<tbody>\n")
            for cells in table.rows { row(cells, tag: "td", into: &self) }
            raw("</tbody>\n")
        }
        raw("</table>\n")
    }

    mutating func inlines(_ inlines: [StoryBody.Inline]) {
        for inline in inlines { self.inline(inline) }
    }

    private mutating func inline(_ inline: StoryBody.Inline) {
        switch inline {
        case .text(let text), .html(let text): escaped(text)
        case .softBreak: raw("\n")
        case .lineBreak: raw("<br />\n")
        case .code(let text):
            raw("<code>")
            escaped(text)
            raw("</code>")
        case .emphasis(let children): wrapped("em", children)
        case .strong(let children): wrapped("strong", children)
        case .strikethrough(let children): wrapped("del", children)
        case .link(let url, let title, let children):
            guard let safe = BodyURL.allowed(url) else { return inlines(children) }
            raw("<a href=\"")
            href(safe)
            raw("\"")
            if let title { attribute("title", title) }
            if style.pageAttributes, BodyURL.isExternal(safe) { raw(" rel=\"noopener\"") }
            raw(">")
            inlines(children)
            raw("</a>")
        case .image(let url, let title, let alt):
            guard let safe = BodyURL.allowed(url), !BodyURL.isMail(safe) else { return escaped(StoryBody.plainText(alt)) }
            raw("<img src=\"")
            href(safe)
            raw("\" alt=\"")
            escaped(StoryBody.plainText(alt))
            raw("\"")
            if let title { attribute("title", title) }
            raw(style.pageAttributes ? " loading=\"lazy\" />" : " />")
        }
    }

    private mutating func wrapped(_ tag: String, _ children: [StoryBody.Inline]) {
        raw("<\(tag)>")
        inlines(children)
        raw("</\(tag)>")
    }

    private mutating func attribute(_ name: String, _ value: String) {
        raw(" \(name)=\"")
        escaped(value)
        raw("\"")
    }

    /// Starts a block on a new line, as cmark's `cr()` does.
    private mutating func newline() {
        if let last = bytes.last, last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
    }

    private mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Text and attribute values: `&`, `<`, `>` and `"` escaped, which is all a double-quoted
    /// attribute or element content needs.
    private mutating func escaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "<"): raw("&lt;")
            case UInt8(ascii: ">"): raw("&gt;")
            case UInt8(ascii: "\""): raw("&quot;")
            default: bytes.append(byte)
            }
        }
    }

    /// A URL in an attribute, as cmark writes one: characters a URL may hold as they are,
    /// `&` and `'` as entities, and every other byte percent-encoded.
    private mutating func href(_ url: String) {
        if let base = style.base, url.hasPrefix("/"), !url.hasPrefix("//") { escaped(base) }
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "'"): raw("&#x27;")
            case _ where BodyURL.hrefSafe[Int(byte)]: bytes.append(byte)
            default: bytes.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
    }
}
