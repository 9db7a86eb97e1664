import Foundation

/// Someone a story quotes: a person, or an institution that speaks as one ("the State
/// Department said"). Extraction proposes them by name; editors name them properly, give them
/// aliases, and merge the duplicates extraction made.
public struct Person: Sendable, Equatable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case person, organisation

        /// As the newsroom's screens name it.
        public var name: Message { self == .person ? Message("Person") : Message("Organisation") }
        public var label: String { name.description }
    }

    public var id: Int64
    public var slug: String
    public var name: String
    public var kind: Kind
    public var description: String?
    /// A Wikidata item ("Q7747"), which tells search engines and archives who this is.
    public var wikidataID: String?
    /// Other names that mean this person ("Putin", "President Putin"), as written.
    public var aliases: [String]
    /// Quotes of theirs that readers can see.
    public var quoteCount: Int

    /// Whether readers may see this person at all: someone quoted only in drafts, hidden quotes
    /// or taken-down stories must not be announced by their page, feed or API entry existing.
    public var isPublic: Bool { quoteCount > 0 }

    public init(
        id: Int64, slug: String, name: String, kind: Kind, description: String? = nil, wikidataID: String? = nil, aliases: [String] = [],
        quoteCount: Int = 0
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.kind = kind
        self.description = description
        self.wikidataID = wikidataID
        self.aliases = aliases
        self.quoteCount = quoteCount
    }

    /// Who a stored quote is credited to, as the quote carries it.
    public struct Speaker: Sendable, Equatable, Hashable {
        public var id: Int64
        public var slug: String
        public var name: String
        public var kind: Kind
    }

    /// `Q` and digits, as Wikidata numbers its items.
    public static func isWikidataID(_ text: String) -> Bool {
        text.count <= 20 && text.first == "Q" && text.count > 1 && text.dropFirst().allSatisfy(\.isASCII) && text.dropFirst().allSatisfy(\.isNumber)
            && text.dropFirst().first != "0"
    }

    /// What the person's details may be changed to, or why not.
    public struct Details: Sendable, Equatable {
        public var name: String
        public var kind: Kind
        public var description: String?
        public var wikidataID: String?

        public init(name: String, kind: Kind, description: String?, wikidataID: String?) {
            self.name = name
            self.kind = kind
            self.description = description
            self.wikidataID = wikidataID
        }

        /// The details tidied, or the first thing wrong with them, as a person reads it.
        public func validated() -> Result<Details, QuoteIndexError> {
            var tidy = self
            tidy.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
            tidy.description = description?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            tidy.wikidataID = wikidataID?.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().nilIfEmpty
            if tidy.name.isEmpty || QuoteIndex.key(tidy.name).isEmpty { return .failure(.invalid("A name is needed.")) }
            if tidy.name.count > 200 { return .failure(.invalid("A name is at most 200 characters.")) }
            if (tidy.description?.count ?? 0) > 500 { return .failure(.invalid("A description is at most 500 characters.")) }
            if let id = tidy.wikidataID, !Person.isWikidataID(id) {
                return .failure(.invalid("A Wikidata ID is Q and a number, such as Q7747."))
            }
            return .success(tidy)
        }
    }
}

/// A quotation as the quote index keeps it: what the extractor found, and what an editor
/// decided about it.
public struct StoredQuote: Sendable, Equatable {
    public var id: Int64
    public var articleID: Int64
    /// Its place among the story's quotes, from 0.
    public var position: Int
    public var paragraph: Int
    public var text: String
    /// What an editor's decision is filed under, so that it finds the quote again after the
    /// story is edited around it (`QuoteIndex.fingerprint`).
    public var fingerprint: String
    public var speaker: Person.Speaker?
    /// The name the extractor credited, as the story wrote it, whatever an editor decided.
    public var foundSpeaker: String?
    public var cue: String?
    public var unnamedSource: String?
    public var isScareQuote: Bool
    /// An editor has confirmed or corrected who said it.
    public var confirmed: Bool
    /// An editor has taken it out of the index: it isn't shown anywhere public.
    public var hidden: Bool

    /// The words without the punctuation that led into the attribution (`“…,” she said`),
    /// as a quote is shown on its own.
    public var words: String { text.trimmingCharacters(in: CharacterSet(charactersIn: ",;: ")) }
}

/// A quote on a public page, with the story it came from.
public struct PublicQuote: Sendable, Equatable {
    public var quote: StoredQuote
    public var article: Source

    /// Where paging goes on after this quote: its story's date and its place in the story.
    public var cursor: ListingCursor {
        ListingCursor(date: article.publishedAt, id: article.id * Self.positionsPerArticle + Int64(quote.position))
    }

    /// More quotes than any story has: a place is the story's ID times this, plus the position.
    static let positionsPerArticle: Int64 = Int64(QuoteIndex.maximumQuotesPerStory) * 2

    public struct Source: Sendable, Equatable {
        public var id: Int64
        public var slug: String
        public var headline: String
        public var sectionSlug: String
        public var publishedAt: Date
    }
}

/// What an editor decides about one quote.
public enum QuoteDecision: Sendable, Equatable {
    /// The speaker is right as it stands.
    case confirm
    /// Someone else said it: a person or institution, found by name or alias, or added.
    case reassign(name: String, kind: Person.Kind)
    /// Nobody named said it ("a spokesperson said").
    case unnamed
    /// Not a quotation to index (a title in quotation marks, a slogan).
    case hide
    /// Back to what the extractor finds.
    case reset
}

public enum QuoteIndexError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .invalid(let message), .notFound(let message): message
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
