import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Commenting on articles")
struct CommentRouterTests {
    static let articlePath = RouterTests.articlePath

    /// A policy that trusts the test client's proxy, so each test picks its reader's IP.
    static func policy(_ change: (inout CommentPolicy) -> Void = { _ in }) -> CommentPolicy {
        var policy = CommentPolicy()
        policy.trustedProxies = [IPRange("127.0.0.0/8")!, IPRange("::1")!]
        change(&policy)
        return policy
    }

    private func site(
        _ policy: CommentPolicy = Self.policy(), article: ArticleInput = Fixtures.article("talks-resume"), backend: Backend = .sqlite
    ) async throws -> TestSite {
        try await TestSite.make(articles: [article], comments: policy, backend: backend)
    }

    private static let autoApprove = Self.policy { $0.moderation.trustAfterApproved = 0 }

    // MARK: Reading and the form

    @Test(arguments: Backend.allCases)
    func theFormHasWordPressFieldsTheNoteAndRequiredMarks(backend: Backend) async throws {
        try await site(backend: backend).test { client in
            let html = try await client.execute(uri: Self.articlePath, method: .get).text
            let form = try #require(html.element("form"))
            for name in ["author", "email", "url", "comment", "comment_parent", "comment_post_ID"] {
                #expect(form.contains("name=\"\(name)\""), "missing field \(name)")
            }
            #expect(html.contains("Leave a comment"))
            #expect(form.contains("Your email address will not be published.</span> Required fields are marked <span class=\"required\" aria-hidden=\"true\">*</span>"))
            #expect(form.occurrences(of: "<span class=\"required\" aria-hidden=\"true\">*</span></label>") == 3)
            #expect(html.contains("There are no comments yet."))
            #expect(html.element("article")?.contains("<form") == false, "the discussion stays outside the story")
        }
    }

    @Test(arguments: Backend.allCases)
    func anApprovedCommentRedirectsToItsAnchorAndShowsThere(backend: Backend) async throws {
        let site = try await site(Self.autoApprove, backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            let posted = try await forms.post(["url": "https://ana.example", "comment": "First line\nsecond line\n\nNew paragraph with https://example.com/x."])
            #expect(posted.status == .seeOther)
            let location = try #require(posted.headers[.location])
            #expect(location.hasPrefix(Self.articlePath + "#comment-"))

            let html = try await client.execute(uri: Self.articlePath, method: .get).text
            let anchor = String(location.split(separator: "#")[1])
            #expect(html.contains("id=\"\(anchor)\""))
            #expect(html.contains(">1 comment</h2>"))
            #expect(html.contains(#"<a href="https://ana.example" rel="nofollow ugc noopener"><bdi>Ana Reader</bdi></a>"#))
            #expect(html.contains("<p>First line<br>\nsecond line</p>\n<p>New paragraph with <a href=\"https://example.com/x\" rel=\"nofollow ugc noopener\">https://example.com/x</a>.</p>"))
            #expect(html.contains("<time datetime="))
            #expect(!html.contains("There are no comments yet."))
        }
    }

    @Test(arguments: Backend.allCases)
    func theRedirectGoesToThePageWhereTheCommentShows(backend: Backend) async throws {
        let site = try await site(Self.policy { $0.moderation.trustAfterApproved = 0; $0.threadsPerPage = 2 }, backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            var locations: [String] = []
            for index in 1...3 {
                let response = try await forms.post(["email": "p\(index)@example.com", "comment": "thread \(index)"], ip: "198.51.\(index).1")
                locations.append(response.headers[.location] ?? "")
            }
            #expect(!locations[1].contains("cpage"))
            #expect(locations[2].hasPrefix(Self.articlePath + "?cpage=2#comment-"), "\(locations[2])")

            let first = try #require(try await site.storage.comments.comments(status: .approved, articleID: nil, limit: 10).last)
            let reply = try await forms.post(["email": "p9@example.com", "comment": "reply", "comment_parent": String(first.id)], ip: "198.51.9.1")
            #expect(reply.headers[.location]?.hasPrefix(Self.articlePath + "#comment-") == true, "a reply stays on its thread's page")
        }
    }

    @Test(arguments: Backend.allCases)
    func aHeldCommentIsShownOnlyToItsAuthor(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            let posted = try await forms.post(["comment": "Held for a moderator"])
            #expect(posted.status == .seeOther)
            let cookie = try #require(posted.cookie)
            #expect(posted.headers[.setCookie]?.contains("HttpOnly") == true)
            #expect(posted.headers[.setCookie]?.lowercased().contains("samesite=lax") == true)

            let author = try await client.execute(uri: Self.articlePath, method: .get, headers: [.cookie: cookie])
            #expect(author.text.contains("Held for a moderator"))
            #expect(author.text.contains("Your comment is awaiting moderation"))
            #expect(author.headers[.cacheControl] == "private, no-store")

            let stranger = try await client.execute(uri: Self.articlePath, method: .get)
            #expect(!stranger.text.contains("Held for a moderator"))
            #expect(stranger.headers[.cacheControl]?.hasPrefix("public, max-age=60, s-maxage=") == true)

            let forged = cookie.replacingOccurrences(of: "=", with: "=9999-")
            let tampered = try await client.execute(uri: Self.articlePath, method: .get, headers: [.cookie: forged])
            #expect(!tampered.text.contains("Held for a moderator"))
        }
    }

    @Test(arguments: Backend.allCases)
    func invalidInputIs422WithAMessageBesideEachFieldAndEverythingKept(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            let response = try await forms.post(["author": "Ana <Reader>", "email": "not-an-email", "url": "javascript:alert(1)", "comment": "My “careful” words"])
            #expect(response.status == .unprocessableContent)
            let form = try #require(response.text.element("form"))
            #expect(form.contains("id=\"email-error\""))
            #expect(form.contains("id=\"url-error\""))
            #expect(!form.contains("id=\"author-error\""))
            #expect(form.contains("value=\"Ana &lt;Reader&gt;\""))
            #expect(form.contains("value=\"not-an-email\""))
            #expect(form.contains("value=\"javascript:alert(1)\""))
            #expect(form.contains(">My “careful” words</textarea>"))
            #expect(response.headers[.cacheControl] == "private, no-store")
            let stored = try await site.storage.comments.comments(status: .pending, articleID: nil, limit: 10)
            #expect(stored.isEmpty, "nothing is stored before validation passes")
        }
    }

    @Test(arguments: Backend.allCases)
    func aReplyLinkSetsTheParentWithoutJavaScript(backend: Backend) async throws {
        let site = try await site(Self.autoApprove, backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            _ = try await forms.post(["author": "Bo", "email": "bo@example.com"])
            let parent = try #require(try await site.storage.comments.comments(status: .approved, articleID: nil, limit: 1).first)

            let html = try await client.execute(uri: Self.articlePath + "?replytocom=\(parent.id)", method: .get).text
            #expect(html.contains("Reply to Bo"))
            #expect(html.contains("name=\"comment_parent\" id=\"comment_parent\" value=\"\(parent.id)\""))

            let refused = try await forms.post(["comment_parent": String(parent.id), "comment": "A reply", "email": "not-an-email"], ip: "198.51.100.4")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Reply to Bo"), "a refused reply is still a reply")

            let reply = try await forms.post(["comment_parent": String(parent.id), "comment": "A reply", "email": "cy@example.com"], ip: "198.51.100.5")
            #expect(reply.status == .seeOther)
            let stored = try await site.storage.comments.approvedThreads(articleID: parent.articleID, page: PageRequest(number: 1, size: 5))
            #expect(stored.comments.map(\.depth) == [1, 2])
        }
    }

    // MARK: Refusals

    @Test(arguments: Backend.allCases)
    func closedArticlesShowNoFormAndRefusePostsWith403(backend: Backend) async throws {
        var article = Fixtures.article("talks-resume")
        article.comments = CommentSettings(open: false)
        let site = try await site(article: article, backend: backend)
        try await site.testLive { client in
            let html = try await client.execute(uri: Self.articlePath, method: .get).text
            #expect(html.contains("Comments are closed."))
            #expect(!html.contains("<form"))
            let response = try await client.execute(
                uri: "/comments", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "comment_post_ID=1&author=A&email=a%40example.com&comment=hi")
            )
            #expect(response.status == .forbidden)
            #expect(response.text.contains("<h1 class=\"error-page__heading\">Comments are closed</h1>"))
        }
    }

    @Test(arguments: Backend.allCases)
    func aTenThousandCharacterCommentOfEmojiIsAccepted(backend: Backend) async throws {
        let site = try await site(Self.autoApprove, backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            let response = try await forms.post(["comment": String(repeating: "🦊", count: 10_000)])
            #expect(response.status == .seeOther)
        }
    }

    @Test(arguments: Backend.allCases)
    func theSiteClosesCommentsAfterTheConfiguredDays(backend: Backend) async throws {
        // The fixture was published in 2019, far more than 14 days ago.
        try await site(Self.policy { $0.closeAfterDays = 14 }, backend: backend).test { client in
            let html = try await client.execute(uri: Self.articlePath, method: .get).text
            #expect(html.contains("Comments are closed."))
        }
    }

    @Test(arguments: Backend.allCases)
    func aSecondCommentWithinTheFloodIntervalIs429(backend: Backend) async throws {
        // The rule, not the default of 15 s: a machine running the whole suite can take longer
        // than that over three posts.
        let site = try await site(Self.policy { $0.floodInterval = 300 }, backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            #expect(try await forms.post(["email": "one@example.com", "comment": "one"], ip: "203.0.113.20").status == .seeOther)
            let sameIP = try await forms.post(["email": "two@example.com", "comment": "two"], ip: "203.0.113.20")
            #expect(sameIP.status == .tooManyRequests)
            #expect(Int(sameIP.headers[.retryAfter] ?? "") ?? 0 > 0)
            let sameEmail = try await forms.post(["email": "one@example.com", "comment": "three"], ip: "198.51.100.20")
            #expect(sameEmail.status == .tooManyRequests)
        }
    }

    @Test(arguments: Backend.allCases)
    func aNetworkIsLimitedToFiveCommentsAMinute(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            for index in 1...5 {
                let response = try await forms.post(["email": "reader\(index)@example.com", "comment": "note \(index)"], ip: "203.0.113.\(index)")
                #expect(response.status == .seeOther)
            }
            let sixth = try await forms.post(["email": "reader6@example.com", "comment": "note 6"], ip: "203.0.113.99")
            #expect(sixth.status == .tooManyRequests)
            #expect((1...60).contains(Int(sixth.headers[.retryAfter] ?? "") ?? 0))
            let elsewhere = try await forms.post(["email": "reader7@example.com", "comment": "note 7"], ip: "198.51.100.7")
            #expect(elsewhere.status == .seeOther)
        }
    }

    @Test(arguments: Backend.allCases)
    func forwardedForIsIgnoredUnlessThePeerIsATrustedProxy(backend: Backend) async throws {
        // Without trusted proxies, every request comes from the test client's own address.
        let site = try await site(Self.policy { $0.trustedProxies = [] }, backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            #expect(try await forms.post(["email": "one@example.com", "comment": "one"], ip: "203.0.113.30").status == .seeOther)
            let spoofed = try await forms.post(["email": "two@example.com", "comment": "two"], ip: "198.51.100.30")
            #expect(spoofed.status == .tooManyRequests, "a forged X-Forwarded-For must not dodge the flood limit")
        }
    }

    @Test(arguments: Backend.allCases)
    func theSameTextTwiceIsADuplicate(backend: Backend) async throws {
        let site = try await site(Self.policy { $0.floodInterval = 0 }, backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            #expect(try await forms.post(["comment": "Exactly this"]).status == .seeOther)
            let again = try await forms.post(["comment": "Exactly this"], ip: "198.51.100.40")
            #expect(again.status == .conflict)
            #expect(again.text.contains("Duplicate comment"))
        }
    }

    @Test(arguments: Backend.allCases)
    func aFilledHoneypotIsDroppedSilentlyAsSpam(backend: Backend) async throws {
        let site = try await site(Self.autoApprove, backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            let response = try await forms.post(["contact_phone": "555-0100", "comment": "Buy things"])
            #expect(response.status == .seeOther)
            let spam = try await site.storage.comments.comments(status: .spam, articleID: nil, limit: 5)
            #expect(spam.map(\.body) == ["Buy things"])
            #expect(try await client.execute(uri: Self.articlePath, method: .get).text.contains("Buy things") == false)
        }
    }

    @Test(arguments: Backend.allCases)
    func bannedCommentersGetANeutralRefusal(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.storage.comments.addBan(CommentBan(kind: .email, value: "troll@example.com", reason: "abuse", createdBy: "test", createdAt: Date()))
        try await site.storage.comments.addBan(CommentBan(kind: .ip, value: "192.0.2.0/24", reason: "spam", createdBy: "test", createdAt: Date()))
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            for response in [try await forms.post(["email": "troll@example.com"]), try await forms.post(["email": "x@example.com"], ip: "192.0.2.55")] {
                #expect(response.status == .forbidden)
                #expect(response.text.contains("Your comment could not be posted"))
                #expect(!response.text.localizedCaseInsensitiveContains("ban"))
            }
        }
    }

    @Test(arguments: [
        ("_token", "forged.token", nil as String?, nil as String?),
        ("", "", "https://evil.example", nil),
        ("", "", nil, "cross-site"),
    ])
    func crossSiteOrTokenlessPostsAreRefusedKeepingTheText(tokenField: String, token: String, origin: String?, fetchSite: String?) async throws {
        let site = try await site()
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            var headers: HTTPFields = [:]
            if let origin { headers[.origin] = origin }
            if let fetchSite { headers[.init("Sec-Fetch-Site")!] = fetchSite }
            let fields = tokenField.isEmpty ? ["comment": "Keep my words"] : [tokenField: token, "comment": "Keep my words"]
            let response = try await forms.post(fields, headers: headers)
            #expect(response.status == .forbidden)
            #expect(response.text.contains(">Keep my words</textarea>"))
            #expect(try await site.storage.comments.comments(status: .pending, articleID: nil, limit: 5).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func aSameSiteOriginIsAccepted(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            let response = try await forms.post([:], headers: [.origin: "https://news.example.com", .init("Sec-Fetch-Site")!: "same-origin"])
            #expect(response.status == .seeOther)
        }
    }

    // MARK: Long discussions

    @Test(arguments: Backend.allCases)
    func aThousandThreadDiscussionIsPagedByThread(backend: Backend) async throws {
        let site = try await site(backend: backend)
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "talks-resume"))
        let start = Fixtures.publishedAt.addingTimeInterval(60)
        for index in 0..<1000 {
            _ = try await site.storage.comments.add(NewComment(
                articleID: article.id, parentID: nil, authorName: "Reader \(index)", authorEmail: "r\(index)@example.com", authorURL: nil,
                body: "Thread number \(index).", status: .approved, reason: "test", ip: nil, userAgent: nil, createdAt: start.addingTimeInterval(Double(index))
            ), maxDepth: 5)
        }
        try await site.test { client in
            let first = try await client.execute(uri: Self.articlePath, method: .get).text
            #expect(first.contains(">1,000 comments</h2>"))
            #expect(first.contains("Thread number 0.") && first.contains("Thread number 49.") && !first.contains("Thread number 50."))
            #expect(first.contains("Comments page 1 of 20"))
            let last = try await client.execute(uri: Self.articlePath + "?cpage=20", method: .get)
            #expect(last.status == .ok)
            #expect(last.text.contains("Thread number 999.") && !last.text.contains("Thread number 949."))
            #expect(try await client.execute(uri: Self.articlePath + "?cpage=21", method: .get).status == .notFound)
        }
    }
}
