@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Search contract")
struct SearchContractTests {
    private func storage(_ backend: Backend) async throws -> Storage {
        let storage = try await backend.makeStorage()
        _ = try await storage.articles.save([
            Fixtures.article("lodz", headline: "Łódź opens a tram line", publishedAt: Fixtures.publishedAt, body: "The new line crosses the city."),
            Fixtures.article("cafe", headline: "A café for commuters", publishedAt: Fixtures.publishedAt.addingTimeInterval(3600), body: "Near the tram depot in Lodz."),
            Fixtures.article("draft", headline: "Tram secrets", status: .draft, publishedAt: nil, body: "Unpublished tram plans."),
            Fixtures.article("other", headline: "Harbour news", publishedAt: Fixtures.publishedAt.addingTimeInterval(7200), body: "Nothing about rails."),
        ], now: Fixtures.publishedAt)
        return storage
    }

    private func slugs(_ storage: Storage, _ query: String, order: SearchOrder = .newest) async throws -> [String] {
        try await storage.search.search(terms: SearchText.terms(query), order: order, page: .init(number: 1, size: 10)).items.map(\.summary.slug)
    }

    @Test(arguments: Backend.allCases)
    func accentsAndCaseAreFoldedAndDraftsAreNeverFound(backend: Backend) async throws {
        let storage = try await storage(backend)
        #expect(try await slugs(storage, "LODZ") == ["cafe", "lodz"])
        #expect(try await slugs(storage, "łódź") == ["cafe", "lodz"])
        #expect(try await slugs(storage, "CAFE") == ["cafe"])
        #expect(try await slugs(storage, "tram") == ["cafe", "lodz"], "the draft is not found")
        #expect(try await slugs(storage, "tram line") == ["lodz"], "every word must match")
        #expect(try await slugs(storage, "tra") == ["cafe", "lodz"], "a word matches the words it begins")
    }

    @Test(arguments: Backend.allCases)
    func relevanceFavoursTheHeadline(backend: Backend) async throws {
        let storage = try await storage(backend)
        #expect(try await slugs(storage, "lodz", order: .relevance).first == "lodz")
        #expect(try await slugs(storage, "lodz", order: .newest).first == "cafe")
    }

    @Test(arguments: Backend.allCases)
    func theIndexFollowsEditsAndUnpublishing(backend: Backend) async throws {
        let storage = try await storage(backend)
        var edited = Fixtures.article("other", headline: "Harbour news", publishedAt: Fixtures.publishedAt.addingTimeInterval(7200), body: "Now about zeppelins.")
        _ = try await storage.articles.save([edited], now: Date())
        #expect(try await slugs(storage, "zeppelins") == ["other"])
        #expect(try await slugs(storage, "rails").isEmpty)
        edited.status = .draft
        _ = try await storage.articles.save([edited], now: Date())
        #expect(try await slugs(storage, "zeppelins").isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func resultsArePaginated(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        _ = try await storage.articles.save((1...25).map {
            Fixtures.article("story-\($0)", headline: "Weather story \($0)", publishedAt: Fixtures.publishedAt.addingTimeInterval(Double($0) * 60))
        }, now: Fixtures.publishedAt)
        let second = try await storage.search.search(terms: ["weather"], order: .newest, page: .init(number: 2, size: 10))
        #expect(second.totalCount == 25 && second.items.count == 10)
        #expect(second.items.first?.summary.slug == "story-15")
    }

    @Test(arguments: Backend.allCases)
    func anyQueryIsSafe(backend: Backend) async throws {
        let storage = try await storage(backend)
        let hostile = [
            "\"", "\"tram", "tram*", "NEAR(tram line)", "tram OR 1=1", "-tram", "(", ")", "'", "''", "\\", "&", "|", "!", ":*", "tram:*",
            "^tram", "col:tram", "*", "AND", "NOT", "\u{0}", "🚋", String(repeating: "tram ", count: 2000), "a & b | !c <-> d",
        ]
        for query in hostile {
            _ = try await storage.search.search(terms: SearchText.terms(query), order: .relevance, page: .init(number: 1, size: 10))
        }
        #expect(try await slugs(storage, "\"tram\" line* -") == ["lodz"], "quotes, operators and punctuation are just separators")
    }
}

@Suite("The search page")
struct SearchPageTests {
    @Test func resultsShowAnEscapedSnippetWithTheMatchesMarked() async throws {
        let site = try await TestSite.make(articles: [
            Fixtures.article("lodz", headline: "Łódź opens a <tram> line", body: "Riders in **Łódź** welcomed the <b>tram</b> on Monday."),
        ])
        try await site.test { client in
            let page = try await client.execute(uri: "/search?q=lodz+TRAM", method: .get)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("1 result for “lodz TRAM”"))
            #expect(html.contains("Łódź opens a &lt;tram&gt; line"))
            #expect(html.contains("<mark>Łódź</mark>"))
            #expect(!html.contains("<b>tram</b>"))
            #expect(html.contains("<meta name=\"robots\" content=\"noindex, follow\">"))
            #expect(html.contains("<link rel=\"canonical\" href=\"https://news.example.com/search?q=lodz%20TRAM\">"))
        }
    }

    @Test(arguments: [
        "/search", "/search?q=", "/search?q=%22", "/search?q=NEAR%28a%29", "/search?q=%2A", "/search?q=%FF%FE", "/search?q=%C3%28",
        "/search?q=" + String(repeating: "x", count: 10_000), "/search?q=tram&sort=bogus", "/search?q=tram&page=99", "/search?q=%00",
    ])
    func oddQueriesGetAPageNotAnError(uri: String) async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("lodz")])
        try await site.test { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .ok, "\(uri) gave \(response.status)")
        }
    }

    @Test func noResultsSaysSoKindly() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("lodz")])
        try await site.test { client in
            let html = try await client.execute(uri: "/search?q=zeppelin", method: .get).text
            #expect(html.contains("No articles match “zeppelin”."))
        }
    }
}

@Suite("Search text")
struct SearchTextTests {
    @Test func foldingRemovesAccentsCaseAndLatinSpecials() {
        #expect(SearchText.fold("Łódź ÆSIR Straße Crème") == "lodz aesir strasse creme")
        #expect(SearchText.terms("  “Hello”, world! hello -- NEAR(x) * ") == ["hello", "world", "near", "x"])
        #expect(SearchText.terms("Москва") == ["москва"], "other scripts are kept, not transliterated")
    }

    @Test func snippetsCentreOnTheFirstMatch() {
        let text = (1...100).map { "word\($0)" }.joined(separator: " ") + " needle " + (1...100).map { "after\($0)" }.joined(separator: " ")
        let snippet = SearchText.snippetHTML(text, terms: ["needle"])
        #expect(snippet.hasPrefix("… ") && snippet.hasSuffix(" …") && snippet.contains("<mark>needle</mark>"))
    }

    @Test func aMatchFarDownALongStoryIsStillFound() {
        let opening = String(repeating: "Opening words of the story. ", count: 200)
        let text = opening + "The needle is here. " + String(repeating: "More words follow. ", count: 50)
        #expect(text.count > SearchText.openingLength * 2)
        let far = SearchText.snippetHTML(text, terms: ["needle"])
        #expect(far.contains("<mark>needle</mark>") && far.hasPrefix("… ") && far.hasSuffix(" …"))
        // A match in the opening is shown from there, and the snippet says the story goes on.
        let near = SearchText.snippetHTML("A needle first. " + opening, terms: ["needle"])
        #expect(near.hasPrefix("A <mark>needle</mark> first.") && near.hasSuffix(" …"))
        // No match at all: the story's opening.
        #expect(SearchText.snippetHTML(opening, terms: ["absent"]).hasPrefix("Opening words"))
    }
}
