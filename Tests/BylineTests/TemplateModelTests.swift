@testable import Byline
import Foundation
import Hummingbird
import Mustache
import HummingbirdTesting
import Testing

/// A name a template uses and its model lacks renders as nothing, with no error. So every
/// template is rendered here, through the real routes, with models as full as a busy site
/// makes them, and each name it uses is looked up in the model it was given.
@Suite("Templates and their models")
struct TemplateModelTests {
    static func templates(_ library: String) throws -> TemplateNames {
        try TemplateNames.load(library == "admin" ? BundledResources.directory + "/Admin/templates" : BundledResources.defaultTheme + "/templates")
    }

    /// A site with a story that has everything: a lead photo, tags, a correction, a threaded
    /// discussion, a held comment; and a newsroom with an upload, a webhook and saved settings.
    private static func busySite() async throws -> (TestSite, articlePath: String, heldID: Int64) {
        let story = Fixtures.article(
            "harbour-reopens", tags: ["Ports", "Storms"], authors: ["Mara Lindqvist", "Bo Berg"],
            corrections: [Correction(kind: .correction, text: "An earlier version misnamed the harbour.", date: Fixtures.publishedAt + 3600)]
        )
        let quoted = Fixtures.article(
            "second-story", tags: ["Ports"], body: "Harbour master Ruth Abebe spoke on Monday.\n\n“The cranes will be back by spring,” Abebe said.")
        let site = try await TestSite.make(articles: [story, quoted])
        // A wire story, for the Wire screen and its item page.
        _ = try await WireIngest(storage: site.storage).ingest(try WireFixtures.data("ninjs-2.json"), name: "ninjs-2.json", .init(origin: "ninjs-2.json"))
        _ = try await site.addUser(.admin, email: "admin@example.com", name: "Ada Admin")
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "harbour-reopens"))
        func comment(_ body: String, parent: Int64? = nil, status: Byline.Comment.Status = .approved) async throws -> Byline.Comment {
            try await site.storage.comments.add(
                NewComment(
                    articleID: article.id, parentID: parent, authorName: "Rita Reader", authorEmail: "rita@example.com", authorURL: "https://rita.example",
                    body: body, status: status, reason: "held for review", ip: "203.0.113.9", userAgent: "Browser", createdAt: Date()
                ),
                maxDepth: 5
            )
        }
        let first = try await comment("Welcome back to the harbour.")
        _ = try await comment("A reply, **with** a link to https://example.com.", parent: first.id)
        let held = try await comment("Held for a moderator.", status: .pending)
        // An import waiting to run, and one finished with its report.
        _ = try await site.storage.importJobs.queue(fileName: "site.xml", file: Data("<rss/>".utf8), dryRun: true, by: "Ada Admin", at: Date())
        let done = try await site.storage.importJobs.queue(fileName: "site.xml", file: Data("<rss/>".utf8), dryRun: true, by: "Ada Admin", at: Date())
        _ = try await site.storage.importJobs.claim(at: Date(), stale: Date() - 600)
        _ = try await site.storage.importJobs.claim(at: Date(), stale: Date() - 600)
        try await site.storage.importJobs.finish(done, state: .done, report: "Dry run: nothing was written.", at: Date())
        let about = try await site.storage.standingPages.save(
            PageInput(slug: "about", title: "About us", bodyMarkdown: "Who we are.", status: .published, menuPosition: 1), id: nil, editor: "Ed", note: "Created",
            now: Date()).page
        _ = try await site.storage.standingPages.save(
            PageInput(parentID: about.id, slug: "staff", title: "Our staff", bodyMarkdown: "The newsroom.", status: .published), id: nil, editor: "Ed",
            note: "Created", now: Date())
        _ = try await site.storage.webhooks.add(url: "https://hooks.example/byline", events: [.articlePublished], secret: String(repeating: "s", count: 40), at: Date())
        let path = SiteURL.article(
            article.slug, section: article.section.slug, publishedAt: try #require(article.publishedAt), dates: site.configuration.dateDisplay
        ).path
        return (site, path, held.id)
    }

    // MARK: Tests

    @Test func everyNameInEveryTemplateIsInTheModelItIsRenderedWith() async throws {
        let (site, articlePath, heldID) = try await Self.busySite()
        let renderings = try await RenderProbe.collecting {
            try await site.test { client in
                // Readers' pages.
                for path in [
                    articlePath, "/", "/world", "/tag/ports", "/author/mara-lindqvist", "/search?q=harbour", "/no-such-page", "/about/staff/", "/people/",
                    "/people/ruth-abebe",
                ] {
                    _ = try await client.execute(uri: path, method: .get)
                }
                // The newsroom.
                _ = try await client.execute(uri: "/admin/login", method: .get)
                let staff = try await StaffClient.signIn(client, email: "admin@example.com")
                let upload = try await staff.upload(
                    "/admin/media", [("alt", "A harbour crane"), ("caption", "The crane."), ("credit", "Photo: Byline")],
                    file: (field: "file", name: "crane.png", data: TestImages.png)
                )
                #expect(upload.status == .seeOther, "the upload was refused")
                let id = try #require(try await site.storage.articles.publishedArticle(slug: "harbour-reopens")).id
                _ = try await staff.post("/admin/articles/\(id)", AdminEditorTests.with([("intent", "publish"), ("version", "1")]))
                for path in [
                    "/admin", "/admin/articles", "/admin/articles/new", "/admin/articles/\(id)", "/admin/articles/\(id)/revisions",
                    "/admin/articles/\(id)/compare?from=1&to=2", "/admin/articles/\(id)/delete", "/admin/media", upload.headers[.location] ?? "/admin/media",
                    "/admin/comments", "/admin/comments?status=approved", "/admin/comments/\(heldID)/edit", "/admin/sections", "/admin/tags",
                    "/admin/settings", "/admin/users", "/admin/webhooks", "/admin/articles/999999", "/admin/pages", "/admin/pages/new", "/admin/pages/1", "/admin/import",
                    "/admin/import/1", "/admin/import/2", "/admin/wire", "/admin/wire/1", "/admin/people", "/admin/people/ruth-abebe", "/admin/account",
                ] {
                    _ = try await staff.get(path)
                }
                // A refused save shows the editor with its errors.
                _ = try await staff.post("/admin/articles", AdminEditorTests.with([("headline", ""), ("intent", "publish")]))
            }
        }
        let libraries = ["theme": try Self.templates("theme"), "admin": try Self.templates("admin")]
        for rendering in renderings {
            let found = try #require(libraries[rendering.library]).check(rendering.template, model: rendering.model)
            #expect(found.missing.isEmpty, "\(rendering.library) \(rendering.template).mustache uses \(found.missing) that \(type(of: rendering.model)) does not provide")
            #expect(found.reflected.isEmpty, "\(rendering.library) \(rendering.template).mustache is rendered with \(found.reflected), which the engine would read by reflection")
        }
        let rendered = Set(renderings.map { "\($0.library)/\($0.template)" })
        let pages = Set(Theme.Template.allCases.map { "theme/\($0.rawValue)" }).union(AdminViews.Template.allCases.map { "admin/\($0.rawValue)" })
        #expect(pages.subtracting(rendered).isEmpty, "never rendered here, so never checked: \(pages.subtracting(rendered).sorted())")
    }

    @Test func aNameTheModelLacksIsFound() throws {
        let names = TemplateNames(sources: ["page": "{{headline}}{{#items}}{{label}}{{lable}}{{/items}}{{#image}}{{src}}{{alt}}{{/image}}{{byline}}"])
        let model = Page(headline: "H", items: [Item(label: "a")], image: Image(src: "/x.png"))
        #expect(names.check("page", model: model) == .init(missing: ["alt", "byline", "lable"], reflected: []))
    }

    @Test func anEmptyOptionalIsAFieldAndHidesOnlyWhatIsInsideIt() throws {
        let names = TemplateNames(sources: ["page": "{{headline}}{{#image}}{{src}}{{alt}}{{/image}}{{^image}}{{headline}}{{/image}}"])
        #expect(names.check("page", model: Page(headline: "H", items: [], image: nil)) == .init())
    }

    @Test func aModelTheEngineWouldReflectOverIsReported() throws {
        struct Plain { var headline: String }
        let names = TemplateNames(sources: ["page": "{{headline}}"])
        #expect(names.check("page", model: Plain(headline: "H")).reflected == [String(reflecting: Plain.self)])
    }

    @Test func namesResolveOutwardAndThroughParentsAndPartials() throws {
        let names = TemplateNames(sources: [
            "layout": "<title>{{headline}}</title>{{$content}}{{/content}}{{footer}}",
            "page": "{{<layout}}{{$content}}{{#items}}{{> row}}{{/items}}{{/content}}{{/layout}}",
            "row": "{{label}} in {{headline}}",
        ])
        #expect(names.check("page", model: Page(headline: "T", items: [Item(label: "a")], image: nil, footer: "F")) == .init())
    }

    @Test func theEngineReadsAModelThroughItsFields() throws {
        // `name` is there because a field of that name once rendered as its own name.
        let template = try Mustache.MustacheTemplate(string: "{{#name}}{{name}} – {{/name}}{{headline}}: {{#items}}{{label}} of {{headline}};{{/items}}{{#image}}{{src}}{{/image}}{{^image}}no image{{/image}}")
        #expect(template.render(Page(headline: "H", items: [Item(label: "a"), Item(label: "b")], image: nil)) == "H: a of H;b of H;no image")
        #expect(template.render(Page(headline: "H", items: [], image: nil, name: "The Paper")) == "The Paper – H: no image")
        #expect(template.render(Page(headline: "H", items: [], image: Image(src: "/x.png"))) == "H: /x.png")
    }

    private struct Page: TemplateModel {
        var headline: String
        var items: [Item]
        var image: Image?
        var footer: String? = nil
        var name: String? = nil

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "headline": .value(headline)
            case "items": .value(items)
            case "image": .value(image)
            case "footer": .value(footer)
            case "name": .value(name)
            default: .unknown
            }
        }
    }

    private struct Item: TemplateModel {
        var label: String
        func field(_ mustacheName: String) -> TemplateField { mustacheName == "label" ? .value(label) : .unknown }
    }

    private struct Image: TemplateModel {
        var src: String
        func field(_ mustacheName: String) -> TemplateField { mustacheName == "src" ? .value(src) : .unknown }
    }
}
