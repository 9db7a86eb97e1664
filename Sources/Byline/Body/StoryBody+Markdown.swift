import Foundation

extension StoryBody {
    /// The body written back as the Markdown it is stored as, in the README's syntax, so that
    /// `StoryBody.parse(body.markdown)` is the same body. Importers build a `StoryBody` from
    /// someone else's HTML and store this; a reporter then edits it like any other story.
    public var markdown: String {
        var writer = MarkdownWriter()
        writer.blocks(blocks)
        return writer.output
    }
}

/// Writes blocks separated by blank lines, escaping every character of text that Markdown
/// could otherwise read as syntax.
private struct MarkdownWriter {
    var output = ""

    mutating func blocks(_ blocks: [StoryBody.Block], tight: Bool = false) {
        var previousMarker: Character?
        for (index, block) in blocks.enumerated() {
            if index > 0 { output += tight ? "\n" : "\n\n" }
            // Two lists in a row would be read as one unless the second uses another marker.
            var alternate = false
            if case .list(let style, _, _) = block {
                alternate = Self.marker(style, alternate: false) == previousMarker
                previousMarker = Self.marker(style, alternate: alternate)
            } else {
                previousMarker = nil
            }
            output += Self.block(block, alternateMarker: alternate)
        }
    }

    /// The character that tells one list from the next: the bullet, or the number's delimiter.
    private static func marker(_ style: StoryBody.ListStyle, alternate: Bool) -> Character {
        switch style {
        case .bullets: alternate ? "*" : "-"
        case .numbers(_, let delimiter): alternate ? (delimiter == "." ? ")" : ".") : delimiter
        }
    }

    static func markdown(_ blocks: [StoryBody.Block], tight: Bool = false) -> String {
        var writer = MarkdownWriter()
        writer.blocks(blocks, tight: tight)
        return writer.output
    }

    static func block(_ block: StoryBody.Block, alternateMarker: Bool = false) -> String {
        switch block {
        case .paragraph(let inlines): return paragraph(inlines)
        case .heading(let level, let inlines):
            // A `#` at a heading's end would be read as its closing sequence.
            return String(repeating: "#", count: min(max(level, 1), 6)) + " " + line(oneLine(inlines)).replacingOccurrences(of: "#", with: "\\#")
        case .list(let style, let tight, let items):
            return items.enumerated().map { index, item in
                let marker = switch style {
                case .bullets: String(self.marker(style, alternate: alternateMarker))
                case .numbers(let start, _): "\(start + index)\(self.marker(style, alternate: alternateMarker))"
                }
                // An empty item still needs its marker; a first line of blank would end the list.
                let content = item.isEmpty ? "" : markdown(item, tight: tight)
                return indented(content, first: marker + " ", rest: String(repeating: " ", count: marker.count + 1))
            }.joined(separator: tight ? "\n" : "\n\n")
        case .quote(let children): return quoted(markdown(children))
        case .code(let language, let text):
            let body = text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
            let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: text) + 1))
            return fence + (language ?? "") + "\n" + body + fence
        case .html(let text):
            // Typed HTML is shown as text; written back as the same text it stays so.
            return text.hasSuffix("\n") ? String(text.dropLast()) : text
        case .rule: return "***"
        case .table(let table): return self.table(table)
        case .figure(let figure): return self.figure(figure)
        case .gallery(let figures): return quoted((["[!gallery]"] + figures.map(self.figure)).joined(separator: "\n\n"))
        case .pullQuote(let children, let source):
            var text = "[!pullquote]\n" + markdown(children)
            if !source.isEmpty { text += "\n— " + line(source) }
            return quoted(text)
        case .factBox(let title, let children):
            return quoted("[!factbox]" + (title.isEmpty ? "" : " " + line(title)) + (children.isEmpty ? "" : "\n\n" + markdown(children)))
        case .embed(let embed):
            let thumbnail = embed.thumbnail.map { "![\(escaped($0.alt))](\(destination($0.url)))" }
            if thumbnail == nil, embed.title == nil, !embed.url.contains(where: { " <>\n".contains($0) }) { return "<\(embed.url)>" }
            let words = embed.title.map { line($0) } ?? ""
            return "[" + [thumbnail, words.isEmpty ? nil : words].compactMap { $0 }.joined(separator: " ") + "](\(destination(embed.url)))"
        }
    }

    private static func figure(_ figure: StoryBody.Figure) -> String {
        var lines = [inline(.image(url: figure.url, title: figure.title, alt: [.text(figure.alt)]))]
        if !figure.caption.isEmpty { lines.append("Caption: " + line(figure.caption)) }
        if !figure.credit.isEmpty { lines.append("Credit: " + line(figure.credit)) }
        return lines.joined(separator: "\n")
    }

    private static func table(_ table: StoryBody.Table) -> String {
        func row(_ cells: [[StoryBody.Inline]]) -> String {
            // A pipe ends a cell wherever it stands, in code and addresses too, unless escaped.
            "| " + cells.map { line(oneLine($0)).replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        let rule = "|" + table.header.indices.map { index in
            switch index < table.alignments.count ? table.alignments[index] : .none {
            case .none: " --- "
            case .left: " :-- "
            case .center: " :-: "
            case .right: " --: "
            }
        }.joined(separator: "|") + "|"
        return ([row(table.header), rule] + table.rows.map(row)).joined(separator: "\n")
    }

    /// A paragraph's text, each line guarded so that it can't be read as the start of a
    /// heading, list, quote or rule.
    private static func paragraph(_ inlines: [StoryBody.Inline]) -> String {
        let text = line(inlines)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { guardedLineStart(String($0)) }.joined(separator: "\n")
    }

    static func line(_ inlines: [StoryBody.Inline], insideAsterisks: Bool = false) -> String {
        var text = ""
        for (index, inline) in inlines.enumerated() {
            // "!" before a link would make it an image.
            if case .link = inline, text.hasSuffix("!"), !text.hasSuffix("\\!") { text.insert("\\", at: text.index(before: text.endIndex)) }
            // Emphasis at the edge of `*` emphasis takes `_`, or `***` would read as another nesting.
            let edge = insideAsterisks && (index == 0 || index == inlines.count - 1)
            text += self.inline(inline, edgeOfAsterisks: edge)
        }
        return text
    }

    private static func oneLine(_ inlines: [StoryBody.Inline]) -> [StoryBody.Inline] { StoryBody.onOneLine(inlines) }

    static func inline(_ inline: StoryBody.Inline, edgeOfAsterisks: Bool = false) -> String {
        switch inline {
        case .text(let text): return escaped(text)
        case .softBreak: return "\n"
        case .lineBreak: return "\\\n"
        case .code(let text):
            let fence = String(repeating: "`", count: longestRun(of: "`", in: text) + 1)
            let pad = text.hasPrefix("`") || text.hasSuffix("`") || (text.hasPrefix(" ") && text.hasSuffix(" ") && !text.allSatisfy { $0 == " " }) ? " " : ""
            return fence + pad + text + pad + fence
        case .html(let text): return text
        case .emphasis(let children): return delimited(edgeOfAsterisks ? "_" : "*", children)
        case .strong(let children): return delimited("**", children)
        case .strikethrough(let children): return delimited("~~", children)
        case .link(let url, let title, let children):
            return "[" + line(children) + "](" + destination(url) + titled(title) + ")"
        case .image(let url, let title, let alt):
            return "![" + line(alt) + "](" + destination(url) + titled(title) + ")"
        }
    }

    /// Emphasis can't open on a space or close after one, so spaces at either end go outside.
    private static func delimited(_ delimiter: String, _ children: [StoryBody.Inline]) -> String {
        let text = line(children, insideAsterisks: delimiter.hasPrefix("*"))
        let core = text.trimmingCharacters(in: .whitespaces)
        guard !core.isEmpty else { return text }
        let leading = text.prefix { $0 == " " }
        let trailing = String(text.reversed().prefix { $0 == " " })
        return leading + delimiter + core + delimiter + trailing
    }

    private static func destination(_ url: String) -> String {
        "<" + url.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "<", with: "\\<").replacingOccurrences(of: ">", with: "\\>").replacingOccurrences(of: "\n", with: "%0A") + ">"
    }

    private static func titled(_ title: String?) -> String {
        guard let title, !title.isEmpty else { return "" }
        return " \"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Every ASCII character Markdown gives a meaning to inside a line, escaped. `&` only
    /// where it would start an entity, so "AT&T" stays readable; `|` only in tables.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var characters = text.makeIterator()
        var pending = characters.next()
        while let character = pending {
            let next = characters.next()
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "~": result += "\\" + String(character)
            case "&" where next.map { $0.isLetter || $0 == "#" } ?? false: result += "\\&"
            // Written as references, or the parser would take them for layout.
            case "\t": result += "&#9;"
            case "\n": result += "&#10;"
            default: result.append(character)
            }
            pending = next
        }
        return result
    }

    /// The start of a paragraph's line escaped when it would read as block syntax.
    private static func guardedLineStart(_ line: String) -> String {
        let trimmed = line.drop { $0 == " " }
        guard let first = trimmed.first else { return String(trimmed) }
        if "#>-+=".contains(first) { return "\\" + trimmed }
        // A line of pipes and dashes under another would make the two a table.
        if first == "|", trimmed.contains("-"), trimmed.allSatisfy({ "|:- ".contains($0) }) { return "\\" + trimmed }
        if first.isASCII, first.isNumber {
            let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
            let after = trimmed.dropFirst(digits.count).first
            if digits.count <= 9, after == "." || after == ")" { return digits + "\\" + trimmed.dropFirst(digits.count) }
        }
        return String(trimmed)
    }

    private static func indented(_ text: String, first: String, rest: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 ? first + line : line.isEmpty ? "" : rest + line
        }.joined(separator: "\n")
    }

    private static func quoted(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
    }

    private static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0
        var current = 0
        for each in text {
            current = each == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

