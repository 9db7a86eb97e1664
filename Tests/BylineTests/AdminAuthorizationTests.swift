@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every role against every admin action: allowed, or 403. The actions act on things the
/// member doesn't own (an imported article, another person's account), so ownership never
/// lends a permission here; `ownership` tests below cover what it does lend.
@Suite("Admin authorization matrix")
struct AdminAuthorizationTests {
    struct Action: Sendable, CustomStringConvertible {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var fields: [(String, String)] = []
        var upload: Bool = false
        var minimum: Role
        var description: String { name }
    }

    /// The IDs the actions refer to, made fresh for each role's site.
    struct Targets {
        var article: Int64
        var comment: Int64
        var media: Int64
        var section: Int64
        var tag: Int64
        var user: Int64
        var page: Int64
        var importJob: Int64
    }

    static func actions(_ t: Targets) -> [Action] {
        let article = "/admin/articles/\(t.article)"
        let draftFields = [("headline", "A draft"), ("section", "world"), ("authors", "Mara Lindqvist"), ("body", "Text.")]
        return [
            Action(name: "dashboard", method: .get, path: "/admin", minimum: .contributor),
            Action(name: "article list", method: .get, path: "/admin/articles", minimum: .contributor),
            Action(name: "new article form", method: .get, path: "/admin/articles/new", minimum: .contributor),
            Action(name: "save a new draft", method: .post, path: "/admin/articles", fields: draftFields + [("intent", "save")], minimum: .contributor),
            Action(name: "publish a new article", method: .post, path: "/admin/articles", fields: draftFields + [("intent", "publish")], minimum: .author),
            Action(name: "markdown preview", method: .post, path: "/admin/preview", fields: [("body", "*hi*")], minimum: .contributor),
            Action(name: "open another's article", method: .get, path: article, minimum: .editor),
            Action(name: "save another's article", method: .post, path: article, fields: draftFields + [("intent", "save"), ("version", "1")], minimum: .editor),
            Action(name: "unpublish another's article", method: .post, path: article, fields: draftFields + [("intent", "unpublish")], minimum: .editor),
            Action(name: "revisions of another's article", method: .get, path: article + "/revisions", minimum: .editor),
            Action(name: "compare revisions", method: .get, path: article + "/compare?from=1&to=1", minimum: .editor),
            Action(name: "restore a revision", method: .post, path: article + "/revisions/1/restore", minimum: .editor),
            Action(name: "correct another's article", method: .post, path: article + "/corrections", fields: [("kind", "correction"), ("text", "Fixed.")], minimum: .editor),
            Action(name: "delete confirmation", method: .get, path: article + "/delete", minimum: .editor),
            Action(name: "media library", method: .get, path: "/admin/media", minimum: .contributor),
            Action(name: "media details", method: .get, path: "/admin/media/\(t.media)", minimum: .contributor),
            Action(name: "upload an image", method: .post, path: "/admin/media", fields: [("alt", "A pixel")], upload: true, minimum: .author),
            Action(name: "edit an image's caption", method: .post, path: "/admin/media/\(t.media)", fields: [("caption", "New")], minimum: .author),
            Action(name: "moderation queue", method: .get, path: "/admin/comments", minimum: .editor),
            Action(name: "approve a comment", method: .post, path: "/admin/comments", fields: [("single", "approve:\(t.comment)")], minimum: .editor),
            Action(name: "comment edit form", method: .get, path: "/admin/comments/\(t.comment)/edit", minimum: .editor),
            Action(name: "edit a comment", method: .post, path: "/admin/comments/\(t.comment)/edit", fields: [("comment", "Edited.")], minimum: .editor),
            Action(name: "reply as staff", method: .post, path: "/admin/comments/\(t.comment)/reply", fields: [("comment", "Thanks.")], minimum: .editor),
            Action(name: "ban a commenter", method: .post, path: "/admin/comments/\(t.comment)/ban", fields: [("kind", "email")], minimum: .editor),
            Action(name: "sections", method: .get, path: "/admin/sections", minimum: .editor),
            Action(name: "create a section", method: .post, path: "/admin/sections", fields: [("name", "Opinion")], minimum: .editor),
            Action(name: "rename a section", method: .post, path: "/admin/sections/\(t.section)", fields: [("name", "Planet"), ("slug", "planet")], minimum: .editor),
            Action(name: "tags", method: .get, path: "/admin/tags", minimum: .editor),
            Action(name: "rename a tag", method: .post, path: "/admin/tags/\(t.tag)", fields: [("name", "Harbours"), ("slug", "harbours")], minimum: .editor),
            Action(name: "merge a tag", method: .post, path: "/admin/tags/\(t.tag)/merge", fields: [("into", "Storms")], minimum: .editor),
            Action(name: "pages", method: .get, path: "/admin/pages", minimum: .editor),
            Action(name: "new page form", method: .get, path: "/admin/pages/new", minimum: .editor),
            Action(name: "create a page", method: .post, path: "/admin/pages", fields: [("title", "Contact"), ("body", "Write to us.")], minimum: .editor),
            Action(name: "page editor", method: .get, path: "/admin/pages/\(t.page)", minimum: .editor),
            Action(name: "save a page", method: .post, path: "/admin/pages/\(t.page)", fields: [("title", "About us"), ("slug", "about")], minimum: .editor),
            Action(name: "users", method: .get, path: "/admin/users", minimum: .admin),
            Action(name: "create a user", method: .post, path: "/admin/users",
                fields: [("name", "New Person"), ("email", "new@example.com"), ("role", "author"), ("password", "another long passphrase")], minimum: .admin),
            Action(name: "change a role", method: .post, path: "/admin/users/\(t.user)/role", fields: [("role", "editor")], minimum: .admin),
            Action(name: "import page", method: .get, path: "/admin/import", minimum: .admin),
            Action(name: "upload an export", method: .post, path: "/admin/import", upload: true, minimum: .admin),
            Action(name: "an import's status", method: .get, path: "/admin/import/\(t.importJob)", minimum: .admin),
            Action(name: "confirm an import", method: .post, path: "/admin/import/\(t.importJob)/confirm", minimum: .admin),
            Action(name: "settings", method: .get, path: "/admin/settings", minimum: .admin),
            Action(name: "save settings", method: .post, path: "/admin/settings", fields: [("site-name", "Renamed Gazette")], minimum: .admin),
            Action(name: "webhooks", method: .get, path: "/admin/webhooks", minimum: .admin),
            Action(name: "add a webhook", method: .post, path: "/admin/webhooks", fields: [("url", "https://hooks.example.com/x"), ("events", "comment.held")], minimum: .admin),
            Action(name: "remove a webhook", method: .post, path: "/admin/webhooks/999/delete", minimum: .admin),
            // Destructive ones last, so that the others still find their targets.
            Action(name: "delete an image", method: .post, path: "/admin/media/\(t.media)/delete", minimum: .editor),
            Action(name: "delete another's article", method: .post, path: article + "/delete", minimum: .editor),
        ]
    }

    @Test(arguments: Role.allCases)
    func eachRoleIsAllowedExactlyWhatItsRoleAllows(role: Role) async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("harbour", tags: ["Ports", "Storms"])])
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "harbour"))
        let comment = try await site.storage.comments.add(NewComment(
            articleID: article.id, parentID: nil, authorName: "Rita", authorEmail: "rita@example.com", authorURL: nil, body: "Hello",
            status: .approved, reason: "test", ip: "192.0.2.4", userAgent: nil, createdAt: Date()
        ), maxDepth: 5)
        let media = try await site.storage.media.add(MediaItem(
            id: 0, fileName: "0123abcd.png", format: .png, width: 3, height: 2, byteCount: 10, originalName: "x.png", alt: "", caption: "",
            credit: "", uploadedBy: nil, createdAt: Date()
        ))
        let other = try await site.addUser(.author, email: "other@example.com")
        try await site.addUser(role)
        let page = try await site.storage.standingPages.save(
            PageInput(slug: "about", title: "About us", bodyMarkdown: "Who we are.", status: .published), id: nil, editor: "Ed", note: "Created", now: Date())
        let targets = Targets(
            article: article.id, comment: comment.id, media: media.id, section: article.section.id,
            tag: try #require(article.tags.first).id, user: other.id, page: page.page.id,
            importJob: try await site.storage.importJobs.queue(fileName: "site.xml", file: Data("<rss/>".utf8), dryRun: true, by: "Ada", at: Date())
        )

        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "\(role.rawValue)@example.com")
            for action in Self.actions(targets) {
                let response: TestResponse = switch (action.method, action.upload) {
                case (.get, _): try await staff.get(action.path)
                case (_, true): try await staff.upload(action.path, action.fields, file: ("file", "pixel.png", TestImages.png))
                default: try await staff.post(action.path, action.fields)
                }
                if role >= action.minimum {
                    #expect(response.status != .forbidden, "\(role) should be allowed to \(action.name)")
                    #expect(response.status.code < 500, "\(action.name) failed for \(role): \(response.status)")
                } else {
                    #expect(response.status == .forbidden, "\(role) must not be allowed to \(action.name), got \(response.status)")
                }
            }
        }
    }

    @Test func signedOutVisitorsAreSentToSignInAndTheirPostsChangeNothing() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("harbour")])
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "harbour"))
        try await site.test { client in
            let page = try await client.execute(uri: "/admin/articles/\(article.id)", method: .get)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/admin/login?next=%2Fadmin%2Farticles%2F\(article.id)")
            let post = try await client.execute(
                uri: "/admin/articles/\(article.id)/delete", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=anything")
            )
            #expect(post.status == .unauthorized)
        }
        #expect(try await site.storage.articles.publishedArticle(slug: "harbour") != nil)
    }

    // MARK: What ownership lends

    private func ownedArticle(_ site: TestSite, owner: User, status: Article.Status) async throws -> Int64 {
        var document = ArticleDocument()
        document.headline = "Owned by \(owner.name), \(status.rawValue)"
        document.section = "world"
        document.authors = [owner.name]
        document.body = "Text."
        let sections = try await site.storage.taxonomy.sections()
        guard case .saved(let id, _) = try await site.storage.editorial.save(EditorialSave(
            articleID: nil, input: document.input(status: status, sections: sections, externalID: nil), document: document, expectedVersion: nil,
            scheduledAt: nil, editor: Editor(owner), note: "Created"
        ), now: Date()) else { throw HTTPError(.internalServerError) }
        return id
    }

    @Test func contributorsEditTheirOwnDraftsButNotOnceTheyArePublished() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("seed")])
        let contributor = try await site.addUser(.contributor)
        let draft = try await ownedArticle(site, owner: contributor, status: .draft)
        let published = try await ownedArticle(site, owner: contributor, status: .published)
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: contributor.email)
            #expect(try await staff.get("/admin/articles/\(draft)").status == .ok)
            #expect(try await staff.post("/admin/articles/\(draft)", [("headline", "Better"), ("section", "world"), ("body", "x"), ("intent", "save"), ("version", "1")]).status == .seeOther)
            #expect(try await staff.post("/admin/articles/\(draft)", [("headline", "Better"), ("section", "world"), ("body", "x"), ("authors", "A"), ("intent", "publish")]).status == .forbidden)
            #expect(try await staff.get("/admin/articles/\(published)").status == .forbidden)
            #expect(try await staff.post("/admin/articles/\(draft)/delete").status == .seeOther)
        }
    }

    @Test func authorsPublishAndCorrectTheirOwnArticles() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("seed")])
        let author = try await site.addUser(.author)
        let draft = try await ownedArticle(site, owner: author, status: .draft)
        let published = try await ownedArticle(site, owner: author, status: .published)
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: author.email)
            let publish = try await staff.post("/admin/articles/\(draft)", [
                ("headline", "Out now"), ("section", "world"), ("authors", author.name), ("body", "Text."), ("intent", "publish"), ("version", "1"),
            ])
            #expect(publish.status == .seeOther)
            #expect(try await staff.post("/admin/articles/\(published)/corrections", [("kind", "update"), ("text", "More news.")]).status == .seeOther)
        }
        #expect(try await site.storage.editorial.editable(id: draft)?.status == .published)
        #expect(try await site.storage.editorial.editable(id: published)?.article.corrections.map(\.text) == ["More news."])
    }
}
