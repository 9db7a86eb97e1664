@testable import Byline
import Foundation
import HummingbirdTesting
import Testing

/// Standing pages as readers, search engines and the newsroom meet them.
@Suite("Standing pages")
struct StandingPageTests {
    static func site() async throws -> (TestSite, about: StandingPage) {
        let site = try await TestSite.make(articles: [Fixtures.article("harbour-reopens")])
        let pages = site.storage.standingPages
        let about = try await pages.save(
            PageInput(slug: "about", title: "About us", bodyMarkdown: "We are **The Test Gazette**.", status: .published, menuPosition: 1),
            id: nil, editor: "Ed", note: "Created", now: Date()).page
        _ = try await pages.save(
            PageInput(parentID: about.id, slug: "staff", title: "Our staff", bodyMarkdown: "The newsroom.", status: .published), id: nil, editor: "Ed",
            note: "Created", now: Date())
        _ = try await pages.save(PageInput(slug: "plans", title: "Our plans", bodyMarkdown: "Secret.", status: .draft), id: nil, editor: "Ed", note: "Created", now: Date())
        return (site, about)
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func aPublishedPageIsServedAtItsPathWithItsParentsAndADraftIsNot() async throws {
        let (site, _) = try await Self.site()
        try await site.test { client in
            let about = try await client.execute(uri: "/about/", method: .get)
            #expect(about.status == .ok)
            #expect(Self.text(about).contains("<h1 class=\"standing-page__title\">About us</h1>"))
            #expect(Self.text(about).contains("We are <strong>The Test Gazette</strong>."))
            #expect(Self.text(about).contains("<link rel=\"canonical\" href=\"https://news.example.com/about/\">"))
            let staff = try await client.execute(uri: "/about/staff/", method: .get)
            #expect(staff.status == .ok && Self.text(staff).contains("<li><a href=\"/about/\">About us</a></li>"))
            let bare = try await client.execute(uri: "/about", method: .get)
            #expect(bare.status == .movedPermanently && bare.headers[.location] == "/about/")
            #expect(try await client.execute(uri: "/plans/", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/about/nobody/", method: .get).status == .notFound)
        }
    }

    @Test func theFooterMenuIsOnEveryPageAndThePagesAreInTheSitemapButNotTheFeeds() async throws {
        let (site, _) = try await Self.site()
        try await site.test { client in
            let front = Self.text(try await client.execute(uri: "/", method: .get))
            #expect(front.contains("<nav class=\"site-footer__menu\""))
            #expect(front.contains("<li><a href=\"/about/\">About us</a></li>"))
            #expect(!front.contains("Our staff"))
            let sitemap = Self.text(try await client.execute(uri: "/sitemaps/pages.xml", method: .get))
            #expect(sitemap.contains("<loc>https://news.example.com/about/staff/</loc>") && !sitemap.contains("/plans/"))
            let feed = Self.text(try await client.execute(uri: "/feed.rss", method: .get))
            #expect(!feed.contains("About us") && !feed.contains("/about/"))
        }
    }

    @Test func anEditorCreatesAPageAndARefusedAddressKeepsWhatTheyTyped() async throws {
        let (site, _) = try await Self.site()
        _ = try await site.addUser(.editor)
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let created = try await staff.post("/admin/pages", [("title", "Corrections policy"), ("body", "We correct **promptly**."), ("status", "published"), ("inMenu", "1"), ("menuPosition", "2")])
            #expect(created.status == .seeOther)
            let page = try await client.execute(uri: "/corrections-policy/", method: .get)
            #expect(page.status == .ok && Self.text(page).contains("We correct <strong>promptly</strong>."))
            // The menu changed, and every cached page shows the new one.
            let front = Self.text(try await client.execute(uri: "/", method: .get))
            #expect(front.contains("<li><a href=\"/corrections-policy/\">Corrections policy</a></li>"))

            let refused = try await staff.post("/admin/pages", [("title", "The world"), ("slug", "world"), ("body", "Everything, everywhere.")])
            #expect(refused.status == .conflict)
            let form = Self.text(refused)
            #expect(form.contains("The address /world/ is already the section “World”."))
            #expect(form.contains("value=\"The world\"") && form.contains("Everything, everywhere."))
        }
    }
}
