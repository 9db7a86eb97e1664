import Foundation

/// How text is folded for search: case, accents and Latin special letters (ß, Ł, æ) all fold
/// to plain lowercase letters, so "Łódź", "LODZ" and "lodz" find each other. Articles are
/// indexed and queries are read through the same function, on every backend.
public enum SearchText {
    public static func fold(_ text: String) -> String {
        // ASCII has no accents to strip, and the ICU transforms below cost a hundred times
        // more than lowercasing: snippets fold every word of ten articles per search.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        let stripped = text.applyingTransform(.stripDiacritics, reverse: false) ?? text
        let latin = stripped.applyingTransform(StringTransform("Latin-ASCII"), reverse: false) ?? stripped
        return latin.lowercased()
    }

    /// The words of a query: letters and digits, folded, at most 16 of at most 64 characters.
    /// Anything else (quotes, operators, `*`, `NEAR`, punctuation) is a separator, so no query
    /// can be read as search syntax.
    public static func terms(_ query: String) -> [String] {
        var terms: [String] = []
        for word in fold(String(query.prefix(2000))).split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where terms.count < 16 {
            let term = String(word.prefix(64))
            if !terms.contains(term) { terms.append(term) }
        }
        return terms
    }

    /// The text an article is found by: its headline (weighted) and its standfirst and body.
    static func indexed(headline: String, dek: String?, body: String) -> (title: String, body: String) {
        (fold(headline), fold((dek.map { $0 + "\n" } ?? "") + plain(body)))
    }

    /// Markdown without its markup, for indexing and snippets: the body's own words.
    static func plain(_ markdown: String) -> String { StoryBody.parse(markdown).plainText }

    /// About `words` words of `text` around the first match, with every match marked, as
    /// escaped HTML. A text without a match gives its opening.
    static func snippetHTML(_ text: String, terms: [String], words: Int = 30) -> String {
        // Matches are usually near the top of a story, so the opening is tried first: a results
        // page then cleans and folds ten openings rather than ten whole articles.
        if let limit = text.index(text.startIndex, offsetBy: openingLength, limitedBy: text.endIndex), limit < text.endIndex,
            let cut = text[..<limit].lastIndex(where: \.isWhitespace),
            let html = snippet(String(text[..<cut]), terms: terms, words: words, continues: true, needsMatch: true)
        {
            return html
        }
        return snippet(text, terms: terms, words: words, continues: false, needsMatch: false) ?? ""
    }

    static let openingLength = 1500

    /// nil when `needsMatch` and nothing matches. Words are folded only as far as the first
    /// match and across the window shown.
    private static func snippet(_ text: String, terms: [String], words: Int, continues: Bool, needsMatch: Bool) -> String? {
        let tokens = plain(text).split(whereSeparator: \.isWhitespace)
        let matches = { (token: Substring) in
            let folded = fold(String(token))
            return terms.contains { folded.contains($0) }
        }
        let found = tokens.firstIndex(where: matches)
        if found == nil, needsMatch { return nil }
        guard !tokens.isEmpty else { return "" }
        let first = found ?? 0
        let start = max(0, min(first - words / 3, tokens.count - words))
        let end = min(tokens.count, start + words)
        var html = start > 0 ? "… " : ""
        html += tokens[start..<end].map { matches($0) ? "<mark>\(String($0).htmlEscaped)</mark>" : String($0).htmlEscaped }.joined(separator: " ")
        if end < tokens.count || continues { html += " …" }
        return html
    }
}
