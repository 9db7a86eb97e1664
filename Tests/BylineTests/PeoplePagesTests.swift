@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What readers and machines see of the quote index: `/people/`, `/people/SLUG` with its
/// `Quotation` JSON-LD, and each person's Atom feed.
@Suite("People pages")
struct PeoplePagesTests {
    static let talks = """
        President Vladimir Putin met Foreign Minister Sergei Lavrov in Moscow on Monday.

        “The West has chosen confrontation,” Putin said.

        “Our patience is not endless,” the minister added.
        """
    static let pipeline = """
        Vladimir Putin opened the pipeline on Friday.

        “This is a good day for our \\<script>alert(1)\\</script> partners,” Putin said.
        """

    /// The JSON-LD a person's page carries, as schema.org readers decode it.
    struct ProfilePage: Decodable {
        struct Speaker: Decodable {
            var type: String
            var name: String
            var url: String
            var sameAs: String?
            enum CodingKeys: String, CodingKey { case type = "@type", name, url, sameAs }
        }
        struct Quotation: Decodable {
            struct Story: Decodable {
                var type: String
                var headline: String
                var url: String
                enum CodingKeys: String, CodingKey { case type = "@type", headline, url }
            }
            var type: String
            var text: String
            var creator: Speaker
            var isPartOf: Story
            enum CodingKeys: String, CodingKey { case type = "@type", text, creator, isPartOf }
        }
        var type: String
        var mainEntity: Speaker
        var hasPart: [Quotation]
        enum CodingKeys: String, CodingKey { case type = "@type", mainEntity, hasPart }
    }

    static func profile(in html: String) throws -> ProfilePage {
        let blocks = html.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst().map { $0.components(separatedBy: "</script>")[0] }
        let page = blocks.first { $0.contains("\"ProfilePage\"") }
        return try JSONDecoder().decode(ProfilePage.self, from: Data(try #require(page, "no ProfilePage JSON-LD").utf8))
    }

    private func site(backend: Backend = .sqlite) async throws -> TestSite {
        try await TestSite.make(
            articles: [
                Fixtures.article("talks", headline: "Putin warns the West", body: Self.talks),
                Fixtures.article("pipeline", headline: "A pipeline opens", publishedAt: Fixtures.publishedAt.addingTimeInterval(86_400), body: Self.pipeline),
                Fixtures.article("draft", status: .draft, body: "“Nobody will ever read these words of mine,” Olga Petrova said."),
            ],
            backend: backend)
    }

    @Test(arguments: Backend.allCases)
    func aPersonsPageShowsWhatTheySaidAcrossStoriesNewestFirst(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.test { client in
            try await client.execute(uri: "/people/vladimir-putin", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("What Vladimir Putin said"))
                let newer = try #require(html.range(of: "A pipeline opens")), older = try #require(html.range(of: "Putin warns the West"))
                #expect(newer.lowerBound < older.lowerBound)
                #expect(html.contains("href=\"/world/2019/12/03/talks\""))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert(1)"))
                #expect(html.contains("href=\"/people/vladimir-putin/feed.atom\""))

                let profile = try Self.profile(in: html)
                #expect(profile.type == "ProfilePage" && profile.mainEntity.type == "Person" && profile.mainEntity.name == "Vladimir Putin")
                #expect(profile.hasPart.map(\.type) == ["Quotation", "Quotation"])
                #expect(profile.hasPart.map(\.text) == ["This is a good day for our <script>alert(1)</script> partners,", "The West has chosen confrontation,"])
                #expect(profile.hasPart.allSatisfy { $0.creator.name == "Vladimir Putin" && $0.creator.url == "https://news.example.com/people/vladimir-putin" })
                #expect(profile.hasPart.map(\.isPartOf.headline) == ["A pipeline opens", "Putin warns the West"])
                #expect(profile.hasPart.allSatisfy { $0.isPartOf.type == "NewsArticle" && $0.isPartOf.url.hasPrefix("https://news.example.com/world/") })
            }
        }
    }

    @Test func searchNarrowedToASpeakerFindsOnlyWhatTheySaid() async throws {
        let site = try await site()
        try await site.test { client in
            try await client.execute(uri: "/search?q=confront&speaker=vladimir-putin", method: .get) { response in
                let html = response.text
                #expect(html.contains("Putin warns the West") && !html.contains("A pipeline opens"))
                #expect(html.contains("<mark>confrontation,”</mark>") && html.contains("Only what Vladimir Putin said. <a href=\"/people/vladimir-putin\">About Vladimir Putin</a>"))
                #expect(html.contains("name=\"speaker\" value=\"vladimir-putin\""), "a new search in the form stays narrowed")
            }
            // The story has the word "pipeline"; what he said there doesn't.
            try await client.execute(uri: "/search?q=pipeline&speaker=vladimir-putin", method: .get) { response in
                #expect(response.text.contains("Vladimir Putin said nothing with “pipeline” in our stories."))
            }
            try await client.execute(uri: "/search?q=confrontation&speaker=sergei-lavrov", method: .get) { #expect(!$0.text.contains("Putin warns the West")) }
            try await client.execute(uri: "/search?q=confrontation&speaker=olga-petrova", method: .get) { response in
                #expect(response.text.contains("Nobody quoted on this site has the address “olga-petrova”."))
            }
            // Without a speaker, the same words search every story.
            try await client.execute(uri: "/search?q=pipeline", method: .get) { #expect($0.text.contains("A pipeline opens")) }
        }
    }

    @Test func theMostQuotedComeFirstAndDraftsAreNobodysBusiness() async throws {
        let site = try await site()
        try await site.test { client in
            try await client.execute(uri: "/people/", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                let putin = try #require(html.range(of: "Vladimir Putin")), lavrov = try #require(html.range(of: "Sergei Lavrov"))
                #expect(putin.lowerBound < lavrov.lowerBound)
                #expect(html.contains("2 quotes") && html.contains("1 quote<"))
                #expect(!html.contains("Olga Petrova"))
            }
            // Someone quoted only in a draft has no page yet.
            try await client.execute(uri: "/people/olga-petrova", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/people/olga-petrova/feed.atom", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/people/vladimir-putin?page=2", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func aPersonsAtomFeedHasEachQuoteLinkedToItsStory() async throws {
        let site = try await site()
        try await site.test { client in
            try await client.execute(uri: "/people/vladimir-putin/feed.atom", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/atom+xml") == true)
                let xml = response.text
                #expect(XMLCheck.check(xml).error == nil)
                #expect(xml.occurrences(of: "<entry>") == 2)
                #expect(xml.contains("<title>What Vladimir Putin said – The Test Gazette</title>"))
                #expect(xml.contains("“The West has chosen confrontation”"))
                #expect(!xml.contains("<script>alert"))
            }
        }
    }

    @Test func anEditorsDecisionAndAnUnpublishedStoryChangeTheCachedPage() async throws {
        let site = try await site()
        let talks = try #require(try await site.storage.articles.publishedArticle(slug: "talks"))
        try await site.test { client in
            try await client.execute(uri: "/people/vladimir-putin", method: .get) { #expect($0.text.contains("The West has chosen confrontation")) }
            let quote = try #require(try await site.storage.quotes.quotes(articleID: talks.id).first)
            _ = try await site.storage.quotes.decide(.hide, fingerprint: quote.fingerprint, articleID: talks.id, by: "Mara", at: Date())
            try await client.execute(uri: "/people/vladimir-putin", method: .get) { response in
                #expect(!response.text.contains("The West has chosen confrontation"))
                #expect(response.text.contains("1 quote"))
            }
            // Taking the other story down takes its quote off the page, and the page with it.
            _ = try await site.storage.articles.save([Fixtures.article("pipeline", status: .draft, body: Self.pipeline)], now: Date())
            try await client.execute(uri: "/people/vladimir-putin", method: .get) { #expect($0.status == .notFound) }
        }
    }
}
