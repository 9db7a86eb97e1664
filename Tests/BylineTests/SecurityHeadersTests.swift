@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Security headers on what the public sees")
struct SecurityHeadersTests {
    static let articlePath = RouterTests.articlePath

    private static func expectPublicHeaders(_ response: TestResponse, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let policy = response.headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("script-src 'self'"), "\(path): \(policy)", sourceLocation: sourceLocation)
        #expect(!policy.contains("unsafe-inline"), "\(path): \(policy)", sourceLocation: sourceLocation)
        #expect(policy.contains("frame-ancestors 'self'"), "\(path): \(policy)", sourceLocation: sourceLocation)
        #expect(policy.contains("object-src 'none'"), "\(path): \(policy)", sourceLocation: sourceLocation)
        #expect(response.headers[SecurityHeaders.contentTypeOptions] == "nosniff", "\(path)", sourceLocation: sourceLocation)
        #expect(response.headers[SecurityHeaders.referrerPolicy] == "strict-origin-when-cross-origin", "\(path)", sourceLocation: sourceLocation)
        #expect(response.headers[SecurityHeaders.frameOptions] == "SAMEORIGIN", "\(path)", sourceLocation: sourceLocation)
    }

    /// Twice each: the second answer is a cache hit, which over a live server the channel
    /// pipeline sends before any middleware runs.
    @Test(arguments: TestSite.Transport.allCases)
    func everyPublicAnswerLimitsWhatABrowserMayDo(transport: TestSite.Transport) async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")])
        try await site.test(over: transport) { client in
            // Every kind of answer through the router; over a live server, the pages whose
            // hits the channel pipeline answers, which is all that path adds.
            let everything = [Self.articlePath, "/", "/world", "/feed.rss", "/sitemap.xml", "/search?q=talks", "/assets/js/comments.js", "/no-such-page", "/readyz"]
            for path in transport == .router ? everything : [Self.articlePath, "/feed.rss", "/no-such-page"] {
                for _ in 0..<2 {
                    let response = try await client.execute(uri: path, method: .get)
                    #expect(response.status != .internalServerError, "\(path)")
                    Self.expectPublicHeaders(response, path)
                }
            }
            let notModified = try await client.execute(uri: Self.articlePath, method: .get)
            let revalidated = try await client.execute(
                uri: Self.articlePath, method: .get, headers: [.ifNoneMatch: try #require(notModified.headers[.eTag])]
            )
            #expect(revalidated.status == .notModified)
            Self.expectPublicHeaders(revalidated, "304")
        }
    }

    @Test func theAdminKeepsItsStricterPolicy() async throws {
        try await TestSite.make().test { client in
            let page = try await client.execute(uri: "/admin/login", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[SecurityHeaders.frameOptions] == "DENY")
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers[SecurityHeaders.referrerPolicy] == "same-origin")
            #expect(page.headers[values: .contentSecurityPolicy].count == 1, "one policy, not the public one added to it")
        }
    }

    /// The default theme must work under its own policy: its only scripts are files, and its
    /// markup has no inline handlers or style attributes.
    @Test func theDefaultThemeNeedsNothingThePolicyForbids() throws {
        let templates = BundledResources.defaultTheme + "/templates"
        for name in try FileManager.default.contentsOfDirectory(atPath: templates) {
            let text = try String(contentsOfFile: templates + "/" + name, encoding: .utf8)
            let scripts = text.components(separatedBy: "<script").dropFirst()
            for script in scripts {
                let tag = script.prefix { $0 != ">" }
                #expect(tag.contains("src=") || tag.contains("application/ld+json"), "\(name): an inline script <script\(tag)>")
            }
            #expect(text.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(name): an inline event handler")
            #expect(!text.contains(" style="), "\(name): a style attribute")
            #expect(!text.contains("<style"), "\(name): an inline style sheet")
        }
    }
}
