import Byline
import Foundation
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
    func theSchemaRefusesAPublishedArticleWithoutAPublicationDate(backend: Backend) async throws {
        // The repository fills in "now", so only a direct constraint check can see this rule:
        // a draft that was never published keeps a nil date, and stays unlisted.
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
}
