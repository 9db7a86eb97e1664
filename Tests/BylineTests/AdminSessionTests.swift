@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Admin sign-in, sessions and CSRF")
struct AdminSessionTests {
    private func site(baseURL: String? = nil) async throws -> TestSite {
        var site = try await TestSite.make(articles: [Fixtures.article("harbour")])
        if let baseURL { site.configuration.baseURL = baseURL }
        try await site.addUser(.editor)
        return site
    }

    @Test func onHTTPSTheSessionCookieIsHostOnlySecureHttpOnlyAndLax() async throws {
        try await site().test { client in
            let response = try await StaffClient.submitLogin(client, email: "editor@example.com", password: StaffClient.password)
            #expect(response.status == .seeOther && response.headers[.location] == "/admin")
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("__Host-byline_session="))
            for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] { #expect(cookie.contains(attribute), "missing \(attribute)") }
            #expect(!cookie.contains("Domain="))
        }
    }

    @Test func onPlainHTTPTheCookieHasNoHostPrefixAndIsNotSecure() async throws {
        try await site(baseURL: "http://localhost:8080").test { client in
            let cookie = try #require(try await StaffClient.submitLogin(client, email: "editor@example.com", password: StaffClient.password).headers[.setCookie])
            #expect(cookie.hasPrefix("byline_session=") && !cookie.contains("Secure") && cookie.contains("HttpOnly"))
        }
    }

    @Test func aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() async throws {
        try await site().test { client in
            let wrong = try await StaffClient.submitLogin(client, email: "editor@example.com", password: "not the password")
            let unknown = try await StaffClient.submitLogin(client, email: "nobody@example.com", password: "not the password")
            #expect(wrong.status == .unprocessableContent && unknown.status == .unprocessableContent)
            #expect(wrong.text.contains(SignIn.refusal.description.htmlEscaped) && unknown.text.contains(SignIn.refusal.description.htmlEscaped))
            #expect(wrong.headers[.setCookie] == nil)
            #expect(wrong.text.contains("value=\"editor@example.com\""), "the email is kept")
        }
    }

    @Test func repeatedFailuresAreAnswered429WithRetryAfter() async throws {
        let site = try await site()
        try await site.test { client in
            // Five wrong passwords through the form are the free ones; five more, recorded at
            // once, make the wait 32 seconds. (Sent through the form, the later ones would
            // meet the growing waits and be refused uncounted, and a loaded machine could
            // outlast a wait between two of them.) Without the first five the last five
            // would themselves be free, so the 429 shows the form's failures were counted.
            for attempt in 0..<5 { _ = try await StaffClient.submitLogin(client, email: "editor@example.com", password: "wrong \(attempt) password") }
            for _ in 0..<5 { _ = try await site.storage.sessions.recordFailure(keys: SignIn.keys(email: "editor@example.com", ip: nil), at: Date()) }
            let throttled = try await StaffClient.submitLogin(client, email: "editor@example.com", password: StaffClient.password)
            #expect(throttled.status == .tooManyRequests)
            #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(throttled.text.contains("Too many failed attempts"))
        }
    }

    @Test func aLoginFormFromAnotherSiteIsRefused() async throws {
        try await site().test { client in
            let forged = try await StaffClient.submitLogin(
                client, email: "editor@example.com", password: StaffClient.password, headers: [.origin: "https://evil.example"]
            )
            #expect(forged.status == .forbidden && forged.headers[.setCookie] == nil)
            let tokenless = try await client.execute(
                uri: "/admin/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "email=editor%40example.com&password=a+long+enough+passphrase")
            )
            #expect(tokenless.status == .forbidden && tokenless.headers[.setCookie] == nil)
        }
    }

    @Test(arguments: ["https://evil.example/admin", "//evil.example/admin", "/admin/../\\evil"])
    func afterSignInOnlyAdminPagesAreFollowed(next: String) async throws {
        try await site().test { client in
            let response = try await StaffClient.submitLogin(client, email: "editor@example.com", password: StaffClient.password, next: next)
            #expect(response.headers[.location] == "/admin")
        }
    }

    @Test func signingOutEndsTheSessionOnTheServer() async throws {
        try await site().test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let out = try await staff.post("/admin/logout")
            #expect(out.status == .seeOther)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            // The old cookie, replayed, no longer opens anything.
            #expect(try await staff.get("/admin").status == .seeOther)
        }
    }

    @Test func aPostWithoutTheCSRFTokenChangesNothing() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let missing = try await staff.post("/admin/sections", [("name", "Opinion")], csrf: "")
            let wrong = try await staff.post("/admin/sections", [("name", "Opinion")], csrf: String(repeating: "x", count: 43))
            let crossSite = try await staff.post("/admin/sections", [("name", "Opinion")], headers: [.init("Sec-Fetch-Site")!: "cross-site"])
            for response in [missing, wrong, crossSite] {
                #expect(response.status == .forbidden)
                #expect(response.text.contains("That request was not accepted"))
            }
            #expect(try await staff.post("/admin/sections", [("name", "Opinion")]).status == .seeOther)
        }
        #expect(try await site.storage.taxonomy.sections().map(\.name) == ["World", "Opinion"])
    }

    @Test func theTokenMayComeInAHeaderForScripts() async throws {
        try await site().test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let response = try await client.execute(
                uri: "/admin/preview", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: staff.cookie, .init("X-CSRF-Token")!: staff.csrf],
                body: ByteBuffer(string: "body=%2Ahello%2A")
            )
            #expect(response.status == .ok && response.text == "<p><em>hello</em></p>")
        }
    }

    @Test func adminPagesAreNeverCachedOrFramed() async throws {
        try await site().test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let page = try await staff.get("/admin/articles")
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[.init("X-Frame-Options")!] == "DENY")
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
        }
    }
}
