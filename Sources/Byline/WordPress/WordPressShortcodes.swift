import Foundation

/// WordPress shortcodes in a post's content, replaced by the HTML they stand for, so that no
/// `[gallery]` is left as text in a story (Ghost's migrator leaves them, TryGhost/Ghost#22273).
///
/// WordPress runs only the shortcodes a site's plugins registered, and the export doesn't say
/// which those were. So a bracket counts as a shortcode when WordPress's own set has its name,
/// or it has attributes, or a closing `[/name]`, or a plugin-style name (`su_box`,
/// `contact-form-7`). `[sic]` and `[1]` stay the words they are.
struct WordPressShortcodes {
    struct Attachment: Sendable, Equatable {
        var url: String
        var alt: String
        var caption: String
    }

    /// The attachment with this WordPress ID, for `[gallery ids="…"]`.
    var attachment: (Int) -> Attachment?
    /// The post's own attachments, for a `[gallery]` that names none.
    var attachedToPost: () -> [Attachment]

    /// What expanding found: shortcodes that had no Byline meaning and were removed, by name.
    struct Result: Equatable {
        var html: String
        var removed: [String: Int]
    }

    static let known: Set<String> = ["caption", "wp_caption", "gallery", "audio", "video", "embed", "playlist"]

    func expand(_ content: String) -> Result {
        var removed: [String: Int] = [:]
        let html = expand(content, removed: &removed)
        return Result(html: html, removed: removed)
    }

    private func expand(_ content: String, removed: inout [String: Int]) -> String {
        guard content.contains("[") else { return content }
        // Looked up once: searching the rest of a long post for `[/name]` at every bracket
        // (Markdown links, "[sic]") made expanding quadratic.
        let closers = Self.closingNames(in: content)
        var output = ""
        var rest = Substring(content)
        while let open = rest.firstIndex(of: "[") {
            output += rest[..<open]
            let from = rest[open...]
            // `[[gallery]]` is WordPress's way of writing the shortcode's own text.
            if from.hasPrefix("[["), let close = from.range(of: "]]") {
                output += "[" + from[from.index(from.startIndex, offsetBy: 2)..<close.lowerBound] + "]"
                rest = from[close.upperBound...]
                continue
            }
            guard let tag = Tag(parsing: from), tag.isShortcode(closedLater: closers.contains(tag.name)) else {
                output += "["
                rest = from.dropFirst()
                continue
            }
            var after = from[tag.end...]
            var inner: Substring?
            if !tag.selfClosing, let close = after.range(of: "[/\(tag.name)]") {
                inner = after[..<close.lowerBound]
                after = after[close.upperBound...]
            }
            output += html(for: tag, content: inner.map { expand(String($0), removed: &removed) }, removed: &removed)
            rest = after
        }
        output += rest
        return output
    }

    /// The names of every `[/name]` in the text.
    static func closingNames(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.range(of: "[/") {
            let name = rest[open.upperBound...].prefix { $0 != "]" && $0 != "[" && !$0.isWhitespace }
            if !name.isEmpty { names.insert(name.lowercased()) }
            rest = rest[open.upperBound...]
        }
        return names
    }

    private func html(for tag: Tag, content: String?, removed: inout [String: Int]) -> String {
        switch tag.name {
        case "caption", "wp_caption": return caption(tag, content: content ?? "")
        case "gallery": return gallery(tag)
        case "audio", "video":
            let keys = tag.name == "audio" ? ["src", "mp3", "m4a", "ogg", "wav", "wma", "flac"] : ["src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov"]
            guard let source = keys.lazy.compactMap({ tag.attributes[$0] }).first(where: { !$0.isEmpty }) else {
                removed[tag.name, default: 0] += 1
                return content ?? ""
            }
            return "\n\n<\(tag.name) src=\"\(Self.attribute(source))\"></\(tag.name)>\n\n"
        case "embed":
            let url = (content ?? tag.attributes["src"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !url.isEmpty else { return "" }
            return "\n\n<p><a href=\"\(Self.attribute(url))\">\(Self.text(url))</a></p>\n\n"
        default:
            removed[tag.name, default: 0] += 1
            // What an unknown shortcode wrapped is the writer's words: they stay.
            return content ?? ""
        }
    }

    /// `[caption]<a><img></a> The caption.[/caption]`, or the older `caption="…"` attribute.
    private func caption(_ tag: Tag, content: String) -> String {
        var image = ""
        var text = content
        if let start = content.range(of: "<img", options: .caseInsensitive), let end = content[start.upperBound...].firstIndex(of: ">") {
            var imageEnd = content.index(after: end)
            var imageStart = start.lowerBound
            // The link WordPress puts round the image to its full-size file goes with it.
            let before = content[..<imageStart]
            if let link = before.range(of: "<a ", options: [.caseInsensitive, .backwards]),
                let linkEnd = before[link.upperBound...].firstIndex(of: ">"), before[before.index(after: linkEnd)...].allSatisfy(\.isWhitespace),
                let close = content[imageEnd...].range(of: "</a>", options: .caseInsensitive), content[imageEnd..<close.lowerBound].allSatisfy(\.isWhitespace)
            {
                imageStart = link.lowerBound
                imageEnd = close.upperBound
            }
            image = String(content[imageStart..<imageEnd])
            text = String(content[..<imageStart] + content[imageEnd...])
        }
        if let attribute = tag.attributes["caption"], text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { text = Self.text(attribute) }
        return "\n\n<figure>\(image)<figcaption>\(text.trimmingCharacters(in: .whitespacesAndNewlines))</figcaption></figure>\n\n"
    }

    private func gallery(_ tag: Tag) -> String {
        let ids = (tag.attributes["ids"] ?? tag.attributes["include"] ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let pictures = ids.isEmpty ? attachedToPost() : ids.compactMap(attachment)
        let figures = pictures.map { picture in
            "<figure><img src=\"\(Self.attribute(picture.url))\" alt=\"\(Self.attribute(picture.alt))\">"
                + (picture.caption.isEmpty ? "" : "<figcaption>\(Self.text(picture.caption))</figcaption>") + "</figure>"
        }
        return figures.isEmpty ? "" : "\n\n<figure class=\"wp-block-gallery\">\(figures.joined())</figure>\n\n"
    }

    static func attribute(_ value: String) -> String {
        text(value).replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func text(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// An opening shortcode tag: `[name key="value" key=value flag]` or `[name … /]`.
    struct Tag {
        var name: String
        var attributes: [String: String]
        /// Whether it has a `key=value` attribute.
        var hasAttributes: Bool
        var selfClosing: Bool
        /// Just past the closing `]`.
        var end: Substring.Index

        init?(parsing text: Substring) {
            var index = text.index(after: text.startIndex)
            let nameStart = index
            while index < text.endIndex, text[index].isASCII, text[index].isLetter || text[index].isNumber || text[index] == "_" || text[index] == "-" { index = text.index(after: index) }
            // A name ends at a space, `/` or `]`: "[Editor's note]" is words, not a shortcode.
            guard index > nameStart, text[nameStart].isLetter, index < text.endIndex, text[index].isWhitespace || "/]".contains(text[index]) else { return nil }
            name = text[nameStart..<index].lowercased()
            var attributes: [String: String] = [:]
            var positional = 0
            var selfClosing = false
            var any = false
            while index < text.endIndex {
                let character = text[index]
                if character == "]" {
                    self.attributes = attributes
                    self.hasAttributes = any
                    self.selfClosing = selfClosing
                    end = text.index(after: index)
                    return
                }
                if character == "[" || character == "\n" && attributes.isEmpty && !any { return nil }
                if character.isWhitespace {
                    index = text.index(after: index)
                    continue
                }
                if character == "/" {
                    selfClosing = true
                    index = text.index(after: index)
                    continue
                }
                selfClosing = false
                // A key, then `=` and a value in quotes or without; or a value alone.
                let keyStart = index
                while index < text.endIndex, !text[index].isWhitespace, !"=]\"'".contains(text[index]) { index = text.index(after: index) }
                var key = text[keyStart..<index].lowercased()
                var value = ""
                if index < text.endIndex, text[index] == "=" {
                    // Only `key=value` says "shortcode": "[note: see below]" is still words.
                    any = true
                    index = text.index(after: index)
                    (value, index) = Self.value(in: text, from: index)
                } else if key.isEmpty, index < text.endIndex, "\"'".contains(text[index]) {
                    (value, index) = Self.value(in: text, from: index)
                    key = "\(positional)"
                    positional += 1
                } else {
                    value = key
                    key = "\(positional)"
                    positional += 1
                }
                attributes[key] = HTMLEntities.decoded(value)
            }
            return nil
        }

        private static func value(in text: Substring, from start: Substring.Index) -> (String, Substring.Index) {
            guard start < text.endIndex else { return ("", start) }
            let quote = text[start]
            if quote == "\"" || quote == "'" || quote == "\u{201D}" || quote == "\u{2033}" {
                let valueStart = text.index(after: start)
                guard let close = text[valueStart...].firstIndex(where: { $0 == quote || quote != "\"" && quote != "'" && ($0 == "\u{201D}" || $0 == "\u{2033}") }) else {
                    return (String(text[valueStart...]), text.endIndex)
                }
                return (String(text[valueStart..<close]), text.index(after: close))
            }
            var index = start
            while index < text.endIndex, !text[index].isWhitespace, text[index] != "]" { index = text.index(after: index) }
            return (String(text[start..<index]), index)
        }

        func isShortcode(closedLater: Bool) -> Bool {
            WordPressShortcodes.known.contains(name) || hasAttributes || closedLater || name.contains("_") || name.contains("-")
        }
    }
}
