import Mustache

/// How templates escape `{{name}}`: `String.htmlEscaped`, which escapes the same five
/// characters as swift-mustache's own HTML escaping, a byte at a time. swift-mustache's looks
/// each character up in a dictionary, which was a tenth of an uncached article page's time.
///
/// A template opts in with the `CONTENT_TYPE` pragma; `prepared(_:)` adds it to every
/// template Byline loads, a theme's overrides included, so theme authors write nothing.
enum TemplateEscaping {
    static let contentTypeName = "BYLINE_HTML"
    /// On the template's first line, so that no line number in a syntax error moves.
    static let pragma = "{{%CONTENT_TYPE:\(contentTypeName)}}"

    private struct HTML: MustacheContentType {
        func escapeText(_ text: String) -> String { text.htmlEscaped }
    }

    /// The template's source with the pragma in front, the content type registered.
    static func prepared(_ source: String) -> String {
        registration
        return pragma + source
    }

    private static let registration: Void = MustacheContentTypes.register(HTML(), named: contentTypeName)

    /// A syntax error's column as the author counts it, without the pragma.
    static func authorsColumn(line: Int, column: Int) -> Int {
        line == 1 ? max(1, column - pragma.count) : column
    }
}
