import Byline
import Foundation
import Testing

@Suite("Article import")
struct ArticleImportTests {
    private func problems(_ document: Any) -> [ArticleImport.Problem] {
        do {
            _ = try ArticleImport.parse(Fixtures.json(document))
            return []
        } catch {
            return error.problems
        }
    }

    private func importing(_ document: Any, into storage: Storage, at now: Date = Fixtures.publishedAt) async throws -> ArticleImporter.Report {
        try await ArticleImporter.run(try ArticleImport.parse(Fixtures.json(document)), into: storage, now: now)
    }

    // MARK: Parsing

    @Test func aSingleObjectIsOneArticle() throws {
        let inputs = try ArticleImport.parse(Fixtures.json(Fixtures.importObject()))
        #expect(inputs.count == 1)
        let input = try #require(inputs.first)
        #expect(input.slug == "talks-resume")
        #expect(input.credit == .wires(agency: "AFP"))
        #expect(input.section == .init(slug: "world", name: "World"))
        #expect(input.authors == [.init(slug: "mara-lindqvist", name: "Mara Lindqvist", bio: "Covers the coast.")])
        #expect(input.tags == [.init(slug: "diplomacy", name: "Diplomacy")])
        #expect(input.leadImage?.alt == "Cranes at dusk")
        #expect(input.bodyMarkdown == "“We are close,” one delegate said.")
        #expect(input.publishedAt == ISO8601.parse("2019-12-03T22:49:00Z"))
    }

    @Test func theSlugIsDerivedFromTheHeadlineWhenMissing() throws {
        var object = Fixtures.importObject()
        object["slug"] = nil
        object["headline"] = "Łódź council backs “night buses”"
        #expect(try ArticleImport.parse(Fixtures.json(object)).first?.slug == "lodz-council-backs-night-buses")
    }

    @Test func authorsMayBeGivenByNameAlone() throws {
        let inputs = try ArticleImport.parse(Fixtures.json(Fixtures.importObject(overrides: ["authors": ["Daniel Okafor", "Inés Carvalho"]])))
        #expect(inputs.first?.authors.map(\.slug) == ["daniel-okafor", "ines-carvalho"])
    }

    /// Each case replaces one field of a valid article with a JSON value (nil removes the field).
    @Test(arguments: [
        ("headline", nil, "headline"),
        ("authors", "[]", "authors"),
        ("section", nil, "section"),
        ("body", nil, "body"),
        ("slug", #""Not A Slug""#, "slug"),
        ("status", #""live""#, "status"),
        ("publishedAt", #""yesterday""#, "publishedAt"),
        ("credit", #"{"kind": "wires"}"#, "credit.agency"),
        ("credit", #"{"kind": "freelance"}"#, "credit.kind"),
        ("leadImage", #"{"src": "/a.jpg", "width": 10, "height": 10}"#, "leadImage.alt"),
        ("leadImage", #"{"src": "javascript:alert(1)", "width": 10, "height": 10, "alt": "x"}"#, "leadImage.src"),
        ("leadImage", #"{"src": "/a.jpg", "width": 0, "height": 10, "alt": "x"}"#, "leadImage.width"),
        ("corrections", #"[{"kind": "erratum", "text": "x", "date": "2019-12-04T10:00:00Z"}]"#, "corrections[0].kind"),
        ("corrections", #"[{"kind": "correction", "text": "x"}]"#, "corrections[0].date"),
        ("section", #""Tag""#, "section"),
        ("wordCount", "300", "wordCount"),
    ] as [(String, String?, String)])
    func invalidInputNamesTheArticleIndexAndField(key: String, json: String?, field: String) throws {
        // Given a valid first article and a second one with one bad field
        var bad = Fixtures.importObject(slug: "bad")
        bad[key] = try json.map { try JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }

        // When the document is parsed
        let found = problems([Fixtures.importObject(slug: "fine"), bad])

        // Then every problem is about article 1, and one names the field
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.index == 1 }, "\(found)")
        #expect(found.contains { $0.field == field }, "\(found)")
    }

    @Test func malformedJSONIsReportedWithoutAnIndex() {
        let found: [ArticleImport.Problem]
        do {
            _ = try ArticleImport.parse(Data("[{\"headline\": ".utf8))
            found = []
        } catch {
            found = error.problems
        }
        #expect(found.count == 1)
        #expect(found.first?.index == nil)
        #expect(found.first?.message.contains("not valid JSON") == true)
    }

    @Test func twoArticlesWithTheSameSlugInOneDocumentAreRejected() {
        let found = problems([Fixtures.importObject(slug: "same"), Fixtures.importObject(slug: "same")])
        #expect(found.contains { $0.index == 1 && $0.field == "slug" })
    }

    // MARK: Storing

    @Test(arguments: Backend.allCases)
    func importingReportsCreatedThenUnchanged(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let document = [Fixtures.importObject(slug: "one"), Fixtures.importObject(slug: "two")]

        let first = try await importing(document, into: storage)
        #expect(first.count(.created) == 2)

        let again = try await importing(document, into: storage, at: Fixtures.publishedAt.addingTimeInterval(3600))
        #expect(again.count(.unchanged) == 2)
        #expect(again.count(.created) == 0 && again.count(.updated) == 0)
        let article = try #require(try await storage.articles.article(slug: "one"))
        #expect(article.updatedAt == Fixtures.publishedAt, "an unchanged re-import must not bump updatedAt")
    }

    @Test(arguments: Backend.allCases)
    func aChangedDocumentUpdatesTheArticleInPlace(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let created = try await importing(Fixtures.importObject(), into: storage)
        let later = Fixtures.publishedAt.addingTimeInterval(3600)

        let report = try await importing(Fixtures.importObject(overrides: ["headline": "Talks collapse in Sochi"]), into: storage, at: later)

        #expect(report.count(.updated) == 1)
        #expect(report.outcomes.first?.id == created.outcomes.first?.id)
        let article = try #require(try await storage.articles.article(slug: "talks-resume"))
        #expect(article.headline == "Talks collapse in Sochi")
        #expect(article.updatedAt == later)
        #expect(article.publishedAt == Fixtures.publishedAt)
    }

    @Test(arguments: Backend.allCases)
    func aSuppliedIDKeysTheArticleAcrossASlugChange(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await importing(Fixtures.importObject(slug: "old-slug", overrides: ["id": "wire-123"]), into: storage)

        let report = try await importing(Fixtures.importObject(slug: "new-slug", overrides: ["id": "wire-123"]), into: storage)

        #expect(report.count(.updated) == 1)
        #expect(try await storage.articles.article(slug: "old-slug") == nil)
        #expect(try await storage.articles.article(slug: "new-slug")?.externalID == "wire-123")
        #expect(try await storage.articles.currentSlug(forRetiredSlug: "old-slug") == "new-slug")
    }

    @Test(arguments: Backend.allCases)
    func aSlugHeldByAnotherArticleIsRejectedNamingTheArticle(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await importing(Fixtures.importObject(slug: "taken", overrides: ["id": "wire-1"]), into: storage)

        await #expect {
            _ = try await importing([Fixtures.importObject(slug: "free"), Fixtures.importObject(slug: "taken", overrides: ["id": "wire-2"])], into: storage)
        } throws: { error in
            let failure = error as? ArticleImporter.Failure
            return failure?.problems.first?.index == 1 && failure?.problems.first?.field == "slug"
        }
        #expect(try await storage.articles.article(slug: "free") == nil, "a rejected batch stores nothing")
    }

    @Test func theImporterEntryPointParsesStoresAndReports() async throws {
        var input = Configuration.Input()
        input[.dataDirectory] = TemporaryDirectory.make()
        let configuration = try Configuration.resolve(input, environment: [:])

        let report = try await ArticleImporter.run(Fixtures.json([Fixtures.importObject()]), configuration: configuration)

        #expect(report.description.contains("created   article 0: talks-resume"))
        #expect(report.description.hasSuffix("1 created, 0 updated, 0 unchanged"))
        let storage = try await openStorage(configuration)
        #expect(try await storage.articles.publishedArticle(slug: "talks-resume") != nil)
    }

    @Test func theImporterEntryPointRejectsInvalidDocumentsWholesale() async throws {
        var input = Configuration.Input()
        input[.dataDirectory] = TemporaryDirectory.make()
        let configuration = try Configuration.resolve(input, environment: [:])
        var bad = Fixtures.importObject(slug: "bad")
        bad["headline"] = nil

        await #expect {
            _ = try await ArticleImporter.run(Fixtures.json([Fixtures.importObject(slug: "good"), bad]), configuration: configuration)
        } throws: { error in
            (error as? ArticleImporter.Failure)?.description.contains("article 1: headline: is required") == true
        }
    }
}
