import Crypto
import Foundation

/// The rules of the quote index, above the storage backends: what a story's quotes are, how a
/// quote is recognised again after an edit, how a name is matched, and what an editor's
/// decision does to what the extractor found.
public enum QuoteIndex {
    /// Raised whenever the extractor finds differently: `byline quotes reindex` redoes every
    /// story indexed by an older one.
    public static let version = 1

    /// More than any real story has; a body made of nothing but quotation marks stops here.
    public static let maximumQuotesPerStory = 5_000

    /// The quotations in a story's body, read from its running text.
    public static func quotations(inBody markdown: String) -> [Quotation] {
        QuoteExtractor().quotations(in: StoryBody.parse(markdown).prose)
    }

    /// A quote's identity across edits: its words, lowercased, without punctuation or accents,
    /// so that a corrected comma or a straightened quotation mark keeps an editor's decision,
    /// while changed words are a different quote.
    public static func fingerprint(_ text: String) -> String {
        let words = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return String(SHA256.hash(data: Data(words.joined(separator: " ").utf8)).hex.prefix(32))
    }

    /// What a quote is searched by: its folded words, each after a space.
    public static func searchText(_ text: String) -> String {
        SearchText.fold(text).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map { " " + $0 }.joined()
    }

    /// A name as aliases are matched: "President Putin", "president  putin" and "Président
    /// Putin" are one alias.
    public static func key(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'")
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "-" })
            .joined(separator: " ")
    }

    /// The slug a new person's page gets: their name, or `person` when it has no letters that
    /// make one.
    public static func slugBase(for name: String) -> String {
        let slug = Slug.make(from: name)
        return slug.isEmpty ? "person" : slug
    }

    /// An editor's decision as it is kept: found again by the quote's fingerprint.
    public enum Ruling: Sendable, Equatable {
        case speaker(Int64)
        case unnamed
        case hide

        public var action: String {
            switch self {
            case .speaker: "speaker"
            case .unnamed: "unnamed"
            case .hide: "hide"
            }
        }

        public init?(action: String, personID: Int64?) {
            switch (action, personID) {
            case ("speaker", let id?): self = .speaker(id)
            case ("unnamed", _): self = .unnamed
            case ("hide", _): self = .hide
            default: return nil
            }
        }
    }

    /// Who a quote ends up credited to, and how it shows: the extractor's finding with the
    /// editor's ruling, if any, on top.
    public static func settle(found personID: Int64?, ruling: Ruling?) -> (personID: Int64?, confirmed: Bool, hidden: Bool) {
        switch ruling {
        case nil: (personID, false, false)
        case .speaker(let id): (id, true, false)
        case .unnamed: (nil, true, false)
        case .hide: (personID, false, true)
        }
    }
}
