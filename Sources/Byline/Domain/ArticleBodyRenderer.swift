import Foundation
import Ink

/// Turns an article's Markdown into HTML that is safe to put in a page.
///
/// Ink's own output trusts its input (see shared/PITFALLS.md): link titles break out of
/// `href`, image alt text injects attributes, any URL scheme passes and raw HTML is copied
/// through. This renderer rebuilds links and images itself, escaping every attribute and
/// allowing only http, https, mailto and site-relative URLs, and escapes raw HTML so that
/// it shows as text. Headings are demoted one level because the page's only `<h1>` is the
/// headline.
public struct ArticleBodyRenderer: Sendable {
    public init() {}

    public func html(from markdown: String) -> String {
        parser().html(from: markdown)
    }

    private func parser() -> MarkdownParser {
        MarkdownParser(modifiers: [
            Modifier(target: .html) { input in String(input.markdown).htmlEscaped },
            Modifier(target: .links) { input in self.link(input) },
            Modifier(target: .images) { input in self.image(input) },
            Modifier(target: .headings) { input in Self.demoteHeading(input.html) },
        ])
    }

    /// Renders a fragment of inline Markdown the way Ink renders it inside a paragraph.
    private func inlineHTML(_ markdown: Substring) -> String {
        let html = parser().html(from: String(markdown))
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>") else { return html }
        return String(html.dropFirst(3).dropLast(4))
    }

    // MARK: Links and images

    private func link(_ input: Modifier.Input) -> String {
        guard let label = Self.bracketedText(input.markdown, opening: "[") else { return String(input.markdown).htmlEscaped }
        let labelHTML = inlineHTML(label)
        let prefix = "<a href=\"", suffix = "\">\(labelHTML)</a>"
        guard input.html.hasPrefix(prefix), input.html.hasSuffix(suffix), input.html.count >= prefix.count + suffix.count else {
            return String(input.markdown).htmlEscaped
        }
        let target = Self.LinkTarget(input.html.dropFirst(prefix.count).dropLast(suffix.count))
        guard let href = target.safeURL else { return labelHTML }
        let title = target.title.map { " title=\"\($0.htmlEscaped)\"" } ?? ""
        let external = href.hasPrefix("http://") || href.hasPrefix("https://") ? " rel=\"noopener\"" : ""
        return "<a href=\"\(href.htmlEscaped)\"\(title)\(external)>\(labelHTML)</a>"
    }

    private func image(_ input: Modifier.Input) -> String {
        guard input.markdown.hasPrefix("!"), let alt = Self.bracketedText(input.markdown.dropFirst(), opening: "[") else {
            return String(input.markdown).htmlEscaped
        }
        let altHTML = inlineHTML(alt)
        let prefix = "<img src=\"", suffix = altHTML.isEmpty ? "\"/>" : "\" alt=\"\(altHTML)\"/>"
        guard input.html.hasPrefix(prefix), input.html.hasSuffix(suffix), input.html.count >= prefix.count + suffix.count else {
            return String(input.markdown).htmlEscaped
        }
        let target = Self.LinkTarget(input.html.dropFirst(prefix.count).dropLast(suffix.count))
        guard let src = target.safeURL, !src.hasPrefix("mailto:") else { return String(alt).htmlEscaped }
        let title = target.title.map { " title=\"\($0.htmlEscaped)\"" } ?? ""
        return "<img src=\"\(src.htmlEscaped)\" alt=\"\(String(alt).htmlEscaped)\"\(title) loading=\"lazy\">"
    }

    /// The text between `opening` and its closing `]`, as Ink reads it (an escaped `\]` doesn't close).
    private static func bracketedText(_ markdown: Substring, opening: Character) -> Substring? {
        guard markdown.first == opening else { return nil }
        var index = markdown.index(after: markdown.startIndex)
        var previous: Character = opening
        while index < markdown.endIndex {
            let character = markdown[index]
            if character == "]", previous != "\\" { return markdown[markdown.index(after: markdown.startIndex)..<index] }
            previous = character
            index = markdown.index(after: index)
        }
        return nil
    }

    /// What Ink put in `href`/`src`: a URL, possibly followed by a Markdown title.
    struct LinkTarget {
        var url: String
        var title: String?

        init(_ raw: Substring) {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) {
                url = String(trimmed[..<space])
                var title = trimmed[space...].trimmingCharacters(in: .whitespaces)
                if let first = title.first, let last = title.last, title.count >= 2,
                    (first == "\"" && last == "\"") || (first == "'" && last == "'") || (first == "(" && last == ")")
                {
                    title = String(title.dropFirst().dropLast())
                }
                title = title.replacingOccurrences(of: "\\\"", with: "\"")
                self.title = title.isEmpty ? nil : title
            } else {
                url = trimmed
                title = nil
            }
            if url.hasPrefix("<"), url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
        }

        /// The URL when its scheme is allowed; control characters and whitespace, which
        /// browsers skip inside schemes (`java\tscript:`), are removed before deciding.
        var safeURL: String? {
            let cleaned = String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
            guard !cleaned.isEmpty else { return nil }
            if cleaned.hasPrefix("//") || cleaned.hasPrefix("\\") { return nil }
            // Anything before the first colon that isn't inside a path or query counts as a
            // scheme, even "java&#x09;script" or "#a": an unknown scheme is refused, not guessed at.
            guard let colon = cleaned.firstIndex(of: ":"), !cleaned[..<colon].contains(where: { $0 == "/" || $0 == "?" }) else {
                return cleaned
            }
            switch cleaned[..<colon].lowercased() {
            case "http", "https", "mailto": return cleaned
            default: return nil
            }
        }
    }

    // MARK: Headings

    private static func demoteHeading(_ html: String) -> String {
        guard html.count >= 9, html.hasPrefix("<h"), let level = html.dropFirst(2).first?.wholeNumberValue else { return html }
        let newLevel = min(level + 1, 6)
        return "<h\(newLevel)" + html.dropFirst(3).dropLast(5) + "</h\(newLevel)>"
    }
}
