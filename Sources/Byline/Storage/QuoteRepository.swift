import Foundation

/// The quote index: who said what in which story. Stories are indexed as they are saved (in
/// the save's transaction); this reads the index and carries out editors' decisions. Public
/// reads show only published stories' quotes that aren't hidden.
public protocol QuoteRepository: Sendable {
    /// Every quote of a story, hidden ones too, for the newsroom.
    func quotes(articleID: Int64) async throws -> [StoredQuote]
    /// A published story's quotes that aren't hidden; nil when the story isn't public.
    func publicQuotes(articleID: Int64) async throws -> [StoredQuote]?

    /// Records an editor's decision on the quote with that fingerprint, and answers the story's
    /// quotes as they now stand. A decision stays with the quote through later edits of the
    /// story, until its words are gone.
    func decide(_ decision: QuoteDecision, fingerprint: String, articleID: Int64, by editor: String, at date: Date) async throws -> [StoredQuote]

    /// The most quoted people (or institutions), by their public quotes.
    func mostQuoted(kind: Person.Kind?, page: PageRequest) async throws -> Page<Person>
    /// Anyone in the index, found by slug, with their public quote count.
    func person(slug: String) async throws -> Person?
    /// People whose name or alias begins with the words typed, for the newsroom's pickers.
    func people(matching text: String, limit: Int) async throws -> [Person]
    /// A person's public quotes, newest story first, by page (readers) or after a cursor (the
    /// Content API).
    func quotes(personID: Int64, page: PageRequest) async throws -> Page<PublicQuote>
    func quotes(personID: Int64, after cursor: ListingCursor?, limit: Int) async throws -> [PublicQuote]

    /// Published stories in which the person said something with every term, newest first;
    /// each hit's text is what they said there.
    func search(terms: [String], personID: Int64, page: PageRequest) async throws -> Page<SearchHit>

    /// Changes a person's details; the slug stays, so links keep working.
    func update(slug: String, details: Person.Details, at date: Date) async throws -> Person
    /// Adds a name that means this person. A name that meant someone else merges that record
    /// into this one: that is how duplicates extraction made are joined.
    func addAlias(_ alias: String, to slug: String, at date: Date) async throws -> Person
    func removeAlias(_ alias: String, from slug: String) async throws -> Person
    /// Moves everything of `slug` (quotes, aliases, decisions) to `target`, and removes it.
    func merge(_ slug: String, into target: String, at date: Date) async throws -> Person

    /// Indexes up to `limit` stories not yet indexed by this version of the extractor, oldest
    /// first, each batch in its own transaction: a stopped reindex goes on where it was.
    /// Answers how many it indexed and how many are left.
    func reindex(limit: Int, at date: Date) async throws -> (indexed: Int, remaining: Int)
    /// Marks every story for `reindex`, for when the whole archive is to be read again.
    /// Answers how many stories there are.
    func markAllForReindex() async throws -> Int
}
