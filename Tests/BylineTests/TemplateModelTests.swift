@testable import Byline
import Foundation
import Hummingbird
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
        let site = try await TestSite.make(articles: [story, Fixtures.article("second-story", tags: ["Ports"])])
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
                for path in [articlePath, "/", "/world", "/tag/ports", "/author/mara-lindqvist", "/search?q=harbour", "/no-such-page"] {
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
                    "/admin/settings", "/admin/users", "/admin/webhooks", "/admin/articles/999999",
                ] {
                    _ = try await staff.get(path)
                }
                // A refused save shows the editor with its errors.
                _ = try await staff.post("/admin/articles", AdminEditorTests.with([("headline", ""), ("intent", "publish")]))
            }
        }
        let libraries = ["theme": try Self.templates("theme"), "admin": try Self.templates("admin")]
        for rendering in renderings {
            let missing = try #require(libraries[rendering.library]).missingNames(in: rendering.template, model: rendering.model)
            #expect(missing.isEmpty, "\(rendering.library) \(rendering.template).mustache uses \(missing) that \(type(of: rendering.model)) does not provide")
        }
        let rendered = Set(renderings.map { "\($0.library)/\($0.template)" })
        let pages = Set(Theme.Template.allCases.map { "theme/\($0.rawValue)" }).union(AdminViews.Template.allCases.map { "admin/\($0.rawValue)" })
        #expect(pages.subtracting(rendered).isEmpty, "never rendered here, so never checked: \(pages.subtracting(rendered).sorted())")
    }

    @Test func aNameTheModelLacksIsFound() throws {
        struct Model { var headline: String; var items: [Item]; var image: Image? }
        struct Item { var label: String }
        struct Image { var src: String }
        let names = TemplateNames(sources: ["page": "{{headline}}{{#items}}{{label}}{{lable}}{{/items}}{{#image}}{{src}}{{alt}}{{/image}}{{byline}}"])
        let model = Model(headline: "H", items: [Item(label: "a")], image: Image(src: "/x.png"))
        #expect(names.missingNames(in: "page", model: model) == ["alt", "byline", "lable"])
    }

    @Test func namesResolveOutwardAndThroughParentsAndPartials() throws {
        struct Model { var title: String; var items: [Item]; var footer: String }
        struct Item { var label: String }
        let names = TemplateNames(sources: [
            "layout": "<title>{{title}}</title>{{$content}}{{/content}}{{footer}}",
            "page": "{{<layout}}{{$content}}{{#items}}{{> row}}{{/items}}{{/content}}{{/layout}}",
            "row": "{{label}} in {{title}}",
        ])
        #expect(names.missingNames(in: "page", model: Model(title: "T", items: [Item(label: "a")], footer: "F")).isEmpty)
    }
}
