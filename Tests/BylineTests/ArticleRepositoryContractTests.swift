import Byline
import Foundation
import Synchronization
import Testing

/// The behaviour every `ArticleRepository` and `TaxonomyRepository` backend must share.
@Suite("Article repository contract")
struct ArticleRepositoryContractTests {
    private func save(_ inputs: ArticleInput..., into storage: Storage, at now: Date = Fixtures.publishedAt) async throws -> [ArticleSaveOutcome] {
        try await storage.articles.save(inputs, now: now)
    }

    // MARK: Tests

    @Test(arguments: Backend.allCases)
    func aSavedArticleComesBackWhole(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let correction = Correction(kind: .correction, text: "An earlier version misspelled Sochi.", date: Fixtures.publishedAt.addingTimeInterval(600))
        var input = Fixtures.article("talks", tags: ["Diplomacy", "Energy"], authors: ["Mara Lindqvist", "Daniel Okafor"], corrections: [correction])
        input.comments = CommentSettings(open: false, closesAt: nil)

        _ = try await save(input, into: storage)

        let article = try #require(try await storage.articles.publishedArticle(slug: "talks"))
        #expect(article.headline == input.headline)
        #expect(article.dek == input.dek)
        #expect(article.dateline == "Sochi")
        #expect(article.credit == .wires(agency: "AFP"))
        #expect(article.section.slug == "world")
        #expect(article.authors.map(\.name) == ["Mara Lindqvist", "Daniel Okafor"])
        #expect(article.tags.map(\.slug) == ["diplomacy", "energy"])
        #expect(article.leadImage == input.leadImage)
        #expect(article.corrections == [correction])
        #expect(article.comments.open == false)
        #expect(article.publishedAt == Fixtures.publishedAt)
    }

    @Test(arguments: Backend.allCases)
    func relatedStoriesRankBySharedTagsThenSectionAndEachTagOffersOnlyItsNewestFifty(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let hour = 3600.0
        // Saved first, so that the 55 later "crowded" stories are that tag's newest 50 and more.
        let inputs = [
            Fixtures.article("old-crowded", section: "Culture", tags: ["Crowded"]),
            Fixtures.article("main", tags: ["Energy", "Gas", "Crowded"]),
            Fixtures.article("both-tags", section: "Culture", tags: ["Energy", "Gas"]),
            Fixtures.article("one-tag", section: "Culture", publishedAt: Fixtures.publishedAt.addingTimeInterval(hour), tags: ["Gas"]),
            Fixtures.article("draft-sibling", status: .draft, publishedAt: nil, tags: ["Energy", "Gas"]),
            Fixtures.article("same-section", publishedAt: Fixtures.publishedAt.addingTimeInterval(2 * hour)),
        ] + (0..<55).map { Fixtures.article("crowded-\($0)", section: "Culture", tags: ["Crowded"]) }
        for input in inputs { _ = try await save(input, into: storage) }
        let main = try #require(try await storage.articles.publishedArticle(slug: "main"))

        let related = try await storage.articles.related(to: main, limit: 4).map(\.slug)
        #expect(related.prefix(2) == ["both-tags", "one-tag"], "two shared tags before one")
        #expect(related.count == 4)
        #expect(!related.contains("main") && !related.contains("draft-sibling"))

        let all = try await storage.articles.related(to: main, limit: 100).map(\.slug)
        #expect(all.contains("same-section"), "the section's newest fill the box")
        #expect(all.filter { $0.hasPrefix("crowded-") }.count == 50)
        #expect(!all.contains("old-crowded"), "beyond a tag's newest 50 stories")
    }

    @Test(arguments: Backend.allCases)
    func draftsAreInvisibleToPublicQueries(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await save(Fixtures.article("secret", status: .draft, publishedAt: nil), Fixtures.article("public"), into: storage)

        #expect(try await storage.articles.publishedArticle(slug: "secret") == nil)
        #expect(try await storage.articles.article(slug: "secret")?.status == .draft)
        let listed = try await storage.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 10))
        #expect(listed.items.map(\.slug) == ["public"])
        #expect(listed.totalCount == 1)
    }

    @Test(arguments: Backend.allCases)
    func listingsAreNewestFirstAndPaginated(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let inputs = (0..<5).map { Fixtures.article("story-\($0)", publishedAt: Fixtures.publishedAt.addingTimeInterval(Double($0) * 3600)) }
        _ = try await storage.articles.save(inputs, now: Fixtures.publishedAt)

        let first = try await storage.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 2))
        let last = try await storage.articles.publishedSummaries(.all, page: PageRequest(number: 3, size: 2))

        #expect(first.items.map(\.slug) == ["story-4", "story-3"])
        #expect(last.items.map(\.slug) == ["story-0"])
        #expect(first.pageCount == 3 && first.hasNext && !first.hasPrevious)
        #expect(!last.hasNext && last.hasPrevious)
    }

    @Test(arguments: Backend.allCases)
    func listingsFilterBySectionTagAndAuthor(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await save(
            Fixtures.article("a", section: "World", tags: ["Energy"], authors: ["Mara Lindqvist"]),
            Fixtures.article("b", section: "Science", tags: ["Energy"], authors: ["Daniel Okafor"]),
            Fixtures.article("c", section: "Science", tags: [], authors: ["Mara Lindqvist", "Daniel Okafor"]),
            into: storage
        )
        let page = PageRequest(number: 1, size: 10)
        let science = try #require(try await storage.taxonomy.section(slug: "science"))
        let energy = try #require(try await storage.taxonomy.tag(slug: "energy"))
        let mara = try #require(try await storage.taxonomy.author(slug: "mara-lindqvist"))

        #expect(Set(try await storage.articles.publishedSummaries(.section(id: science.id), page: page).items.map(\.slug)) == ["b", "c"])
        #expect(Set(try await storage.articles.publishedSummaries(.tag(id: energy.id), page: page).items.map(\.slug)) == ["a", "b"])
        #expect(Set(try await storage.articles.publishedSummaries(.author(id: mara.id), page: page).items.map(\.slug)) == ["a", "c"])
    }

    @Test(arguments: Backend.allCases)
    func sectionsKeepTheOrderTheyWereCreatedIn(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await save(Fixtures.article("a", section: "World"), Fixtures.article("b", section: "Culture"), Fixtures.article("c", section: "Politics"), into: storage)
        #expect(try await storage.taxonomy.sections().map(\.slug) == ["world", "culture", "politics"])
    }

    @Test(arguments: Backend.allCases)
    func aSlugCollisionBetweenTwoArticlesIsRejected(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await save(Fixtures.article("shared", externalID: "wire-1"), into: storage)

        await #expect(throws: StorageError.slugTaken("shared")) {
            _ = try await save(Fixtures.article("shared", headline: "Another story", externalID: "wire-2"), into: storage)
        }
        #expect(try await storage.articles.article(slug: "shared")?.externalID == "wire-1")
    }

    @Test(arguments: Backend.allCases)
    func aRenamedSlugLeavesARedirectBehindAndCanBeReclaimed(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await save(Fixtures.article("first-name", externalID: "w-1"), into: storage)
        _ = try await save(Fixtures.article("second-name", externalID: "w-1"), into: storage)

        #expect(try await storage.articles.currentSlug(forRetiredSlug: "first-name") == "second-name")

        // A new article may take the retired slug; the live article wins over the redirect.
        _ = try await save(Fixtures.article("first-name", externalID: "w-2"), into: storage)
        #expect(try await storage.articles.currentSlug(forRetiredSlug: "first-name") == nil)
        #expect(try await storage.articles.publishedArticle(slug: "first-name")?.externalID == "w-2")
    }

    @Test(arguments: Backend.allCases)
    func theSchemaRefusesAnImageWithoutAltText(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        var input = Fixtures.article("no-alt")
        input.leadImage?.alt = "  "

        await #expect(throws: StorageError.self) { _ = try await save(input, into: storage) }
    }

    @Test(arguments: Backend.allCases)
    func aPublishedArticleWithoutADateIsPublishedAtTheSaveTime(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await save(Fixtures.article("fresh", publishedAt: nil), into: storage, at: Fixtures.publishedAt)
        #expect(try await storage.articles.publishedArticle(slug: "fresh")?.publishedAt == Fixtures.publishedAt)
    }

    @Test(arguments: Backend.allCases)
    func theSchemaRefusesAnInvalidSlugOrEmptyHeadline(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        await #expect(throws: StorageError.self) { _ = try await save(Fixtures.article("Bad Slug"), into: storage) }
        await #expect(throws: StorageError.self) { _ = try await save(Fixtures.article("ok", headline: " "), into: storage) }
        #expect(try await storage.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 5)).totalCount == 0)
    }

    @Test(arguments: Backend.allCases)
    func theSchemaRefusesWireCopyWithoutAnAgency(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        var input = Fixtures.article("wire")
        input.credit = .wires(agency: " ")
        await #expect(throws: StorageError.self) { _ = try await save(input, into: storage) }
    }

    @Test(arguments: Backend.allCases)
    func savingTheSameInputTwiceChangesNothing(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let input = Fixtures.article("steady", tags: ["Energy"])
        let first = try await save(input, into: storage)
        let second = try await save(input, into: storage, at: Fixtures.publishedAt.addingTimeInterval(86400))
        #expect(first.map(\.change) == [.created])
        #expect(second.map(\.change) == [.unchanged])
        #expect(try await storage.articles.article(slug: "steady")?.updatedAt == Fixtures.publishedAt)
    }

    @Test(arguments: Backend.allCases)
    func authorsAreSharedBetweenArticlesAndTheirBioUpdated(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await save(Fixtures.article("one"), into: storage)
        var second = Fixtures.article("two")
        second.authors[0].bio = "Mara covers ports."
        _ = try await save(second, into: storage)

        let author = try #require(try await storage.taxonomy.author(slug: "mara-lindqvist"))
        #expect(author.bio == "Mara covers ports.")
        #expect(try await storage.articles.publishedArticle(slug: "one")?.authors.first?.id == author.id)
    }

    // MARK: Sharing one database

    @Test(arguments: Backend.allCases)
    func aSaveIsAnnouncedToEveryHandleOnTheDatabase(backend: Backend) async throws {
        // Given two handles on one database, the second listening for changes
        let (writer, reopen) = try await backend.makeSharedStorage()
        let reader = try await reopen()
        let background = reader.background.map { service in Task { try await service.run() } }
        defer { background.forEach { $0.cancel() } }
        let changes = reader.changes.subscribe()
        let first = Mutex<ContentChange?>(nil)
        let listener = Task {
            for await change in changes {
                first.withLock { $0 = $0 ?? change }
            }
        }
        defer { listener.cancel() }

        // When the first saves an article (again, if the watcher was still starting on a loaded machine)
        var saved: [ArticleSaveOutcome] = []
        var heard: ContentChange?
        for attempt in 0..<5 where heard == nil {
            saved += try await save(Fixtures.article("announced-\(attempt)"), into: writer)
            // Then the second hears of it promptly: the SQLite watcher polls every 250 ms.
            for _ in 0..<10 where heard == nil {
                try await Task.sleep(for: .milliseconds(100))
                heard = first.withLock { $0 }
            }
        }
        let change = try #require(heard, "no change arrived after five saves")
        #expect(saved.contains { change.affects("article-\($0.id)") })
        #expect(change.affects(ContentChange.taxonomyKey))
    }

    @Test(arguments: Backend.allCases)
    func anUnchangedSaveAnnouncesNothing(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await save(Fixtures.article("quiet"), into: storage)
        var changes = storage.changes.subscribe().makeAsyncIterator()

        _ = try await save(Fixtures.article("quiet"), into: storage)
        storage.changes.publish(ContentChange(keys: ["marker"]))

        #expect(await changes.next() == ContentChange(keys: ["marker"]))
    }

    @Test(arguments: Backend.allCases)
    func eachJobSlotIsClaimedByExactlyOneHandle(backend: Backend) async throws {
        let (first, reopen) = try await backend.makeSharedStorage()
        let second = try await reopen()
        let now = Fixtures.publishedAt

        async let a = first.jobs.claim(job: "publish-scheduled", slot: 42, at: now)
        async let b = second.jobs.claim(job: "publish-scheduled", slot: 42, at: now)
        let claims = try await [a, b]

        #expect(claims.filter { $0 }.count == 1)
        #expect(try await first.jobs.claim(job: "publish-scheduled", slot: 43, at: now))
        #expect(try await second.jobs.claim(job: "another-job", slot: 42, at: now))
    }

    @Test(arguments: Backend.allCases)
    func schedulersOnTwoNodesRunEachSlotOnce(backend: Backend) async throws {
        // Given the same job scheduled on two nodes
        let (first, reopen) = try await backend.makeSharedStorage()
        let second = try await reopen()
        let runs = Counter()
        let job = ScheduledJob(name: "count", period: .seconds(60)) { _ in runs.increment() }
        let schedulers = [first, second].map { JobScheduler(claims: $0.jobs, jobs: [job], logger: .init(label: "test")) }

        // When both tick several times within two periods
        var lastSlots = [[String: Int64]](repeating: [:], count: 2)
        for tick in 0..<6 {
            let now = Fixtures.publishedAt.addingTimeInterval(Double(tick) * 20)
            for index in schedulers.indices { _ = try await schedulers[index].runDue(at: now, after: &lastSlots[index]) }
        }

        // Then the job ran once per slot in all
        let slots = Set((0..<6).map { job.slot(at: Fixtures.publishedAt.addingTimeInterval(Double($0) * 20)) })
        #expect(runs.value == slots.count)
    }

    @Test(arguments: Backend.allCases)
    func aReachableDatabaseIsReady(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await storage.health.checkReady()
    }
}

/// A thread-safe tally for jobs run from several tasks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
