import Foundation

/// Reader comments are plain text: nothing a commenter types is interpreted as HTML or
/// Markdown. This turns that text into safe HTML: escaped, paragraphs for blank lines, `<br>`
/// for single newlines, and http(s) URLs as links that pass no ranking and no opener.
public enum CommentText {
    /// NFC, Unix newlines, no control characters (tab and newline excepted), trimmed.
    ///
    /// Bidirectional overrides (U+202A–U+202E, U+2066–U+2069) are removed too: in a name
    /// or comment they can make text read differently from what is stored.
    public static func normalize(_ raw: String) -> String {
        let unified = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var scalars = String.UnicodeScalarView()
        for scalar in unified.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09: scalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F: continue
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A single-line field (name, email, URL): normalized, with any line breaks made spaces.
    public static func normalizeLine(_ raw: String) -> String {
        normalize(raw).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
    }

    public static func html(_ text: String) -> String {
        let paragraphs = text.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .newlines) }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return paragraphs.map { paragraph in
            "<p>" + paragraph.split(separator: "\n", omittingEmptySubsequences: false).map { linkified(String($0)) }.joined(separator: "<br>\n") + "</p>"
        }.joined(separator: "\n")
    }

    /// How many links the text would get: the moderation rules count them.
    public static func linkCount(_ text: String) -> Int {
        urlRanges(in: text).count
    }

    private static func linkified(_ line: String) -> String {
        var html = ""
        var cursor = line.startIndex
        for range in urlRanges(in: line) {
            html += String(line[cursor..<range.lowerBound]).htmlEscaped
            let url = String(line[range])
            html += "<a href=\"\(url.htmlEscaped)\" rel=\"nofollow ugc noopener\">\(url.htmlEscaped)</a>"
            cursor = range.upperBound
        }
        return html + String(line[cursor...]).htmlEscaped
    }

    /// http:// and https:// URLs, ending before whitespace and without trailing punctuation
    /// that usually closes the sentence rather than the URL.
    private static func urlRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var searchStart = text.startIndex
        while let found = text.range(of: "http", options: .caseInsensitive, range: searchStart..<text.endIndex) {
            let rest = text[found.lowerBound...]
            guard rest.lowercased().hasPrefix("http://") || rest.lowercased().hasPrefix("https://") else {
                searchStart = found.upperBound
                continue
            }
            // Must start a word: "xhttp://" is not a link.
            if found.lowerBound > text.startIndex, let before = text[..<found.lowerBound].last, before.isLetter || before.isNumber {
                searchStart = found.upperBound
                continue
            }
            var end = rest.firstIndex { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" } ?? text.endIndex
            while end > found.lowerBound, let last = text[..<end].last, ".,;:!?)]}'’”".contains(last) {
                end = text.index(before: end)
            }
            let candidate = text[found.lowerBound..<end]
            if candidate.count > "https://".count, URLComponents(string: String(candidate))?.host?.isEmpty == false {
                ranges.append(found.lowerBound..<end)
            }
            searchStart = end > found.upperBound ? end : found.upperBound
        }
        return ranges
    }
}
