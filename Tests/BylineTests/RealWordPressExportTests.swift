@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the Riverside Courier's export says, read with Foundation's XML tree rather than
/// Byline's reader, so that a mistake the importer shares with its reader can't pass.
/// WordPress 6.1 itself wrote the file (`scripts/wordpress-fixture/`): the site was built
/// through WordPress's own functions, the export is `export_wp()`'s.
struct CourierExport {
    struct Item {
        var id: Int
        var type: String
        var status: String
        var password: String
        var title: String
        /// The path of the item's `<link>`, with its query.
        var link: String
        var approvedComments: Int
        var isPublic: Bool { status == "publish" && password.isEmpty }
    }

    struct Category {
        var slug: String
        var parent: String
    }

    static let site = "https://courier.example"
    static let file = WordPressFixtures.folder.appendingPathComponent("riverside-courier-wordpress-6.1.xml")
    static let uploads = WordPressFixtures.folder.appendingPathComponent("riverside-courier-uploads")

    var items: [Item] = []
    var categories: [Category] = []
    var tags: [String] = []
    var authors: [String] = []
    var commentCount = 0

    init() throws {
        let document = try XMLDocument(contentsOf: Self.file, options: [])
        let channel = try #require(document.rootElement()?.elements(forName: "channel").first)
        func text(_ element: XMLElement, _ name: String) -> String { element.elements(forName: name).first?.stringValue ?? "" }
        for category in channel.elements(forName: "wp:category") {
            categories.append(Category(slug: text(category, "wp:category_nicename"), parent: text(category, "wp:category_parent")))
        }
        tags = channel.elements(forName: "wp:tag").map { text($0, "wp:tag_slug") }
        authors = channel.elements(forName: "wp:author").map { text($0, "wp:author_login") }
        for item in channel.elements(forName: "item") {
            let comments = item.elements(forName: "wp:comment").filter { ["", "comment"].contains(text($0, "wp:comment_type")) }
            if ["post", "page"].contains(text(item, "wp:post_type")) { commentCount += comments.count }
            items.append(Item(
                id: try #require(Int(text(item, "wp:post_id"))), type: text(item, "wp:post_type"), status: text(item, "wp:status"),
                password: text(item, "wp:post_password"), title: text(item, "title"), link: String(text(item, "link").dropFirst(Self.site.count)),
                approvedComments: comments.filter { text($0, "wp:comment_approved") == "1" }.count))
        }
    }

    func of(_ type: String) -> [Item] { items.filter { $0.type == type } }

    /// WordPress's address of a category: its parents' slugs, then its own.
    func categoryPath(_ category: Category) -> String {
        var chain = [category.slug]
        var parent = category.parent
        while !parent.isEmpty, let up = categories.first(where: { $0.slug == parent }) {
            chain.insert(up.slug, at: 0)
            parent = up.parent
        }
        return "/category/" + chain.joined(separator: "/") + "/"
    }
}

@Suite("A real WordPress export")
struct RealWordPressExportTests {
    static let now = ISO8601.parse("2026-12-01T12:00:00Z")!

    @discardableResult
    static func importCourier(into site: TestSite) async throws -> WordPressImportReport {
        let options = WordPressImporter.Options(
            planner: .init(timeZone: TimeZone(identifier: "Europe/Oslo")!), maxDepth: 5,
            uploads: (CourierExport.uploads, mediaLibrary(site.configuration, storage: site.storage)))
        return try await WordPressImporter.run(WXR.Reader(file: CourierExport.file), into: site.storage, options: options, now: now)
    }

    static func text(_ response: TestResponse) -> String { response.body.getString(at: 0, length: response.body.readableBytes) ?? "" }

    @Test(arguments: Backend.allCases)
    func itImportsCleanlyWithItsPicturesMenuAndNoShortcodeLeft(backend: Backend) async throws {
        let export = try CourierExport()
        let site = try await TestSite.make(timeZone: "Europe/Oslo", backend: backend)
        let report = try await Self.importCourier(into: site)

        #expect(report.counts["stories"] == .init(created: export.of("post").count, updated: 0, unchanged: 0))
        #expect(report.counts["pages"] == .init(created: export.of("page").count, updated: 0, unchanged: 0))
        #expect(report.counts["comments"] == .init(created: export.commentCount, updated: 0, unchanged: 0))
        #expect(report.counts["authors"]?.created == export.authors.count)
        #expect(report.counts["media"] == .init(created: export.of("attachment").count, updated: 0, unchanged: 0))
        // Every attachment was copied; the one file the podcast post links to has no attachment.
        #expect(report.filesNotCopied == ["https://courier.example/wp-content/uploads/2026/06/week-24.mp3 (post 11 links to it; the export has no attachment for it)"])
        #expect(report.shortcodesRemoved == ["contact-form-7": 1])
        #expect(report.skipped == ["pingbacks (counted, not imported as comments)": 1, "trackbacks (counted, not imported as comments)": 1])
        // WordPress 6.1 declares every category twice; each old address is recorded once.
        #expect(report.counts["redirects"]?.unchanged == 0)

        for entry in try await site.storage.imports.exportStories(after: 0, limit: 100) {
            let story = try #require(try await site.storage.articles.article(slug: entry.slug))
            for leftover in ["[caption", "[gallery", "[audio", "[embed", "[contact-form", "<!--", "wp:", "<script", "<iframe", "javascript:"] {
                #expect(!story.bodyMarkdown.contains(leftover), "\(story.headline): \(leftover)")
            }
        }
        let regatta = try #require(try await site.storage.articles.publishedArticle(slug: "regatta-draws-record-crowds"))
        // Filed under Sport and News › Local: Sport is a section in its own right.
        #expect(regatta.section.slug == "sport")
        #expect(regatta.leadImage?.alt == "Rowing eights on a river" && regatta.leadImage?.src.hasPrefix("/media/") == true)
        #expect(regatta.bodyMarkdown.contains("> [!gallery]"), "\(regatta.bodyMarkdown)")
        #expect(regatta.bodyMarkdown.contains("[The final, in full.](<https://www.youtube.com/watch?v=aqz-KE-bpKQ>)"), "\(regatta.bodyMarkdown)")
        // No category is lost: World has no stories, and is a tag its old address leads to.
        #expect(try await site.storage.taxonomy.tag(slug: "world")?.name == "World")
        // WordPress named the untitled post by its ID; Byline names it by the headline it made.
        let untitled = try #require(try await site.storage.articles.publishedArticle(slug: "overnight-the-ferry-ran-late-again-the-harbour-master-blamed-fog"))
        #expect(untitled.externalID == "wordpress:12" && untitled.headline == "Overnight: the ferry ran late again. The harbour master blamed fog.")
        // WordPress's menu called Footer is the footer menu, in its order.
        #expect(try await site.storage.standingPages.menu().map(\.path) == ["/about/", "/ethics/"])
    }

    @Test func theSiteServesEveryPublishedPostPageAndOldLinkWithTheSameCommentCounts() async throws {
        let export = try CourierExport()
        let site = try await TestSite.make(timeZone: "Europe/Oslo")
        try await Self.importCourier(into: site)
        try await site.test { client in
            func follow(_ path: String) async throws -> (status: HTTPResponse.Status, location: String?, final: TestResponse) {
                let first = try await client.execute(uri: path, method: .get)
                if first.status == .movedPermanently, let location = first.headers[.location] {
                    return (first.status, location, try await client.execute(uri: location, method: .get))
                }
                return (first.status, nil, first)
            }
            for post in export.of("post") {
                let (status, location, page) = try await follow(post.link)
                let html = Self.text(page)
                if !post.isPublic {
                    // Drafts, scheduled, private and password-protected posts stay out of sight.
                    #expect(status != .movedPermanently && !html.contains(post.title), "\(post.id) \(post.status)")
                    continue
                }
                #expect(status == .movedPermanently && page.status == .ok, "\(post.link)")
                let count = post.approvedComments
                #expect(html.contains(count == 0 ? "There are no comments yet" : ">\(count) comment\(count == 1 ? "" : "s")<"), "\(post.link): \(count)")
                #expect(!html.contains("@reader.example") && !html.contains("203.0.113."), "\(post.link)")
                for old in ["/?p=\(post.id)", post.link + "2/", post.link + "comment-page-1/", post.link + "feed/", String(post.link.dropLast())] {
                    let answer = try await client.execute(uri: old, method: .get)
                    #expect(answer.status == .movedPermanently && answer.headers[.location] == location, "\(old)")
                }
            }
            for page in export.of("page") {
                let (_, _, answer) = try await follow(page.link)
                if page.isPublic {
                    #expect(answer.status == .ok && Self.text(answer).contains(page.title), "\(page.link)")
                    let byID = try await client.execute(uri: "/?page_id=\(page.id)", method: .get)
                    #expect(byID.status == .movedPermanently && byID.headers[.location] == page.link, "\(page.id)")
                } else {
                    #expect(answer.status == .notFound || !Self.text(answer).contains(page.title), "\(page.link)")
                }
            }
            for path in export.categories.map(export.categoryPath) + export.tags.map({ "/tag/\($0)/" }) + export.authors.map({ "/author/\($0)/" }) {
                let (_, _, answer) = try await follow(path)
                #expect(answer.status == .ok, "\(path)")
            }
            let footer = Self.text(try await client.execute(uri: "/", method: .get))
            #expect(footer.contains(#"href="/about/""#) && footer.contains(#"href="/ethics/""#))
        }
    }

    @Test func importReimportExportAndImportOfTheExportAllAgree() async throws {
        let site = try await TestSite.make(timeZone: "Europe/Oslo")
        try await Self.importCourier(into: site)
        let again = try await Self.importCourier(into: site)
        #expect(again.counts.values.allSatisfy { $0.created == 0 && $0.updated == 0 }, "\(again.counts)")

        var text = ""
        _ = try await WordPressExporter.write(site.storage, site: site.configuration, includePrivate: true, now: Self.now) { text += $0 }
        let copy = try await TestSite.make(timeZone: "Europe/Oslo")
        _ = try await WordPressExportTests.importing(Data(text.utf8), into: copy.storage)
        let dates = site.configuration.dateDisplay
        let original = try await WordPressExportTests.picture(site.storage, dates: dates)
        let imported = try await WordPressExportTests.picture(copy.storage, dates: dates)
        #expect(imported == original)
        let export = try CourierExport()
        #expect(original.stories.count == export.of("post").count && original.comments.count == export.commentCount && original.pages.count == export.of("page").count)
        #expect(imported.menu == ["/about/", "/ethics/"])
    }
}
