import Byline
import Foundation
import Testing

/// What the quote index keeps, on every backend: who each story quotes, what a person said
/// across stories, and editors' decisions that outlive edits.
@Suite("Quote index contract")
struct QuoteRepositoryContractTests {
    static let talks = """
        President Vladimir Putin met Foreign Minister Sergei Lavrov in Moscow on Monday.

        “The West has chosen confrontation,” Putin said.

        “Our patience is not endless,” the minister added. A spokesperson said: “No date has been set for the next meeting.”
        """
    static let pipeline = """
        Vladimir Putin opened the pipeline on Friday.

        “This is a good day for our energy partners,” Putin said, adding that Russia would meet a ‘constructive’ agenda.
        """

    @discardableResult
    func save(_ slug: String, body: String, status: Article.Status = .published, publishedAt: Date = Fixtures.publishedAt, in storage: Storage) async throws
        -> Int64
    {
        try await storage.articles.save([Fixtures.article(slug, status: status, publishedAt: publishedAt, body: body)], now: publishedAt)[0].id
    }

    @Test(arguments: Backend.allCases)
    func aSavedStorysQuotesAreIndexedWithTheirSpeakers(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let id = try await save("talks", body: Self.talks, in: storage)

        let quotes = try await storage.quotes.quotes(articleID: id)
        #expect(quotes.map(\.text) == ["The West has chosen confrontation,", "Our patience is not endless,", "No date has been set for the next meeting."])
        #expect(quotes.map { $0.speaker?.name } == ["Vladimir Putin", "Sergei Lavrov", nil])
        #expect(quotes.map(\.cue) == ["said", "added", "said"])
        #expect(quotes[2].unnamedSource == "a spokesperson")
        #expect(quotes.allSatisfy { !$0.confirmed && !$0.hidden })
        let putin = try #require(try await storage.quotes.person(slug: "vladimir-putin"))
        #expect(putin.name == "Vladimir Putin" && putin.kind == .person && putin.quoteCount == 1)
    }

    @Test(arguments: Backend.allCases)
    func aPersonsQuotesComeFromEveryStoryNewestFirstWithoutScareQuotes(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await save("talks", body: Self.talks, in: storage)
        try await save("pipeline", body: Self.pipeline, publishedAt: Fixtures.publishedAt.addingTimeInterval(86_400), in: storage)
        let putin = try #require(try await storage.quotes.person(slug: "vladimir-putin"))

        let page = try await storage.quotes.quotes(personID: putin.id, page: PageRequest(number: 1, size: 10))
        #expect(page.items.map(\.quote.text) == ["This is a good day for our energy partners,", "The West has chosen confrontation,"])
        #expect(page.items.map(\.article.slug) == ["pipeline", "talks"])
        #expect(page.totalCount == 2 && putin.quoteCount == 2)
        let first = try await storage.quotes.quotes(personID: putin.id, after: nil, limit: 1)
        // The story the cursor stopped in is edited, which writes its quote rows anew: the cursor
        // still goes on from the same place.
        try await save("pipeline", body: Self.pipeline + "\n\nThe pipeline runs 900 km.", publishedAt: Fixtures.publishedAt.addingTimeInterval(86_400), in: storage)
        let rest = try await storage.quotes.quotes(personID: putin.id, after: first[0].cursor, limit: 5)
        #expect(first.map(\.article.slug) == ["pipeline"] && rest.map(\.article.slug) == ["talks"])

        let most = try await storage.quotes.mostQuoted(kind: .person, page: PageRequest(number: 1, size: 10))
        #expect(most.items.map(\.name) == ["Vladimir Putin", "Sergei Lavrov"] && most.items.map(\.quoteCount) == [2, 1])
    }

    @Test(arguments: Backend.allCases)
    func aSearchOfWhatSomeoneSaidMatchesTheWordsTheirQuotesBegin(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await save("talks", body: Self.talks, in: storage)
        try await save("pipeline", body: Self.pipeline, publishedAt: Fixtures.publishedAt.addingTimeInterval(86_400), in: storage)
        let putin = try #require(try await storage.quotes.person(slug: "vladimir-putin"))
        let page = PageRequest(number: 1, size: 10)

        let found = try await storage.quotes.search(terms: ["energ"], personID: putin.id, page: page)
        #expect(found.items.map(\.summary.slug) == ["pipeline"] && found.totalCount == 1)
        #expect(found.items.first?.text == "“This is a good day for our energy partners,”")
        #expect(try await storage.quotes.search(terms: [], personID: putin.id, page: page).items.map(\.summary.slug) == ["pipeline", "talks"])
        #expect(try await storage.quotes.search(terms: ["nergy"], personID: putin.id, page: page).items.isEmpty, "a term matches the words it begins")
        #expect(try await storage.quotes.search(terms: ["west", "energy"], personID: putin.id, page: page).items.isEmpty, "every term, in one quote")
        #expect(try await storage.quotes.search(terms: ["constructive"], personID: putin.id, page: page).items.isEmpty, "a scare quote isn't theirs")
    }

    @Test(arguments: Backend.allCases)
    func onlyPublishedStoriesShowTheirQuotes(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let id = try await save("talks", body: Self.talks, status: .draft, in: storage)
        #expect(try await storage.quotes.publicQuotes(articleID: id) == nil)
        #expect(try await storage.quotes.person(slug: "vladimir-putin")?.quoteCount == 0)
        #expect(try await storage.quotes.mostQuoted(kind: nil, page: PageRequest(number: 1, size: 10)).items.isEmpty)

        try await save("talks", body: Self.talks, in: storage)
        #expect(try await storage.quotes.publicQuotes(articleID: id)?.count == 3)
        #expect(try await storage.quotes.person(slug: "vladimir-putin")?.quoteCount == 1)
    }

    @Test(arguments: Backend.allCases)
    func aReassignmentOutlivesAnEditOfTheStoryAndGoesWithTheQuote(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let id = try await save("talks", body: Self.talks, in: storage)
        let quote = try #require(try await storage.quotes.quotes(articleID: id).first)

        let decided = try await storage.quotes.decide(
            .reassign(name: "Dmitry Peskov", kind: .person), fingerprint: quote.fingerprint, articleID: id, by: "Mara", at: Fixtures.publishedAt)
        #expect(decided[0].speaker?.name == "Dmitry Peskov" && decided[0].confirmed && decided[0].foundSpeaker == "Vladimir Putin")

        // The editor fixes a typo elsewhere and the punctuation of the quote itself.
        let edited = Self.talks.replacingOccurrences(of: "Moscow", with: "Moscow’s Kremlin").replacingOccurrences(of: "confrontation,”", with: "confrontation”,")
        try await save("talks", body: edited, in: storage)
        let after = try await storage.quotes.quotes(articleID: id)
        #expect(after[0].speaker?.name == "Dmitry Peskov" && after[0].confirmed)
        #expect(try await storage.quotes.person(slug: "vladimir-putin") == nil, "nobody's quotes are left with the name extraction made")

        // Once the quote's words are gone, so is the decision: it doesn't come back with them.
        try await save("talks", body: Self.talks.replacingOccurrences(of: "“The West has chosen confrontation,” Putin said.", with: "Putin spoke."), in: storage)
        try await save("talks", body: Self.talks, in: storage)
        #expect(try await storage.quotes.quotes(articleID: id)[0].speaker?.name == "Vladimir Putin")
    }

    @Test(arguments: Backend.allCases)
    func aBodyOfNothingButQuotesIsIndexedUpToItsLimit(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let body = String(repeating: "“Four words of quote,” Ana Mendes said. ", count: 6_000)
        let id = try await save("flood", body: body, in: storage)
        let quotes = try await storage.quotes.quotes(articleID: id)
        #expect(quotes.count == QuoteIndex.maximumQuotesPerStory && quotes.last?.position == QuoteIndex.maximumQuotesPerStory - 1)
        #expect(try await storage.quotes.person(slug: "ana-mendes")?.quoteCount == QuoteIndex.maximumQuotesPerStory)
    }

    @Test(arguments: Backend.allCases)
    func hiddenQuotesLeaveEveryPublicList(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let id = try await save("talks", body: Self.talks, in: storage)
        let quote = try #require(try await storage.quotes.quotes(articleID: id).first)

        let decided = try await storage.quotes.decide(.hide, fingerprint: quote.fingerprint, articleID: id, by: "Mara", at: Fixtures.publishedAt)
        #expect(decided[0].hidden)
        #expect(try await storage.quotes.publicQuotes(articleID: id)?.map(\.text).contains(quote.text) == false)
        #expect(try await storage.quotes.person(slug: "vladimir-putin")?.quoteCount == 0)

        let reset = try await storage.quotes.decide(.reset, fingerprint: quote.fingerprint, articleID: id, by: "Mara", at: Fixtures.publishedAt)
        #expect(!reset[0].hidden)
        #expect(try await storage.quotes.person(slug: "vladimir-putin")?.quoteCount == 1)
    }

    @Test(arguments: Backend.allCases)
    func confirmingAndUnnamingAreDecisionsToo(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let id = try await save("talks", body: Self.talks, in: storage)
        let quotes = try await storage.quotes.quotes(articleID: id)

        _ = try await storage.quotes.decide(.confirm, fingerprint: quotes[0].fingerprint, articleID: id, by: "Mara", at: Fixtures.publishedAt)
        let after = try await storage.quotes.decide(.unnamed, fingerprint: quotes[1].fingerprint, articleID: id, by: "Mara", at: Fixtures.publishedAt)
        #expect(after[0].speaker?.name == "Vladimir Putin" && after[0].confirmed)
        #expect(after[1].speaker == nil && after[1].confirmed)
        await #expect(throws: QuoteIndexError.self) {
            try await storage.quotes.decide(.confirm, fingerprint: "no-such-quote", articleID: id, by: "Mara", at: Fixtures.publishedAt)
        }
    }

    @Test(arguments: Backend.allCases)
    func anAliasMergesTheDuplicateExtractionMade(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await save("talks", body: Self.talks, in: storage)
        try await save("short", body: "“We will answer any attack on our people,” Putin said.", publishedAt: Fixtures.publishedAt.addingTimeInterval(60), in: storage)
        #expect(try await storage.quotes.person(slug: "putin") != nil, "a surname alone, never met in full, is a person of its own")

        let merged = try await storage.quotes.addAlias("Putin", to: "vladimir-putin", at: Fixtures.publishedAt)
        #expect(merged.quoteCount == 2 && merged.aliases == ["Putin"])
        #expect(try await storage.quotes.person(slug: "putin") == nil)

        // The alias now decides who a later story's "Putin" is.
        let id = try await save("later", body: "“Nothing has changed,” Putin said.", publishedAt: Fixtures.publishedAt.addingTimeInterval(120), in: storage)
        #expect(try await storage.quotes.quotes(articleID: id).first?.speaker?.slug == "vladimir-putin")
    }

    @Test(arguments: Backend.allCases)
    func peopleAreEditedAndMergedAndTheirDetailsChecked(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await save("talks", body: Self.talks, in: storage)
        let details = Person.Details(name: "Vladimir Putin", kind: .person, description: "President of Russia", wikidataID: "q7747")
        let putin = try await storage.quotes.update(slug: "vladimir-putin", details: details, at: Fixtures.publishedAt)
        #expect(putin.description == "President of Russia" && putin.wikidataID == "Q7747")

        await #expect(throws: QuoteIndexError.invalid("A Wikidata ID is Q and a number, such as Q7747.")) {
            try await storage.quotes.update(
                slug: "vladimir-putin", details: Person.Details(name: "Vladimir Putin", kind: .person, description: nil, wikidataID: "7747"), at: Fixtures.publishedAt)
        }
        await #expect(throws: QuoteIndexError.self) {
            try await storage.quotes.update(slug: "vladimir-putin", details: Person.Details(name: "Sergei Lavrov", kind: .person, description: nil, wikidataID: nil), at: Fixtures.publishedAt)
        }
        let merged = try await storage.quotes.merge("sergei-lavrov", into: "vladimir-putin", at: Fixtures.publishedAt)
        #expect(merged.quoteCount == 2 && merged.aliases == ["Sergei Lavrov"])
        let unaliased = try await storage.quotes.removeAlias("Sergei Lavrov", from: "vladimir-putin")
        #expect(unaliased.aliases.isEmpty)
        #expect(try await storage.quotes.people(matching: "vlad", limit: 5).map(\.slug) == ["vladimir-putin"])
    }

    /// Every way a story arrives indexes it: the import format, a WordPress export, the wire.
    @Test(arguments: Backend.allCases)
    func importsAndTheWireIndexTheirStoriesToo(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let quote = "“We will not close the harbour again this winter,” harbour master Ruth Abebe said."

        let json = Fixtures.json([Fixtures.importObject(slug: "imported", overrides: ["body": quote])])
        _ = try await storage.articles.save(try ArticleImport.parse(json), now: Fixtures.publishedAt)
        _ = try await WordPressImportTests.importGazette(
            into: storage, try WordPressImportTests.gazette { $0.replacingOccurrences(of: "The harbour reopened on Monday.", with: "The harbour reopened on Monday.\n\n" + quote) })
        let wire = try WireIngestTests.fixture("ninjs-2.json") { $0.replacingOccurrences(of: "– Vi er glade for avtalen, sier ordføreren.", with: quote) }
        let outcome = try await WireIngestTests.ingest(storage, wire)

        let imported = try #require(try await storage.articles.publishedArticle(slug: "imported"))
        let fromWire = try #require(outcome.articleID)
        for id in [imported.id, fromWire] {
            #expect(try await storage.quotes.quotes(articleID: id).map { $0.speaker?.name } == ["Ruth Abebe"])
        }
        let wordPress = try await storage.quotes.people(matching: "Ruth Abebe", limit: 5)
        #expect(wordPress.map(\.slug) == ["ruth-abebe"], "one person, whichever way the story came")
        #expect(try await storage.quotes.person(slug: "ruth-abebe")?.quoteCount ?? 0 >= 2)
    }

    @Test(arguments: Backend.allCases)
    func aReindexReadsTheWholeArchiveInResumableBatches(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await save("talks", body: Self.talks, in: storage)
        try await save("pipeline", body: Self.pipeline, in: storage)
        try await save("quiet", body: "Nobody said anything.", in: storage)
        #expect(try await storage.quotes.reindex(limit: 10, at: Fixtures.publishedAt) == (0, 0), "saves index as they go")

        #expect(try await storage.quotes.markAllForReindex() == 3)
        #expect(try await storage.quotes.reindex(limit: 2, at: Fixtures.publishedAt) == (2, 1))
        #expect(try await storage.quotes.reindex(limit: 2, at: Fixtures.publishedAt) == (1, 0))
        #expect(try await storage.quotes.person(slug: "vladimir-putin")?.quoteCount == 2)
    }
}
