@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Content API")
struct ContentAPITests {
    private func site(backend: Backend = .sqlite) async throws -> (TestSite, String) {
        var articles: [ArticleInput] = [Fixtures.article("2024", headline: "The year in review", publishedAt: Fixtures.publishedAt.addingTimeInterval(-86400))]
        for number in 1...5 {
            let section = number % 2 == 0 ? "Politics" : "World"
            let tags: [String] = number == 3 ? ["Ports"] : []
            articles.append(Fixtures.article("story-\(number)", section: section, publishedAt: Fixtures.publishedAt.addingTimeInterval(Double(number) * 3600), tags: tags))
        }
        let site = try await TestSite.make(articles: articles, backend: backend)
        let (_, secret) = try await APITokenAdministration(tokens: site.storage.apiTokens).create(name: "wire", role: .editor)
        return (site, secret)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    static func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String?, body: String) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: body))
    }

    @Test(arguments: Backend.allCases)
    func articlesArePagedByCursorNewestFirst(backend: Backend) async throws {
        let (site, _) = try await site(backend: backend)
        try await site.test { client in
            var slugs: [String] = []
            var uri = "/api/v1/articles?limit=2"
            while true {
                let page = try Self.json(try await client.execute(uri: uri, method: .get))
                slugs += (page["data"] as? [[String: Any]] ?? []).compactMap { $0["slug"] as? String }
                guard let next = page["nextCursor"] as? String else { break }
                uri = "/api/v1/articles?limit=2&cursor=\(next)"
            }
            #expect(slugs == ["story-5", "story-4", "story-3", "story-2", "story-1", "2024"])
            let world = try Self.json(try await client.execute(uri: "/api/v1/articles?section=world", method: .get))
            #expect((world["data"] as? [[String: Any]])?.count == 4)
            let tagged = try Self.json(try await client.execute(uri: "/api/v1/articles?tag=ports", method: .get))
            #expect((tagged["data"] as? [[String: Any]])?.map { $0["slug"] as? String } == ["story-3"])
            let unknown = try Self.json(try await client.execute(uri: "/api/v1/articles?section=nowhere", method: .get))
            #expect((unknown["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func readsCarryETagsAndAnswer304() async throws {
        let (site, _) = try await site()
        try await site.test { client in
            let first = try await client.execute(uri: "/api/v1/articles/story-1", method: .get)
            #expect(first.status == .ok && first.headers[.contentType] == "application/json")
            let etag = try #require(first.headers[.eTag])
            #expect(try await client.execute(uri: "/api/v1/articles/story-1", method: .get, headers: [.ifNoneMatch: etag]).status == .notModified)
            let article = try Self.json(first)
            #expect(article["headline"] as? String == "Headline for story-1" && article["bodyHTML"] as? String == "<p>Body text.</p>")
            #expect(article["url"] as? String == "https://news.example.com/world/2019/12/03/story-1")
            #expect(try await client.execute(uri: "/api/v1/articles/\(article["id"] as! Int)", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/articles/2024", method: .get).status == .ok, "an all-digit slug is found too")
        }
    }

    @Test(arguments: [
        ("/api/v1/articles?limit=0", 400), ("/api/v1/articles?limit=abc", 400), ("/api/v1/articles?cursor=%%%", 400),
        ("/api/v1/articles?since=yesterday", 400), ("/api/v1/articles?section=a&tag=b", 400), ("/api/v1/articles/nope", 404),
        ("/api/v1/nothing-here", 404), ("/api/v1/search?sort=best", 400),
    ])
    func badRequestsGetTheErrorShape(uri: String, status: Int) async throws {
        let (site, _) = try await site()
        try await site.test { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(Int(response.status.code) == status)
            #expect(response.headers[.contentType] == "application/json")
            let error = try #require(try Self.json(response)["error"] as? [String: Any])
            #expect(error["status"] as? Int == status && error["code"] is String && error["message"] is String)
        }
    }

    @Test func writesNeedAValidTokenWithTheRightRole() async throws {
        let (site, secret) = try await site()
        let (_, contributor) = try await APITokenAdministration(tokens: site.storage.apiTokens).create(name: "intern", role: .contributor)
        let body = #"{"headline": "From the wire", "authors": ["Wire Desk"], "section": "World", "body": "Copy."}"#
        try await site.test { client in
            let anonymous = try await Self.send(client, .post, "/api/v1/articles", token: nil, body: body)
            #expect(anonymous.status == .unauthorized && anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(try await Self.send(client, .post, "/api/v1/articles", token: "byl_forged", body: body).status == .unauthorized)
            #expect(try await Self.send(client, .post, "/api/v1/articles", token: contributor, body: body).status == .forbidden, "a contributor may not publish")
            let draft = #"{"headline": "A draft", "authors": ["Intern"], "section": "World", "body": "", "status": "draft"}"#
            #expect(try await Self.send(client, .post, "/api/v1/articles", token: contributor, body: draft).status == .created)
            let created = try await Self.send(client, .post, "/api/v1/articles", token: secret, body: body)
            #expect(created.status == .created && created.headers[.location]?.hasPrefix("/api/v1/articles/") == true)
            #expect(try await Self.send(client, .post, "/api/v1/articles", token: secret, body: body).status == .conflict, "the slug is taken")
            // Found by schemathesis: a second story with a wire ID already in use was a 500.
            let wire = #"{"id": "AFP-123", "headline": "Wire one", "authors": ["Wire Desk"], "section": "World", "body": "Copy."}"#
            #expect(try await Self.send(client, .post, "/api/v1/articles", token: secret, body: wire).status == .created)
            let again = try await Self.send(client, .post, "/api/v1/articles", token: secret, body: wire.replacingOccurrences(of: "Wire one", with: "Wire two"))
            #expect(again.status == .conflict && again.body.getString(at: 0, length: again.body.readableBytes)?.contains("\"id_taken\"") == true)
        }
        #expect(try await site.storage.articles.publishedArticle(slug: "from-the-wire") != nil)
    }

    @Test func validationErrorsNameEachField() async throws {
        let (site, secret) = try await site()
        try await site.test { client in
            let invalid = try await Self.send(client, .post, "/api/v1/articles", token: secret, body: #"{"headline": "", "section": 3, "extra": true}"#)
            #expect(invalid.status == .unprocessableContent)
            let fields = (try Self.json(invalid)["error"] as? [String: Any])?["fields"] as? [[String: String]] ?? []
            #expect(Set(fields.compactMap { $0["field"] }).isSuperset(of: ["headline", "section", "authors", "extra"]))
            #expect(try await Self.send(client, .post, "/api/v1/articles", token: secret, body: "not json").status == .badRequest)
            let huge = "{\"headline\": \"" + String(repeating: "x", count: 1_100_000) + "\"}"
            #expect(try await Self.send(client, .post, "/api/v1/articles", token: secret, body: huge).status == .contentTooLarge)
        }
    }

    /// Decoding recurses a level at a time: a body of nested brackets is refused before it can
    /// exhaust the stack, with an error that says why.
    @Test func bodiesNestedDeeperThanAnyArticleAreRefused() async throws {
        let (site, secret) = try await site()
        try await site.test { client in
            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            let refused = try await Self.send(client, .post, "/api/v1/articles", token: secret, body: #"{"headline": "Deep", "extra": "# + deep + "}")
            #expect(refused.status == .badRequest)
            #expect(try JSONDecoder().decode(APIFailure.self, from: Data(buffer: refused.body)).error.code == "too_deep")
            let shallow = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
            let read = try await Self.send(client, .post, "/api/v1/articles", token: secret, body: #"{"headline": "Deep", "extra": "# + shallow + "}")
            #expect(read.status == .unprocessableContent, "nesting within the limit is read, and the unknown field named")
            let bracketsInText = #"{"headline": ""# + String(repeating: "[", count: 500) + #"", "extra": 1}"#
            #expect(try await Self.send(client, .post, "/api/v1/articles", token: secret, body: bracketsInText).status == .unprocessableContent)
        }
    }

    @Test(arguments: Backend.allCases)
    func patchesAreCheckedAgainstTheVersion(backend: Backend) async throws {
        let (site, secret) = try await site(backend: backend)
        let id = try #require(try await site.storage.articles.publishedArticle(slug: "story-1")).id
        try await site.test { client in
            let first = try await Self.send(client, .patch, "/api/v1/articles/\(id)", token: secret, body: #"{"dek": "New dek", "version": 1}"#)
            #expect(first.status == .ok)
            #expect(try Self.json(first)["version"] as? Int == 2)
            let stale = try await Self.send(client, .patch, "/api/v1/articles/\(id)", token: secret, body: #"{"dek": "Other dek", "version": 1}"#)
            #expect(stale.status == .conflict)
            let error = try Self.json(stale)["error"] as? [String: Any]
            #expect(error?["currentVersion"] as? Int == 2)
            #expect(try await Self.send(client, .patch, "/api/v1/articles/\(id)", token: secret, body: #"{"version": true}"#).status == .unprocessableContent)
            #expect(try await Self.send(client, .delete, "/api/v1/articles/\(id)", token: secret, body: "").status == .noContent)
            #expect(try await Self.send(client, .delete, "/api/v1/articles/\(id)", token: secret, body: "").status == .notFound)
        }
        #expect(try await site.storage.articles.publishedArticle(id: id) == nil)
    }

    @Test func revokedTokensStopWorking() async throws {
        let (site, _) = try await site()
        let administration = APITokenAdministration(tokens: site.storage.apiTokens)
        let (token, secret) = try await administration.create(name: "old", role: .editor)
        #expect(try await administration.authenticate(secret)?.id == token.id)
        #expect(try await site.storage.apiTokens.revoke(id: token.id, at: Date()))
        #expect(try await administration.authenticate(secret) == nil)
        let stored = try await site.storage.apiTokens.tokens()
        #expect(!stored.isEmpty)
    }

    @Test func tooManyWritesAre429WithRetryAfter() async throws {
        let (original, secret) = try await site()
        var site = original
        site.configuration.apiRateLimit = 2
        try await site.test { client in
            for _ in 0..<2 { _ = try await Self.send(client, .post, "/api/v1/articles", token: secret, body: "{}") }
            let limited = try await Self.send(client, .post, "/api/v1/articles", token: secret, body: "{}")
            #expect(limited.status == .tooManyRequests && Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }

    // MARK: Cached reads

    @Test(arguments: Backend.allCases, TestSite.Transport.allCases)
    func readsAreCachedUntilWhatTheyShowChanges(backend: Backend, transport: TestSite.Transport) async throws {
        let (site, _) = try await site(backend: backend)
        let id = try #require(try await site.storage.articles.publishedArticle(slug: "story-3")).id
        try await site.test(over: transport) { client in
            let reads = ["/api/v1/articles?limit=3", "/api/v1/articles/\(id)", "/api/v1/sections", "/api/v1/articles/\(id)/quotes"]
            for path in reads {
                let first = try await client.execute(uri: path, method: .get)
                let second = try await client.execute(uri: path, method: .get)
                #expect(first.status == .ok && first.headers[CachedPage.cacheStatus] == "miss", "\(path)")
                #expect(second.headers[CachedPage.cacheStatus] == "hit" && second.body == first.body, "\(path)")
                let current = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: try #require(first.headers[.eTag])])
                #expect(current.status == .notModified, "\(path)")
            }

            _ = try await site.storage.articles.save(
                [Fixtures.article("story-3", headline: "Ports reopen after the strike", publishedAt: Fixtures.publishedAt.addingTimeInterval(3 * 3600), tags: ["Ports"])],
                now: Date()
            )
            for path in ["/api/v1/articles?limit=3", "/api/v1/articles/\(id)"] {
                let fresh = try await client.execute(uri: path, method: .get)
                #expect(fresh.headers[CachedPage.cacheStatus] == "miss", "\(path) shows the edited story")
                #expect(fresh.text.contains("Ports reopen after the strike"), "\(path)")
            }
            let untouched = try await client.execute(uri: "/api/v1/sections", method: .get)
            #expect(untouched.headers[CachedPage.cacheStatus] == "hit", "an edit changes no section")
        }
    }

    @Test func aCachedReadCountsAgainstTheRateLimitLikeAnyOther() async throws {
        let (original, _) = try await site()
        var site = original
        site.configuration.apiRateLimit = 2
        try await site.test { client in
            // Anonymous readers get five times the write limit a minute.
            var answers: [TestResponse] = []
            for _ in 0..<11 { answers.append(try await client.execute(uri: "/api/v1/sections", method: .get)) }
            #expect(answers.prefix(10).allSatisfy { $0.status == .ok })
            #expect(answers[1].headers[CachedPage.cacheStatus] == "hit")
            #expect(answers[10].status == .tooManyRequests, "the eleventh read is refused though its answer is cached")
            #expect(answers[10].headers[CachedPage.cacheStatus] == nil)
        }
    }

    @Test func theOpenAPIDocumentIsServed() async throws {
        let (site, _) = try await site()
        try await site.test { client in
            let document = try Self.json(try await client.execute(uri: "/api/openapi.json", method: .get))
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            #expect(Set(paths.keys) == ["/api/v1/articles", "/api/v1/articles/{article}", "/api/v1/sections", "/api/v1/authors", "/api/v1/search", "/api/v1/wire",
                "/api/v1/people", "/api/v1/people/{person}", "/api/v1/people/{person}/quotes", "/api/v1/articles/{article}/quotes"])
        }
    }
}
