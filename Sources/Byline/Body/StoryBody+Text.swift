extension StoryBody {
    /// The words of the body, without markup, for the search index, the JSON-LD
    /// `articleBody`, snippets and the word count: blocks separated by a blank line, HTML
    /// typed into the body left out.
    public var plainText: String {
        var parts: [String] = []
        func collect(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .paragraph(let inlines), .heading(_, let inlines): parts.append(Self.plainText(inlines))
                case .quote(let children): collect(children)
                case .list(_, _, let items): for item in items { collect(item) }
                case .code(_, let text): parts.append(text.trimmingTrailingNewlines)
                case .html, .rule: continue
                case .table(let table):
                    for row in [table.header] + table.rows { parts.append(row.map(Self.plainText).joined(separator: " ")) }
                case .figure(let figure): parts.append(Self.plainText(figure.caption))
                case .gallery(let figures): for figure in figures { parts.append(Self.plainText(figure.caption)) }
                case .pullQuote(let children, let source):
                    collect(children)
                    parts.append(Self.plainText(source))
                case .factBox(let title, let children):
                    parts.append(Self.plainText(title))
                    collect(children)
                case .embed(let embed): parts.append(embed.title.map(Self.plainText) ?? "")
                }
            }
        }
        collect(blocks)
        return parts.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// The story's running text, a paragraph each, as quotations are read from it: paragraphs,
    /// list items and block quotes. A pull quote repeats words the story already has, and a
    /// caption, a fact box or code is not what anyone said in it.
    public var prose: [String] {
        var paragraphs: [String] = []
        func collect(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .paragraph(let inlines): paragraphs.append(Self.plainText(inlines))
                case .quote(let children): collect(children)
                case .list(_, _, let items): for item in items { collect(item) }
                case .heading, .code, .html, .rule, .table, .figure, .gallery, .pullQuote, .factBox, .embed: continue
                }
            }
        }
        collect(blocks)
        return paragraphs.filter { !$0.isEmpty }
    }

    /// Every address the body links to or shows, in reading order: what an importer checks
    /// for files it left behind on the old site.
    public var addresses: [String] {
        var found: [String] = []
        func inline(_ inlines: [Inline]) {
            for each in inlines {
                switch each {
                case .link(let url, _, let children):
                    found.append(url)
                    inline(children)
                case .image(let url, _, let alt):
                    found.append(url)
                    inline(alt)
                case .emphasis(let children), .strong(let children), .strikethrough(let children): inline(children)
                case .text, .softBreak, .lineBreak, .code, .html: continue
                }
            }
        }
        func figure(_ figure: Figure) {
            found.append(figure.url)
            inline(figure.caption)
            inline(figure.credit)
        }
        func collect(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .paragraph(let inlines), .heading(_, let inlines): inline(inlines)
                case .quote(let children): collect(children)
                case .list(_, _, let items): for item in items { collect(item) }
                case .code, .html, .rule: continue
                case .table(let table): for row in [table.header] + table.rows { row.forEach(inline) }
                case .figure(let each): figure(each)
                case .gallery(let figures): figures.forEach(figure)
                case .pullQuote(let children, let source):
                    collect(children)
                    inline(source)
                case .factBox(let title, let children):
                    inline(title)
                    collect(children)
                case .embed(let embed):
                    found.append(embed.url)
                    if let thumbnail = embed.thumbnail { found.append(thumbnail.url) }
                    inline(embed.title ?? [])
                }
            }
        }
        collect(blocks)
        return found
    }

    /// Words as a reader counts them: what stands between spaces, when it has a letter or a
    /// digit in it ("3,000" is one word, a dash alone is none).
    public var wordCount: Int {
        plainText.split(whereSeparator: \.isWhitespace).filter { $0.contains { $0.isLetter || $0.isNumber } }.count
    }

    /// Headings, table cells and captions are one line: their breaks, however deep, are spaces.
    static func onOneLine(_ inlines: [Inline]) -> [Inline] {
        inlines.map { inline in
            switch inline {
            case .softBreak, .lineBreak: .text(" ")
            case .emphasis(let children): .emphasis(onOneLine(children))
            case .strong(let children): .strong(onOneLine(children))
            case .strikethrough(let children): .strikethrough(onOneLine(children))
            case .link(let url, let title, let children): .link(url: url, title: title, onOneLine(children))
            case .image(let url, let title, let alt): .image(url: url, title: title, alt: onOneLine(alt))
            default: inline
            }
        }
    }

    static func plainText(_ inlines: [Inline]) -> String {
        var text = ""
        for inline in inlines {
            switch inline {
            case .text(let value), .code(let value): text += value
            case .softBreak, .lineBreak: text += " "
            case .html: continue
            case .emphasis(let children), .strong(let children), .strikethrough(let children), .link(_, _, let children): text += plainText(children)
            case .image(_, _, let alt): text += plainText(alt)
            }
        }
        return text
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while text.last == "\n" { text = text.dropLast() }
        return String(text)
    }
}
