@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The quote index in the Content API, decoded as a client would.
@Suite("Quotes API")
struct QuotesAPITests {
    struct Speaker: Decodable, Equatable {
        var name: String
        var slug: String
        var kind: String
    }
    struct ArticleQuotes: Decodable {
        struct Quote: Decodable {
            var text: String
            var speaker: Speaker?
            var cue: String?
            var confirmed: Bool
        }
        var quotes: [Quote]
    }
    struct Person: Decodable {
        var slug: String
        var name: String
        var kind: String
        var quoteCount: Int
        var url: String
        var wikidataId: String?
    }
    struct Page<Item: Decodable>: Decodable {
        var data: [Item]
        var nextCursor: String?
    }
    struct PersonQuote: Decodable {
        struct Story: Decodable {
            var slug: String
            var url: String
        }
        var text: String
        var article: Story
    }

    private func site() async throws -> TestSite {
        try await TestSite.make(articles: [
            Fixtures.article("talks", body: PeoplePagesTests.talks + "\n\nA spokesperson said: “No date has been set for the next meeting.”"),
            Fixtures.article("pipeline", publishedAt: Fixtures.publishedAt.addingTimeInterval(86_400), body: PeoplePagesTests.pipeline),
            Fixtures.article("draft", status: .draft, body: "“Nobody will ever read these words of mine,” Olga Petrova said."),
        ])
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(buffer: response.body))
    }

    @Test func aStorysQuotesNameTheirSpeakersAndNullForAnUnnamedSource() async throws {
        let site = try await site()
        let talks = try #require(try await site.storage.articles.publishedArticle(slug: "talks"))
        try await site.test { client in
            for key in ["talks", String(talks.id)] {
                try await client.execute(uri: "/api/v1/articles/\(key)/quotes", method: .get) { response in
                    #expect(response.status == .ok)
                    let body = try Self.decode(ArticleQuotes.self, response)
                    #expect(body.quotes.map(\.text) == ["The West has chosen confrontation,", "Our patience is not endless,", "No date has been set for the next meeting."])
                    #expect(body.quotes.map(\.speaker) == [
                        Speaker(name: "Vladimir Putin", slug: "vladimir-putin", kind: "person"), Speaker(name: "Sergei Lavrov", slug: "sergei-lavrov", kind: "person"), nil,
                    ])
                    #expect(body.quotes.map(\.cue) == ["said", "added", "said"] && body.quotes.allSatisfy { !$0.confirmed })
                    #expect(String(buffer: response.body).contains("\"speaker\":null"))
                }
            }
            try await client.execute(uri: "/api/v1/articles/draft/quotes", method: .get) { response in
                #expect(response.status == .notFound)
                let failure = try Self.decode(APIFailure.self, response)
                #expect(failure.error.code == "not_found")
            }
        }
    }

    @Test func peopleAndWhatEachSaidArePagedByCursor() async throws {
        let site = try await site()
        try await site.test { client in
            try await client.execute(uri: "/api/v1/people?limit=1", method: .get) { response in
                let page = try Self.decode(Page<Person>.self, response)
                #expect(page.data.map(\.slug) == ["vladimir-putin"] && page.data[0].quoteCount == 2)
                let next = try #require(page.nextCursor)
                try await client.execute(uri: "/api/v1/people?limit=1&cursor=\(next)", method: .get) { second in
                    let rest = try Self.decode(Page<Person>.self, second)
                    #expect(rest.data.map(\.slug) == ["sergei-lavrov"] && rest.nextCursor == nil)
                }
            }
            try await client.execute(uri: "/api/v1/people/vladimir-putin", method: .get) { response in
                let person = try Self.decode(Person.self, response)
                #expect(person.name == "Vladimir Putin" && person.kind == "person" && person.url == "https://news.example.com/people/vladimir-putin")
                #expect(person.wikidataId == nil && String(buffer: response.body).contains("\"wikidataId\":null"))
            }
            try await client.execute(uri: "/api/v1/people/vladimir-putin/quotes?limit=1", method: .get) { response in
                let page = try Self.decode(Page<PersonQuote>.self, response)
                #expect(page.data.map(\.article.slug) == ["pipeline"])
                let next = try #require(page.nextCursor)
                try await client.execute(uri: "/api/v1/people/vladimir-putin/quotes?limit=1&cursor=\(next)", method: .get) { second in
                    let rest = try Self.decode(Page<PersonQuote>.self, second)
                    #expect(rest.data.map(\.text) == ["The West has chosen confrontation,"] && rest.nextCursor == nil)
                    #expect(rest.data[0].article.url.hasPrefix("https://news.example.com/world/"))
                }
            }
        }
    }

    @Test func badParametersAndUnknownPeopleAreJSONErrors() async throws {
        let site = try await site()
        try await site.test { client in
            for (uri, status) in [
                ("/api/v1/people/olga-petrova", HTTPResponse.Status.notFound), ("/api/v1/people/nobody/quotes", .notFound),
                ("/api/v1/people?kind=robots", .badRequest), ("/api/v1/people?cursor=garbage", .badRequest), ("/api/v1/people?limit=0", .badRequest),
                ("/api/v1/people/vladimir-putin/quotes?cursor=nope", .badRequest),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                    let failure = try Self.decode(APIFailure.self, response)
                    #expect(failure.error.status == Int(status.code), "\(uri)")
                }
            }
        }
    }
}
