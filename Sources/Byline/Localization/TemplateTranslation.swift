/// Interface text in templates: `{{#t}}Leave a comment{{/t}}`, with a value shown through a
/// named placeholder, `{{#t}}Reply to {authorName}{{/t}}`.
///
/// The text is translated when the template is loaded, not on each render: a template is
/// parsed once per language, so a translated page costs what an English one does. The text
/// between the tags is plain text, not HTML: it is escaped like any value, and a
/// placeholder becomes `{{name}}`, escaped when the page is rendered. Runs of white space
/// count as one space, so a sentence may be wrapped across lines of the template.
enum TemplateTranslation {
    static let open = "{{#t}}"
    static let close = "{{/t}}"

    /// A message a template asks for, and the line it is on.
    struct Use: Equatable {
        var id: String
        var line: Int
    }

    /// A `{{#t}}` a template cannot use, with its line.
    struct Problem: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    static func uses(in source: String) throws(Problem) -> [Use] {
        var uses: [Use] = []
        try scan(source) { id, line in uses.append(Use(id: id, line: line)) } literal: { _ in }
        return uses
    }

    /// `source` with every message in the catalog's language.
    static func translated(_ source: String, with catalog: MessageCatalog) throws(Problem) -> String {
        var result = ""
        result.reserveCapacity(source.utf8.count)
        try scan(source) { id, _ in
            result += template(for: catalog.message(id))
        } literal: { text in
            result += text
        }
        return result
    }

    private static func scan(_ source: String, message: (String, Int) -> Void, literal: (Substring) -> Void) throws(Problem) {
        var rest = source[...]
        var line = 1
        func checkStrays(_ text: Substring) throws(Problem) {
            if let stray = text.range(of: close) {
                throw Problem(line: line + text[..<stray.lowerBound].count { $0 == "\n" }, message: "\(close) without \(open)")
            }
        }
        while let start = rest.range(of: open) {
            try checkStrays(rest[..<start.lowerBound])
            literal(rest[..<start.lowerBound])
            line += rest[..<start.lowerBound].count { $0 == "\n" }
            guard let end = rest[start.upperBound...].range(of: close) else {
                throw Problem(line: line, message: "\(open) has no \(close)")
            }
            let text = rest[start.upperBound..<end.lowerBound]
            if text.contains("{{") {
                throw Problem(line: line, message: "a message cannot hold a tag; write a value as a placeholder, {{#t}}Reply to {authorName}{{/t}}")
            }
            let id = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if id.isEmpty { throw Problem(line: line, message: "\(open)\(close) holds no text") }
            message(id, line)
            line += text.count { $0 == "\n" }
            rest = rest[end.upperBound...]
        }
        try checkStrays(rest)
        literal(rest)
    }

    /// A translated message as template source: its text escaped, its placeholders tags.
    private static func template(for text: String) -> String {
        var result = ""
        var start = text.startIndex
        for placeholder in MessageCatalog.placeholderRanges(in: text) {
            result += literal(text[start..<placeholder.range.lowerBound])
            result += "{{\(placeholder.name)}}"
            start = placeholder.range.upperBound
        }
        return result + literal(text[start...])
    }

    /// Escaped for HTML, and with no brace left to open a tag.
    private static func literal(_ text: Substring) -> String {
        String(text).htmlEscaped.replacingOccurrences(of: "{", with: "&#123;").replacingOccurrences(of: "}", with: "&#125;")
    }
}
