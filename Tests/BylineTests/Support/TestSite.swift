import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A site wired by `buildApplication` over a fresh database, for router tests.
struct TestSite {
    var configuration: Configuration
    var storage: Storage

    static func make(
        timeZone: String = "America/New_York", theme: String? = nil, articles: [ArticleInput] = [], comments: CommentPolicy = CommentPolicy(),
        backend: Backend = .sqlite, database: String? = nil, locale: String? = nil
    ) async throws -> TestSite {
        var input = Configuration.Input()
        input[.dataDirectory] = TemporaryDirectory.make()
        input[.baseURL] = "https://news.example.com"
        input[.siteName] = "The Test Gazette"
        input[.timeZone] = timeZone
        input[.theme] = theme
        input[.locale] = locale
        input.noDemo = true
        // Two cores run the whole suite at once: a healthy database can take longer than a
        // production probe allows to answer here. The deadline itself is tested on its own.
        input[.readinessTimeout] = "10000"
        if backend == .postgres || database != nil {
            if let database {
                input[.database] = database
            } else {
                input[.database] = try await TestPostgres.shared.makeDatabase()
            }
            input[.databasePoolSize] = "4"
            input[.databaseTimeout] = "60"
        }
        var configuration = try Configuration.resolve(input, environment: [:])
        configuration.comments = comments
        let storage = try await openStorage(configuration)
        if !articles.isEmpty { _ = try await storage.articles.save(articles, now: Fixtures.publishedAt) }
        return TestSite(configuration: configuration, storage: storage)
    }

    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(configuration, storage: storage)
        try await app.test(.router, body)
    }

    /// How a test reaches the application: straight into its responder, or over a real
    /// loopback connection through the server's whole channel pipeline.
    enum Transport: String, CaseIterable, CustomTestStringConvertible {
        case router, live
        var testDescription: String { rawValue }
    }

    func test(over transport: Transport, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        switch transport {
        case .router: try await test(body)
        case .live: try await testLive(body)
        }
    }

    /// Over a real loopback connection, so that the client has an IP address.
    func testLive(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(configuration, storage: storage)
        try await app.test(.live, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

extension String {
    /// The markup of the first `<tag …>…</tag>` element (no nesting of the same tag).
    func element(_ tag: String) -> String? {
        guard let start = range(of: "<\(tag)"), let end = range(of: "</\(tag)>", range: start.upperBound..<endIndex) else { return nil }
        return String(self[start.lowerBound..<end.upperBound])
    }

    func occurrences(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}
