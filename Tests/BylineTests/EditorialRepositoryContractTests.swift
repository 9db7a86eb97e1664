@testable import Byline
import Foundation
import Testing

/// The newsroom's article storage, run against every backend.
@Suite("Editorial repository contract")
struct EditorialRepositoryContractTests {
    static let sections = [Section(id: 1, slug: "world", name: "World")]
    static let ana = Editor(userID: nil, name: "Ana Editor")

    static func document(_ headline: String = "Harbour reopens", body: String = "The harbour reopened on Monday.") -> ArticleDocument {
        var document = ArticleDocument()
        document.headline = headline
        document.section = "world"
        document.authors = ["Mara Lindqvist"]
        document.body = body
        return document
    }

    static func save(
        _ document: ArticleDocument, id: Int64? = nil, version: Int? = nil, status: Article.Status = .draft, scheduledAt: Date? = nil,
        by editor: Editor = ana, note: String = "Saved"
    ) -> EditorialSave {
        EditorialSave(
            articleID: id, input: document.input(status: status, sections: sections, externalID: nil), document: document,
            expectedVersion: version, scheduledAt: scheduledAt, editor: editor, note: note
        )
    }

    /// The ID and version of a save that must have succeeded; anything else fails the test.
    private func saved(_ result: EditorialSaveResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> (id: Int64, version: Int) {
        guard case .saved(let id, let version) = result else {
            Issue.record("expected the save to succeed, got \(result)", sourceLocation: sourceLocation)
            throw SaveRefused()
        }
        return (id, version)
    }

    private struct SaveRefused: Error {}

    private func storage(_ backend: Backend) async throws -> Storage {
        let storage = try await backend.makeStorage()
        // The section the documents name.
        _ = try await storage.articles.save([Fixtures.article("seed", section: "World", status: .draft)], now: Fixtures.publishedAt)
        return storage
    }

    @Test(arguments: Backend.allCases)
    func aNewDraftStartsAtVersionOneWithARevision(backend: Backend) async throws {
        let editorial = try await storage(backend).editorial
        let (id, version) = try saved(try await editorial.save(Self.save(Self.document()), now: Fixtures.publishedAt))
        #expect(version == 1)
        let editable = try #require(try await editorial.editable(id: id))
        #expect(editable.status == .draft && editable.article.slug == "harbour-reopens" && editable.lastSavedBy == "Ana Editor")
        let revisions = try await editorial.revisions(articleID: id)
        #expect(revisions.map(\.version) == [1])
        #expect(revisions.first?.document == Self.document())
    }

    @Test(arguments: Backend.allCases)
    func aSaveFromAnOutdatedVersionIsAConflictAndWritesNothing(backend: Backend) async throws {
        let editorial = try await storage(backend).editorial
        let id = try saved(try await editorial.save(Self.save(Self.document()), now: Fixtures.publishedAt)).id
        let bo = Editor(userID: nil, name: "Bo Reporter")
        let second = try saved(try await editorial.save(Self.save(Self.document("Harbour reopens at last"), id: id, version: 1, by: bo), now: Date())).version
        #expect(second == 2)
        let stale = try await editorial.save(Self.save(Self.document("Harbour stays shut"), id: id, version: 1), now: Date())
        guard case .conflict(let current) = stale else { Issue.record("stale save was accepted: \(stale)"); return }
        #expect(current.lastSavedBy == "Bo Reporter" && current.version == 2)
        #expect(try await editorial.editable(id: id)?.article.headline == "Harbour reopens at last")
        #expect(try await editorial.revisions(articleID: id).map(\.version) == [2, 1])
    }

    @Test(arguments: Backend.allCases)
    func savingWithoutChangesKeepsTheVersion(backend: Backend) async throws {
        let editorial = try await storage(backend).editorial
        let id = try saved(try await editorial.save(Self.save(Self.document()), now: Fixtures.publishedAt)).id
        let version = try saved(try await editorial.save(Self.save(Self.document(), id: id, version: 1), now: Date())).version
        #expect(version == 1)
        #expect(try await editorial.revisions(articleID: id).count == 1)
    }

    @Test(arguments: Backend.allCases)
    func scheduledDraftsArePublishedOnceWhenTheirTimeComes(backend: Backend) async throws {
        let storage = try await storage(backend)
        let editorial = storage.editorial
        let at = Date().addingTimeInterval(3600).rounded
        let id = try saved(try await editorial.save(Self.save(Self.document(), scheduledAt: at), now: Date())).id
        #expect(try await editorial.editable(id: id)?.status == .scheduled)
        #expect(try await editorial.publishDue(at: at.addingTimeInterval(-1)).isEmpty)
        // Several nodes racing: each article goes out exactly once.
        let runs = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<4 { group.addTask { try await editorial.publishDue(at: at.addingTimeInterval(5)) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(runs == [id])
        let published = try #require(try await storage.articles.publishedArticle(id: id))
        #expect(published.publishedAt?.rounded == at && published.updatedAt.rounded == at)
        #expect(try await editorial.editable(id: id)?.status == .published)
        #expect(try await editorial.revisions(articleID: id).first?.note == "Published as scheduled")
    }

    @Test(arguments: Backend.allCases)
    func theListFiltersByStatusSectionAuthorAndHeadline(backend: Backend) async throws {
        let storage = try await storage(backend)
        let editorial = storage.editorial
        _ = try await editorial.save(Self.save(Self.document("Budget passes")), now: Date())
        _ = try await editorial.save(Self.save(Self.document("Budget 100% agreed_now"), status: .published), now: Date())
        _ = try await editorial.save(Self.save(Self.document("Storm warning"), scheduledAt: Date().addingTimeInterval(600)), now: Date())
        let page = PageRequest(number: 1, size: 10)
        func headlines(_ filter: NewsroomArticleFilter) async throws -> [String] {
            try await editorial.articles(filter, page: page).items.map(\.headline).sorted()
        }
        #expect(try await headlines(.init(query: "budget")) == ["Budget 100% agreed_now", "Budget passes"])
        #expect(try await headlines(.init(query: "100%")) == ["Budget 100% agreed_now"])
        #expect(try await headlines(.init(query: "_")) == ["Budget 100% agreed_now"])
        #expect(try await headlines(.init(status: .published)) == ["Budget 100% agreed_now"])
        #expect(try await headlines(.init(status: .scheduled)) == ["Storm warning"])
        #expect(try await headlines(.init(status: .draft)) == ["Budget passes", "Headline for seed"])
        let mara = try #require(try await storage.taxonomy.author(slug: "mara-lindqvist"))
        #expect(try await editorial.articles(.init(authorID: mara.id), page: page).totalCount == 4)
        #expect(try await editorial.articles(.init(sectionID: 999), page: page).totalCount == 0)
        #expect(try await editorial.statusCounts() == [.draft: 2, .scheduled: 1, .published: 1])
    }

    @Test(arguments: Backend.allCases)
    func deletingAnArticleRemovesItAndItsRevisions(backend: Backend) async throws {
        let editorial = try await storage(backend).editorial
        let id = try saved(try await editorial.save(Self.save(Self.document()), now: Date())).id
        #expect(try await editorial.delete(id: id))
        #expect(try await editorial.editable(id: id) == nil)
        #expect(try await editorial.revisions(articleID: id).isEmpty)
        #expect(try await !editorial.delete(id: id))
        #expect(try await editorial.save(Self.save(Self.document(), id: id, version: 1), now: Date()) == .missing)
    }

    @Test(arguments: Backend.allCases)
    func importsKeepRevisionsAndMoveTheVersionSoAStaleEditIsAConflict(backend: Backend) async throws {
        let storage = try await storage(backend)
        var wire = Fixtures.article("wire-story", externalID: "afp-1", body: "First take from the wire.")
        _ = try await storage.articles.save([wire], now: Fixtures.publishedAt)
        let id = try #require(try await storage.articles.publishedArticle(slug: "wire-story")).id
        #expect(try await storage.editorial.revisions(articleID: id).map(\.note) == ["Imported"])
        wire.bodyMarkdown = "Second take from the wire."
        _ = try await storage.articles.save([wire], now: Date())
        _ = try await storage.articles.save([wire], now: Date())
        let revisions = try await storage.editorial.revisions(articleID: id)
        #expect(revisions.map(\.version) == [2, 1] && revisions.first?.savedBy == "Import", "an unchanged re-import keeps no revision")
        #expect(revisions.last?.document.body == "First take from the wire.")
        // An editor who opened version 1 before the update is told, not silently overwritten.
        let stale = try await storage.editorial.save(Self.save(Self.document("Edited headline"), id: id, version: 1), now: Date())
        guard case .conflict(let current) = stale else { Issue.record("stale edit accepted"); return }
        #expect(current.version == 2 && current.lastSavedBy == "Import")
    }

    @Test(arguments: Backend.allCases)
    func aSlugHeldByAnotherArticleIsRefused(backend: Backend) async throws {
        let editorial = try await storage(backend).editorial
        var document = Self.document()
        document.slug = "seed"
        await #expect(throws: StorageError.slugTaken("seed")) { _ = try await editorial.save(Self.save(document), now: Date()) }
    }
}

extension Date {
    /// Whole seconds, as a form's time field gives them.
    var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded()) }
}

/// Sections and tags as the newsroom manages them, on every backend.
@Suite("Taxonomy management contract")
struct TaxonomyManagementContractTests {
    @Test(arguments: Backend.allCases)
    func renamedSectionsAndTagsKeepTheirOldSlugsAsRedirects(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await storage.articles.save([Fixtures.article("a", tags: ["Ports"])], now: Fixtures.publishedAt)
        let taxonomy = storage.taxonomy
        let world = try #require(try await taxonomy.section(slug: "world"))
        #expect(try await taxonomy.updateSection(id: world.id, slug: "planet", name: "Planet", description: "Everywhere"))
        #expect(try await taxonomy.currentSectionSlug(forRetiredSlug: "world") == "planet")
        // Renaming back gives the slug back to the live section.
        #expect(try await taxonomy.updateSection(id: world.id, slug: "world", name: "World", description: ""))
        #expect(try await taxonomy.currentSectionSlug(forRetiredSlug: "world") == nil)
        #expect(try await taxonomy.currentSectionSlug(forRetiredSlug: "planet") == "world")

        let ports = try #require(try await taxonomy.tag(slug: "ports"))
        #expect(try await taxonomy.renameTag(id: ports.id, slug: "harbours", name: "Harbours"))
        #expect(try await taxonomy.currentTagSlug(forRetiredSlug: "ports") == "harbours")
        let created = try await taxonomy.createSection(slug: "opinion", name: "Opinion", description: "")
        await #expect(throws: StorageError.slugTaken("world")) { _ = try await taxonomy.updateSection(id: created.id, slug: "world", name: "W", description: "") }
        await #expect(throws: StorageError.slugTaken("opinion")) { _ = try await taxonomy.createSection(slug: "opinion", name: "Again", description: "") }
    }

    @Test(arguments: Backend.allCases)
    func mergingATagMovesItsArticlesAndRedirectsItsSlugs(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await storage.articles.save([
            Fixtures.article("a", tags: ["Ports", "Harbours"]), Fixtures.article("b", tags: ["Ports"]), Fixtures.article("c", tags: ["Harbours"]),
        ], now: Fixtures.publishedAt)
        let taxonomy = storage.taxonomy
        let ports = try #require(try await taxonomy.tag(slug: "ports"))
        let harbours = try #require(try await taxonomy.tag(slug: "harbours"))
        #expect(try await taxonomy.renameTag(id: ports.id, slug: "port", name: "Port"))
        #expect(try await taxonomy.mergeTag(id: ports.id, into: harbours.id))
        #expect(try await taxonomy.tags().map { "\($0.tag.slug):\($0.articleCount)" } == ["harbours:3"])
        #expect(try await taxonomy.currentTagSlug(forRetiredSlug: "port") == "harbours")
        #expect(try await taxonomy.currentTagSlug(forRetiredSlug: "ports") == "harbours")
        #expect(try await !taxonomy.mergeTag(id: harbours.id, into: harbours.id))
    }
}
