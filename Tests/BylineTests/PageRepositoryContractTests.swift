@testable import Byline
import Foundation
import Testing

/// The behaviour every `PageRepository` backend must share.
@Suite("Page repository contract")
struct PageRepositoryContractTests {
    static let now = ISO8601.parse("2026-12-01T12:00:00Z")!

    static func page(_ slug: String, _ title: String, under parent: Int64? = nil, status: Article.Status = .published, menu: Int? = nil) -> PageInput {
        PageInput(parentID: parent, slug: slug, title: title, bodyMarkdown: "Who we are, and **why**.", status: status, menuPosition: menu)
    }

    @Test(arguments: Backend.allCases)
    func aPageHasThePathOfItsParentsAndOnlyPublishedPagesAreServed(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let about = try await storage.standingPages.save(Self.page("about", "About us"), id: nil, editor: "Ed", note: "Created", now: Self.now)
        #expect(about.change == .created && about.page.path == "/about/" && about.page.version == 1 && about.page.publishedAt == Self.now)
        let staff = try await storage.standingPages.save(Self.page("staff", "Our staff", under: about.page.id), id: nil, editor: "Ed", note: "Created", now: Self.now)
        #expect(staff.page.path == "/about/staff/")
        _ = try await storage.standingPages.save(Self.page("plans", "Plans", status: .draft), id: nil, editor: "Ed", note: "Created", now: Self.now)
        #expect(try await storage.standingPages.publishedPage(path: "/about/staff/")?.title == "Our staff")
        #expect(try await storage.standingPages.publishedPage(path: "/plans/") == nil)
        #expect(try await storage.standingPages.pages().map(\.path) == ["/about/", "/about/staff/", "/plans/"])
    }

    @Test(arguments: Backend.allCases)
    func savingTheSameIsUnchangedAndAnEditIsANewVersionWithItsRevision(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let first = try await storage.standingPages.save(Self.page("ethics", "Ethics policy"), id: nil, editor: "Ed", note: "Created", now: Self.now)
        let same = try await storage.standingPages.save(Self.page("ethics", "Ethics policy"), id: first.page.id, editor: "Ed", note: "Edited", now: Self.now + 60)
        #expect(same.change == .unchanged && same.page.version == 1)
        var edited = Self.page("ethics", "Ethics and standards")
        edited.bodyMarkdown = "We correct our errors."
        let second = try await storage.standingPages.save(edited, id: first.page.id, editor: "Ana", note: "Edited", now: Self.now + 120)
        #expect(second.change == .updated && second.page.version == 2 && second.page.updatedAt == Self.now + 120)
        #expect(try await storage.standingPages.revisions(pageID: first.page.id).map { [String($0.version), $0.title, $0.editor] } == [
            ["2", "Ethics and standards", "Ana"], ["1", "Ethics policy", "Ed"],
        ])
    }

    @Test(arguments: Backend.allCases)
    func aPathAnotherPageASectionOrTheSiteHasIsRefused(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await storage.articles.save([Fixtures.article("talks")], now: Self.now)
        _ = try await storage.standingPages.save(Self.page("contact", "Contact"), id: nil, editor: "Ed", note: "Created", now: Self.now)
        await #expect(throws: StorageError.pathTaken("/contact/", by: "the page “Contact”")) {
            try await storage.standingPages.save(Self.page("contact", "Contact us"), id: nil, editor: "Ed", note: "Created", now: Self.now)
        }
        await #expect(throws: StorageError.pathTaken("/world/", by: "the section “World”")) {
            try await storage.standingPages.save(Self.page("world", "The world"), id: nil, editor: "Ed", note: "Created", now: Self.now)
        }
        for reserved in ["admin", "media", "tag", "search"] {
            await #expect(throws: StorageError.pathTaken("/\(reserved)/", by: "one the site uses itself")) {
                try await storage.standingPages.save(Self.page(reserved, "Reserved"), id: nil, editor: "Ed", note: "Created", now: Self.now)
            }
        }
        // Nor may a section take a page's address.
        await #expect(throws: StorageError.pathTaken("/contact/", by: "the page “Contact”")) {
            try await storage.taxonomy.createSection(slug: "contact", name: "Contact", description: "")
        }
    }

    @Test(arguments: Backend.allCases)
    func aMovedPageTakesThePagesUnderItAlongAndLeavesRedirects(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let about = try await storage.standingPages.save(Self.page("about", "About us"), id: nil, editor: "Ed", note: "Created", now: Self.now).page
        let staff = try await storage.standingPages.save(Self.page("staff", "Our staff", under: about.id), id: nil, editor: "Ed", note: "Created", now: Self.now).page
        _ = try await storage.standingPages.save(Self.page("who-we-are", "About us"), id: about.id, editor: "Ed", note: "Renamed", now: Self.now + 60)
        #expect(try await storage.standingPages.page(id: staff.id)?.path == "/who-we-are/staff/")
        #expect(try await storage.imports.redirect(path: "/about/") == .path("/who-we-are/"))
        #expect(try await storage.imports.redirect(path: "/about/staff/") == .path("/who-we-are/staff/"))
        // A page can't be moved under itself.
        await #expect(throws: StorageError.self) {
            try await storage.standingPages.save(Self.page("who-we-are", "About us", under: staff.id), id: about.id, editor: "Ed", note: "Moved", now: Self.now)
        }
    }

    @Test(arguments: Backend.allCases)
    func theMenuIsThePublishedPagesAnEditorPutThereInTheirOrder(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await storage.standingPages.save(Self.page("contact", "Contact", menu: 2), id: nil, editor: "Ed", note: "Created", now: Self.now)
        _ = try await storage.standingPages.save(Self.page("about", "About us", menu: 1), id: nil, editor: "Ed", note: "Created", now: Self.now)
        _ = try await storage.standingPages.save(Self.page("terms", "Terms"), id: nil, editor: "Ed", note: "Created", now: Self.now)
        _ = try await storage.standingPages.save(Self.page("soon", "Soon", status: .draft, menu: 0), id: nil, editor: "Ed", note: "Created", now: Self.now)
        #expect(try await storage.standingPages.menu().map(\.title) == ["About us", "Contact"])
    }
}
