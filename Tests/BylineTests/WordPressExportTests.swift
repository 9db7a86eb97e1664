@testable import Byline
import Foundation
import Testing

/// `byline wordpress export`, and the promise that import(export(site)) is the same site.
@Suite("WordPress export")
struct WordPressExportTests {
    static let now = ISO8601.parse("2026-12-01T12:00:00Z")!

    static func export(_ site: TestSite, includePrivate: Bool = false) async throws -> (Data, WordPressExporter.Summary) {
        var text = ""
        let summary = try await WordPressExporter.write(site.storage, site: site.configuration, includePrivate: includePrivate, now: now) { text += $0 }
        return (Data(text.utf8), summary)
    }

    static func importing(_ data: Data, into storage: Storage) async throws -> WordPressImportReport {
        try await WordPressImporter.run(WXR.Reader(data: data), into: storage, options: .init(planner: .init(timeZone: .gmt), maxDepth: 5), now: now)
    }

    /// What a reader and the newsroom see of a site, with the IDs each database chose left out.
    struct Picture: Equatable {
        var stories: [[String]]
        var comments: [[String]]
        var pages: [[String]]
        var menu: [String]
    }

    static func picture(_ storage: Storage, dates: DateDisplay) async throws -> Picture {
        var stories: [[String]] = []
        var comments: [[String]] = []
        for entry in try await storage.imports.exportStories(after: 0, limit: 1000) {
            let article = try #require(try await storage.articles.article(slug: entry.slug))
            let path = SiteURL.article(article.slug, section: article.section.slug, publishedAt: article.publishedAt ?? article.updatedAt, dates: dates).path
            stories.append([
                path, article.status.rawValue, article.headline, article.dek ?? "", article.bodyMarkdown, article.authors.map(\.name).joined(separator: ","),
                article.section.name, article.tags.map(\.slug).joined(separator: ","), article.dateline ?? "", article.credit.source ?? "",
                article.corrections.map(\.text).joined(separator: "|"), article.leadImage.map { "\($0.src) \($0.width)x\($0.height) \($0.alt)" } ?? "",
                String(article.comments.open), entry.scheduledAt.map { ISO8601.string(from: $0, in: .gmt) } ?? "",
            ])
            let all = try await storage.imports.exportComments(articleID: article.id)
            let bodies = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.body) })
            comments += all.map { [path, $0.authorName, $0.body, $0.status.rawValue, $0.parentID.flatMap { bodies[$0] } ?? "", ISO8601.string(from: $0.createdAt, in: .gmt)] }
        }
        let pages = try await storage.standingPages.pages().map { [$0.path, $0.title, $0.bodyMarkdown, $0.status.rawValue] }
        return Picture(stories: stories, comments: comments, pages: pages, menu: try await storage.standingPages.menu().map(\.path))
    }

    static func busySite() async throws -> TestSite {
        let correction = Correction(kind: .correction, text: "An earlier version misnamed the quay.", date: Fixtures.publishedAt + 3600)
        let site = try await TestSite.make(articles: [
            Fixtures.article("harbour-reopens", tags: ["Ports", "Storms"], authors: ["Mara Lindqvist", "Bo Berg"], body: "The harbour *reopened*.\n\n> [!pullquote]\n> We are close.\n> — Ana", corrections: [correction]),
            Fixtures.article("council-votes", section: "Politics", image: false),
            Fixtures.article("draft-budget", status: .draft, publishedAt: nil),
        ])
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "harbour-reopens"))
        var parent: Int64?
        for (depth, status) in [Comment.Status.approved, .approved, .approved].enumerated() {
            parent = try await site.storage.comments.add(NewComment(
                articleID: article.id, parentID: parent, authorName: "Reader \(depth)", authorEmail: "reader\(depth)@example.com", authorURL: nil,
                body: "Depth \(depth + 1).", status: status, reason: "test", ip: "192.0.2.\(depth)", userAgent: nil, createdAt: Fixtures.publishedAt + Double(depth * 60)
            ), maxDepth: 5).id
        }
        _ = try await site.storage.comments.add(NewComment(
            articleID: article.id, parentID: nil, authorName: "Held", authorEmail: "held@example.com", authorURL: nil, body: "Waiting.", status: .pending,
            reason: "test", ip: nil, userAgent: nil, createdAt: Fixtures.publishedAt + 600), maxDepth: 5)
        let about = try await site.storage.standingPages.save(
            PageInput(slug: "about", title: "About us", bodyMarkdown: "Who **we** are.", status: .published, menuPosition: 1), id: nil, editor: "Ed", note: "Created",
            now: now).page
        _ = try await site.storage.standingPages.save(
            PageInput(parentID: about.id, slug: "staff", title: "Our staff", bodyMarkdown: "The newsroom.", status: .published), id: nil, editor: "Ed", note: "Created",
            now: now)
        return site
    }

    @Test func importingTheExportGivesTheSameSite() async throws {
        let site = try await Self.busySite()
        let (data, summary) = try await Self.export(site)
        #expect(summary == .init(stories: 3, pages: 2, comments: 4, attachments: 2))
        let copy = try await Backend.sqlite.makeStorage()
        _ = try await Self.importing(data, into: copy)
        let original = try await Self.picture(site.storage, dates: .init(timeZone: .gmt, locale: Locale(identifier: "en_US"), pattern: "y"))
        let imported = try await Self.picture(copy, dates: .init(timeZone: .gmt, locale: Locale(identifier: "en_US"), pattern: "y"))
        #expect(imported.stories == original.stories)
        #expect(imported.comments == original.comments)
        #expect(imported.pages == original.pages && imported.menu == ["/about/"])
    }

    @Test func importReimportExportAndImportOfTheExportAllAgree() async throws {
        let first = try await Backend.sqlite.makeStorage()
        _ = try await WordPressImportTests.importGazette(into: first)
        let again = try await WordPressImportTests.importGazette(into: first)
        #expect(again.counts.values.allSatisfy { $0.created == 0 && $0.updated == 0 })
        var input = Configuration.Input()
        input[.baseURL] = "https://old.example"
        input[.dataDirectory] = TemporaryDirectory.make()
        let configuration = try Configuration.resolve(input, environment: [:])
        var text = ""
        _ = try await WordPressExporter.write(first, site: configuration, includePrivate: true, now: Self.now) { text += $0 }
        let second = try await Backend.sqlite.makeStorage()
        _ = try await Self.importing(Data(text.utf8), into: second)
        let dates = DateDisplay(timeZone: .gmt, locale: Locale(identifier: "en_US"), pattern: "y")
        let a = try await Self.picture(first, dates: dates)
        let b = try await Self.picture(second, dates: dates)
        #expect(b == a)
        #expect(a.stories.count == 8 && a.comments.count == 13 && a.pages.count == 2)
    }

    @Test func commentersAddressesAndIPsLeaveOnlyWhenAskedFor() async throws {
        let site = try await Self.busySite()
        let (plain, _) = try await Self.export(site)
        let text = String(decoding: plain, as: UTF8.self)
        #expect(!text.contains("reader0@example.com") && !text.contains("192.0.2.0"))
        let (full, _) = try await Self.export(site, includePrivate: true)
        let privateText = String(decoding: full, as: UTF8.self)
        #expect(privateText.contains("<![CDATA[reader0@example.com]]>") && privateText.contains("<![CDATA[192.0.2.0]]>"))
    }

    @Test func theExportIsAWordPressExportItsOwnReaderAccepts() async throws {
        let site = try await Self.busySite()
        let (data, _) = try await Self.export(site)
        let parts = try WXR.Reader(data: data).parts()
        let items = parts.compactMap { if case .item(let item) = $0 { item } else { nil } }
        #expect(items.filter { $0.type == "post" }.count == 3 && items.filter { $0.type == "page" }.count == 2 && items.filter { $0.type == "attachment" }.count == 2)
        let story = try #require(items.first { $0.name == "harbour-reopens" })
        #expect(story.content.contains("<em>reopened</em>") && story.status == "publish")
        #expect(story.terms.contains(WXR.ItemTerm(domain: "category", slug: "world", name: "World")))
        #expect(items.first { $0.name == "draft-budget" }?.status == "draft")
    }

    @Test func textThatWouldEndACDATASectionOrIsNotXMLStaysInside() {
        #expect(XMLText.cdata("a]]>b\u{1}c") == "<![CDATA[a]]]]><![CDATA[>bc]]>")
    }
}
