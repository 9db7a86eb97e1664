@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The newsroom's editor and workflow")
struct AdminEditorTests {
    static let fields: [(String, String)] = [
        ("headline", "Harbour reopens after the storm"), ("dek", "Ships are back."), ("section", "world"), ("authors", "Mara Lindqvist, Bo Berg"),
        ("tags", "Ports, Storms"), ("dateline", "FARROW"), ("credit_kind", "wires"), ("credit_source", "AFP"), ("body", "The harbour reopened."),
        ("comments_open", "1"),
    ]

    static func with(_ changes: [(String, String)]) -> [(String, String)] {
        var fields = Self.fields.filter { field in !changes.contains { $0.0 == field.0 } }
        fields += changes
        return fields
    }

    private func site(timeZone: String = "America/New_York") async throws -> TestSite {
        let site = try await TestSite.make(timeZone: timeZone, articles: [Fixtures.article("seed", section: "World", status: .draft)])
        try await site.addUser(.editor, name: "Edna Editor")
        try await site.addUser(.author, name: "Arlo Author")
        return site
    }

    private func create(_ staff: StaffClient, _ fields: [(String, String)] = AdminEditorTests.fields) async throws -> Int64 {
        let response = try await staff.post("/admin/articles", fields + [("intent", "save")])
        #expect(response.status == .seeOther)
        let location = try #require(response.headers[.location])
        return try #require(Int64(location.dropFirst("/admin/articles/".count).prefix { $0.isNumber }))
    }

    @Test func everyFieldOfTheFormIsStored() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let id = try await create(staff, Self.with([("comments_close_at", "2030-01-15T09:30"), ("display_date", "2030-01-02T08:00")]))
            let article = try #require(try await site.storage.editorial.editable(id: id)?.article)
            #expect(article.slug == "harbour-reopens-after-the-storm" && article.dek == "Ships are back." && article.dateline == "FARROW")
            #expect(article.authors.map(\.name) == ["Mara Lindqvist", "Bo Berg"] && article.tags.map(\.name) == ["Ports", "Storms"])
            #expect(article.credit == .wires(agency: "AFP") && article.status == .draft)
            #expect(article.comments.closesAt == ISO8601.parse("2030-01-15T14:30:00Z"), "a wall-clock time in the site's zone")
            #expect(article.displayDate == ISO8601.parse("2030-01-02T13:00:00Z"))
            let page = try await staff.get("/admin/articles/\(id)").text
            #expect(page.contains("value=\"2030-01-15T09:30\""))
        }
    }

    @Test func aTimeTheClocksSkipOrPassTwiceIsSaidSoKeptAsTypedAndTheChosenInstantStored() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let skipped = try await staff.post("/admin/articles", Self.with([("display_date", "2030-03-10T02:30"), ("intent", "save")]))
            #expect(skipped.status == .unprocessableContent)
            #expect(skipped.text.contains("There is no 02:30 that day in America/New_York: the clocks go forward from 02:00 to 03:00."))
            #expect(skipped.text.contains("value=\"2030-03-10T02:30\""), "what was typed is shown again")

            let schedule = try await staff.post("/admin/articles", Self.with([("scheduled_at", "2030-11-03T01:30"), ("intent", "schedule")]))
            #expect(schedule.status == .unprocessableContent)
            #expect(schedule.text.contains("01:30 comes twice that night in America/New_York, as the clocks go back an hour."))
            #expect(schedule.text.contains("<input type=\"radio\" name=\"scheduled_at_choice\" value=\"first\"> The first 01:30 (UTC-04:00)"))
            #expect(schedule.text.contains("<input type=\"radio\" name=\"scheduled_at_choice\" value=\"second\"> The second 01:30 (UTC-05:00)"))

            let id = try await create(staff, Self.with([("display_date", "2030-11-03T01:30"), ("display_date_choice", "second")]))
            let article = try #require(try await site.storage.editorial.editable(id: id)?.article)
            #expect(article.displayDate == ISO8601.parse("2030-11-03T06:30:00Z"), "the second 01:30 is in standard time")
        }
    }

    @Test func publishingRefusesAStoryWithoutHeadlineBodyAuthorOrAltTextAndKeepsWhatWasTyped() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let refused = try await staff.post("/admin/articles", Self.with([
                ("headline", ""), ("body", " "), ("authors", ""), ("dek", "Kept <as typed>"), ("lead_image_src", "/media/abc.png"),
                ("lead_image_width", "3"), ("lead_image_height", "2"), ("lead_image_alt", ""), ("intent", "publish"),
            ]))
            #expect(refused.status == .unprocessableContent)
            let html = refused.text
            for message in ["Give the article a headline", "the body is empty", "Add at least one author", "Describe the image"] {
                #expect(html.contains(message), "missing: \(message)")
            }
            #expect(html.contains("Kept &lt;as typed&gt;"))
        }
        #expect(try await site.storage.editorial.articles(.init(), page: .init(number: 1, size: 10)).totalCount == 1)
    }

    @Test func aDraftNeedsOnlyAHeadline() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let id = try await create(staff, [("headline", "Just an idea"), ("section", "world")])
            #expect(try await site.storage.editorial.editable(id: id)?.status == .draft)
        }
    }

    @Test func publishUnpublishAndDeleteWithConfirmation() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let id = try await create(staff)
            #expect(try await staff.post("/admin/articles/\(id)", Self.with([("intent", "publish"), ("version", "1"), ("slug", "harbour-reopens")])).status == .seeOther)
            let published = try #require(try await site.storage.articles.publishedArticle(id: id))
            let path = SiteURL.article(published.slug, section: "world", publishedAt: published.publishedAt!, dates: site.configuration.dateDisplay).path
            #expect(try await client.execute(uri: path, method: .get).status == .ok)

            #expect(try await staff.post("/admin/articles/\(id)", Self.with([("intent", "unpublish"), ("version", "2"), ("slug", "harbour-reopens")])).status == .seeOther)
            #expect(try await client.execute(uri: path, method: .get).status == .notFound)

            let confirm = try await staff.get("/admin/articles/\(id)/delete")
            #expect(confirm.status == .ok && confirm.text.contains("Delete for good"))
            #expect(try await site.storage.editorial.editable(id: id) != nil, "asking is not deleting")
            #expect(try await staff.post("/admin/articles/\(id)/delete").headers[.location] == "/admin/articles?notice=deleted")
            #expect(try await site.storage.editorial.editable(id: id) == nil)
        }
    }

    @Test func schedulingUsesTheSiteTimeZoneAndTheJobPublishes() async throws {
        let site = try await site(timeZone: "Europe/Paris")
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let id = try await create(staff)
            let past = try await staff.post("/admin/articles/\(id)", Self.with([("intent", "schedule"), ("scheduled_at", "2001-01-01T10:00"), ("version", "1")]))
            #expect(past.status == .unprocessableContent && past.text.contains("in the future"))

            let response = try await staff.post("/admin/articles/\(id)", Self.with([("intent", "schedule"), ("scheduled_at", "2031-07-01T08:00"), ("version", "1")]))
            #expect(response.status == .seeOther)
            let scheduled = try #require(try await site.storage.editorial.editable(id: id))
            #expect(scheduled.status == .scheduled)
            #expect(scheduled.scheduledAt == ISO8601.parse("2031-07-01T06:00:00Z"), "08:00 in Paris in summer is 06:00 UTC")
        }
        let jobs = JobScheduler.standardJobs(storage: site.storage, comments: { CommentPolicy() })
        let publish = try #require(jobs.first { $0.name == "publish-scheduled" })
        try await publish.work(ISO8601.parse("2031-07-01T06:00:10Z")!)
        #expect(try await site.storage.editorial.editable(id: try #require(try await site.storage.editorial.articles(.init(status: .published), page: .init(number: 1, size: 5)).items.first?.id))?.article.publishedAt == ISO8601.parse("2031-07-01T06:00:00Z"))
    }

    @Test func aSecondEditorsSaveIsAConflictThatLosesNothing() async throws {
        let site = try await site()
        try await site.test { client in
            let editor = try await StaffClient.signIn(client, email: "editor@example.com")
            let author = try await StaffClient.signIn(client, email: "author@example.com")
            let id = try await create(author)
            // Both open version 1; the editor saves first.
            #expect(try await editor.post("/admin/articles/\(id)", Self.with([("body", "The editor's text."), ("intent", "save"), ("version", "1")])).status == .seeOther)
            let second = try await author.post("/admin/articles/\(id)", Self.with([("body", "The author's text."), ("intent", "save"), ("version", "1")]))
            #expect(second.status == .conflict)
            let html = second.text
            #expect(html.contains("This article was changed by Edna Editor at"))
            #expect(html.contains("The author&#39;s text.") || html.contains("The author’s text.") || html.contains("The author&#x27;s text."))
            #expect(html.contains("/admin/articles/\(id)/compare?from=1&amp;to=2") || html.contains("/admin/articles/\(id)/compare?from=1&to=2"))
            #expect(try await site.storage.editorial.editable(id: id)?.article.bodyMarkdown == "The editor's text.")

            // Choosing to overwrite, knowingly, works.
            let overwrite = try await author.post("/admin/articles/\(id)", Self.with([
                ("body", "The author's text."), ("intent", "save"), ("version", "1"), ("overwrite_version", "2"),
            ]))
            #expect(overwrite.status == .seeOther)
            #expect(try await site.storage.editorial.editable(id: id)?.article.bodyMarkdown == "The author's text.")
        }
    }

    @Test func revisionsCanBeComparedAndRestored() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let id = try await create(staff, Self.with([("body", "Line one.\nLine two.")]))
            _ = try await staff.post("/admin/articles/\(id)", Self.with([("body", "Line one.\nLine 2, rewritten."), ("intent", "save"), ("version", "1")]))
            let list = try await staff.get("/admin/articles/\(id)/revisions")
            #expect(list.text.contains("Edna Editor") && list.text.contains("Created") && list.text.contains("Saved"))

            let diff = try await staff.get("/admin/articles/\(id)/compare?from=1&to=2").text
            #expect(diff.contains("diff__line--removed\"><span class=\"visually-hidden\">Removed: </span>− Line two."))
            #expect(diff.contains("diff__line--added\"><span class=\"visually-hidden\">Added: </span>+ Line 2, rewritten."))

            #expect(try await staff.post("/admin/articles/\(id)/revisions/1/restore", [("version", "2")]).status == .seeOther)
            let restored = try #require(try await site.storage.editorial.editable(id: id))
            #expect(restored.article.bodyMarkdown == "Line one.\nLine two." && restored.version == 3)
            #expect(try await site.storage.editorial.revisions(articleID: id).first?.note == "Restored version 1")
        }
    }

    @Test func aCorrectionShowsOnThePublicPageAndMovesUpdatedAt() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("harbour")])
        try await site.addUser(.editor)
        let before = try #require(try await site.storage.articles.publishedArticle(slug: "harbour"))
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let empty = try await staff.post("/admin/articles/\(before.id)/corrections", [("kind", "correction"), ("text", " ")])
            #expect(empty.status == .unprocessableContent)
            #expect(try await staff.post("/admin/articles/\(before.id)/corrections", [("kind", "clarification"), ("text", "The vote was on Tuesday.")]).status == .seeOther)
            let page = try await client.execute(uri: "/world/2019/12/03/harbour", method: .get).text
            #expect(page.contains("<strong>Clarification</strong>") && page.contains("The vote was on Tuesday."))
        }
        let after = try #require(try await site.storage.articles.publishedArticle(slug: "harbour"))
        #expect(after.updatedAt > before.updatedAt)
        #expect(after.corrections.count == before.corrections.count + 1)
    }

    @Test func thePrivatePreviewShowsADraftAsReadersWillSeeItAndOnlyWithTheSignedLink() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let id = try await create(staff)
            let editor = try await staff.get("/admin/articles/\(id)").text
            let link = try #require(editor.range(of: "href=\"/preview/").map { String(editor[editor.index($0.lowerBound, offsetBy: 6)...].prefix { $0 != "\"" }) })
            let preview = try await client.execute(uri: link, method: .get)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("<h1 class=\"story__headline\">Harbour reopens after the storm</h1>") || preview.text.contains(">Harbour reopens after the storm</h1>"))
            #expect(preview.headers[.cacheControl] == "private, no-store")
            #expect(preview.headers[.init("X-Robots-Tag")!] == "noindex, nofollow")
            #expect(try await client.execute(uri: link + "x", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/preview/preview.\(id).99999999999", method: .get).status == .notFound)
        }
    }

    @Test func theMarkdownPreviewIsThePublicRenderersOutput() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let markdown = "## Sub\n\n<script>alert(1)</script> and [x](javascript:alert(1))"
            let preview = try await staff.post("/admin/preview", [("body", markdown)])
            #expect(preview.text == ArticleBodyRenderer().html(from: markdown))
            #expect(!preview.text.contains("<script>"))
        }
    }

    @Test func theListFiltersAndPaginates() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            for number in 1...23 { _ = try await create(staff, [("headline", "Budget story \(number)"), ("section", "world")]) }
            let first = try await staff.get("/admin/articles?q=budget").text
            #expect(first.contains("23 found") && first.contains("Page 1 of 2"))
            let second = try await staff.get("/admin/articles?q=budget&page=2").text
            #expect(second.contains("Budget story 1<") || second.contains("Budget story 1</a>"))
            #expect(try await staff.get("/admin/articles?status=published").text.contains("0 found"))
        }
    }
}
