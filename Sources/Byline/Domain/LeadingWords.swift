extension String {
    /// The text's first whole words that fit in `limit` characters, with `…` when words were
    /// left out: a headline made from a body, a page's description. Nil when it has no words.
    func leadingWords(upTo limit: Int, marking: Bool) -> String? {
        var result = ""
        for word in split(whereSeparator: \.isWhitespace) {
            if result.count + word.count + 1 > limit { return result.isEmpty ? String(word.prefix(limit)) : result + (marking ? "…" : "") }
            result += (result.isEmpty ? "" : " ") + word
        }
        return result.isEmpty ? nil : result
    }
}
