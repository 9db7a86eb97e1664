@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Site settings, sections, tags and accounts in the admin")
struct AdminSiteTests {
    private func site(backend: Backend = .sqlite) async throws -> TestSite {
        let site = try await TestSite.make(articles: [Fixtures.article("harbour", tags: ["Ports", "Harbours"]), Fixtures.article("storm", tags: ["Harbours"])], backend: backend)
        try await site.addUser(.admin, name: "Ada Admin")
        try await site.addUser(.editor)
        return site
    }

    static let validSettings: [(String, String)] = [
        ("site-name", "The Harbour Herald"), ("base-url", "https://news.example.com"), ("time-zone", "Europe/Paris"), ("locale", "fr_FR"),
        ("date-format", "d MMMM y, HH:mm"), ("feed-content", "full"), ("comments-close-after-days", ""), ("comment-max-depth", "3"), ("comment-threads-per-page", "20"),
        ("comment-rate-limit", "5"), ("comment-flood-seconds", "15"), ("comment-trust-after", "1"), ("comment-retention-days", "30"),
        ("comment-disallowed", "casino\n/buy\\s+now/"), ("comment-moderation", ""),
    ]

    @Test func invalidSettingsAreRefusedFieldByFieldAndNothingIsSaved() async throws {
        let site = try await site()
        try await site.test { client in
            let admin = try await StaffClient.signIn(client, email: "admin@example.com")
            var fields = Self.validSettings.filter { !["time-zone", "comment-max-depth", "base-url"].contains($0.0) }
            fields += [("time-zone", "Mars/Olympus"), ("comment-max-depth", "99"), ("base-url", "ftp://example.com")]
            let response = try await admin.post("/admin/settings", fields)
            #expect(response.status == .unprocessableContent)
            let html = response.text
            #expect(html.contains("is not an IANA time zone"))
            #expect(html.contains("is not a whole number from 1 to 10"))
            #expect(html.contains("is not an absolute http(s) URL"))
            #expect(html.contains("value=\"Mars/Olympus\""), "what was typed is kept")
        }
        #expect(try await site.storage.settings.load() == SiteSettings())
    }

    @Test func savedSettingsApplyToThePublicSiteAtOnce() async throws {
        let site = try await site()
        try await site.test { client in
            let admin = try await StaffClient.signIn(client, email: "admin@example.com")
            #expect(try await admin.post("/admin/settings", Self.validSettings).status == .seeOther)
            let page = try await client.execute(uri: "/world/2019/12/03/harbour", method: .get).text
            #expect(page.contains("The Harbour Herald"))
            #expect(page.contains("<html lang=\"fr-FR\" dir=\"ltr\">"))
            #expect(page.contains("3 décembre 2019, 23:49"), "dates follow the new zone, locale and pattern")
            let form = try await admin.get("/admin/settings").text
            #expect(form.contains("value=\"The Harbour Herald\"") && form.contains("casino\n/buy\\s+now/"))
        }
        let stored = try await site.storage.settings.load()
        #expect(stored.values["comment-max-depth"] == "3")
    }

    @Test(arguments: Backend.allCases)
    func savedSettingsReachEveryNode(backend: Backend) async throws {
        let site = try await site(backend: backend)
        // A second node on the same database.
        let otherStorage = try await openStorage(site.configuration)
        let other = TestSite(configuration: site.configuration, storage: otherStorage)
        try await other.testLive { otherClient in
            try await site.test { client in
                let admin = try await StaffClient.signIn(client, email: "admin@example.com")
                #expect(try await admin.post("/admin/settings", Self.validSettings).status == .seeOther)
            }
            var seen = false
            for _ in 0..<50 where !seen {
                seen = try await otherClient.execute(uri: "/", method: .get).text.contains("The Harbour Herald")
                if !seen { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(seen, "the other node still shows the old name after five seconds")
        }
    }

    @Test func renamingASectionKeepsItsOldAddressWorking() async throws {
        let site = try await site()
        let world = try #require(try await site.storage.taxonomy.section(slug: "world"))
        try await site.test { client in
            let editor = try await StaffClient.signIn(client, email: "editor@example.com")
            let reserved = try await editor.post("/admin/sections/\(world.id)", [("name", "Admin"), ("slug", "admin")])
            #expect(reserved.status == .unprocessableContent && reserved.text.contains("already uses"))
            #expect(try await editor.post("/admin/sections/\(world.id)", [("name", "International"), ("slug", "international")]).status == .seeOther)
            let old = try await client.execute(uri: "/world?page=1", method: .get)
            #expect(old.status == .movedPermanently && old.headers[.location] == "/international?page=1")
            #expect(try await client.execute(uri: "/international", method: .get).text.contains("International"))
            let article = try await client.execute(uri: "/world/2019/12/03/harbour", method: .get)
            #expect(article.status == .movedPermanently && article.headers[.location] == "/international/2019/12/03/harbour")
        }
    }

    @Test func creatingASectionValidatesItsSlug() async throws {
        let site = try await site()
        try await site.test { client in
            let editor = try await StaffClient.signIn(client, email: "editor@example.com")
            #expect(try await editor.post("/admin/sections", [("name", "")]).status == .unprocessableContent)
            #expect(try await editor.post("/admin/sections", [("name", "World")]).status == .conflict)
            #expect(try await editor.post("/admin/sections", [("name", "Opinion & Analysis")]).status == .seeOther)
        }
        #expect(try await site.storage.taxonomy.section(slug: "opinion-analysis")?.name == "Opinion & Analysis")
    }

    @Test func renamingAndMergingTagsRedirectTheirOldAddresses() async throws {
        let site = try await site()
        let ports = try #require(try await site.storage.taxonomy.tag(slug: "ports"))
        try await site.test { client in
            let editor = try await StaffClient.signIn(client, email: "editor@example.com")
            #expect(try await editor.post("/admin/tags/\(ports.id)", [("name", "Harbours"), ("slug", "harbours")]).status == .conflict)
            #expect(try await editor.post("/admin/tags/\(ports.id)/merge", [("into", "Harbours")]).status == .seeOther)
            let old = try await client.execute(uri: "/tag/ports", method: .get)
            #expect(old.status == .movedPermanently && old.headers[.location] == "/tag/harbours")
            let harbours = try await editor.get("/admin/tags").text
            #expect(!harbours.contains("value=\"Ports\""))
        }
        let usage = try await site.storage.taxonomy.tags()
        #expect(usage.map(\.tag.name) == ["Harbours"] && usage.first?.articleCount == 2)
    }

    @Test func administratorsCreateAccountsAndChangeRolesButNotTheirOwn() async throws {
        let site = try await site()
        try await site.test { client in
            let admin = try await StaffClient.signIn(client, email: "admin@example.com")
            let weak = try await admin.post("/admin/users", [("name", "Nia New"), ("email", "nia@example.com"), ("role", "author"), ("password", "qwerty123456")])
            #expect(weak.status == .unprocessableContent)
            #expect(weak.text.contains("most common") && weak.text.contains("value=\"nia@example.com\""))
            #expect(!weak.text.contains("qwerty123456"), "a password is never sent back")
            #expect(try await admin.post("/admin/users", [("name", "Nia New"), ("email", "nia@example.com"), ("role", "author"), ("password", "an uncommon long phrase")]).status == .seeOther)
            let nia = try #require(try await site.storage.users.user(email: "nia@example.com"))
            #expect(nia.role == .author)
            #expect(try await PasswordPolicy.verify("an uncommon long phrase", against: nia.passwordHash))
            #expect(try await admin.post("/admin/users/\(nia.id)/role", [("role", "editor")]).status == .seeOther)
            #expect(try await site.storage.users.user(email: "nia@example.com")?.role == .editor)
            let me = try #require(try await site.storage.users.user(email: "admin@example.com"))
            #expect(try await admin.post("/admin/users/\(me.id)/role", [("role", "contributor")]).status == .unprocessableContent)
        }
        #expect(try await site.storage.users.user(email: "admin@example.com")?.role == .admin)
    }
}

@Suite("Webhooks in the admin")
struct AdminWebhookTests {
    @Test func administratorsAddWebhooksSeeTheSecretOnceAndReadTheLog() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("harbour")])
        try await site.addUser(.admin)
        try await site.test { client in
            let admin = try await StaffClient.signIn(client, email: "admin@example.com")
            let refused = try await admin.post("/admin/webhooks", [("url", "not a url"), ("events", "comment.held")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("is not an http(s) URL") && refused.text.contains("value=\"not a url\""))
            let added = try await admin.post("/admin/webhooks", [("url", "https://hooks.example.com/in"), ("events", "article.published"), ("events", "comment.held")])
            #expect(added.status == .ok && added.text.contains("whsec_"))
            let hook = try #require(try await site.storage.webhooks.webhooks().first)
            #expect(hook.events == [.articlePublished, .commentHeld])
            let later = try await admin.get("/admin/webhooks").text
            #expect(later.contains("https://hooks.example.com/in") && !later.contains(hook.secret), "the secret is shown only once")
            #expect(try await admin.post("/admin/webhooks/\(hook.id)/delete").status == .seeOther)
        }
        #expect(try await site.storage.webhooks.webhooks().isEmpty)
    }
}
