@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The moderation queue")
struct AdminModerationTests {
    static let path = "/world/2019/12/03/harbour"

    private func site(backend: Backend = .sqlite) async throws -> (TestSite, Article) {
        let site = try await TestSite.make(articles: [Fixtures.article("harbour")], backend: backend)
        try await site.addUser(.editor, name: "Edna Editor")
        return (site, try #require(try await site.storage.articles.publishedArticle(slug: "harbour")))
    }

    @discardableResult
    private func comment(_ site: TestSite, _ article: Article, body: String, email: String = "rita@example.com", status: Byline.Comment.Status = .pending) async throws -> Byline.Comment {
        try await site.storage.comments.add(NewComment(
            articleID: article.id, parentID: nil, authorName: "Rita Reader", authorEmail: email, authorURL: nil, body: body, status: status,
            reason: "first comment from this commenter", ip: "203.0.113.9", userAgent: "TestBrowser/1.0", createdAt: Date()
        ), maxDepth: 5)
    }

    @Test(arguments: Backend.allCases)
    func theQueueShowsStaffTheArticleEmailIPAndWhyItWasHeld(backend: Backend) async throws {
        let (site, article) = try await site(backend: backend)
        try await comment(site, article, body: "Held for a look.")
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let html = try await staff.get("/admin/comments").text
            for expected in ["Held for a look.", "rita@example.com", "203.0.113.9", "first comment from this commenter", "Headline for harbour", "TestBrowser/1.0"] {
                #expect(html.contains(expected), "missing \(expected)")
            }
            #expect(html.contains("Pending <span class=\"tabs__count\">1</span>"))
            let dashboard = try await staff.get("/admin").text
            #expect(dashboard.contains("<span class=\"stat__number\">1</span> <span class=\"stat__label\">comment pending</span>"))
        }
    }

    @Test(arguments: Backend.allCases)
    func approvingPublishesTheCommentWithoutItsEmail(backend: Backend) async throws {
        let (site, article) = try await site(backend: backend)
        let held = try await comment(site, article, body: "Worth publishing.")
        try await site.test { client in
            #expect(!(try await client.execute(uri: Self.path, method: .get).text.contains("Worth publishing.")))
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let response = try await staff.post("/admin/comments", [("status", "pending"), ("single", "approve:\(held.id)")])
            #expect(response.headers[.location] == "/admin/comments?status=pending&notice=approve&count=1")
            let page = try await client.execute(uri: Self.path, method: .get).text
            #expect(page.contains("Worth publishing."))
            #expect(!page.contains("rita@example.com"))
        }
        #expect(try await site.storage.comments.decisions(commentID: held.id).last?.decidedBy == "Edna Editor")
    }

    @Test func bulkActionsApplyToEveryCheckedComment() async throws {
        let (site, article) = try await site()
        var created: [Int64] = []
        for number in 1...3 { created.append(try await comment(site, article, body: "Spam \(number)", email: "s\(number)@example.com").id) }
        let ids = created
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let response = try await staff.post("/admin/comments", [("status", "pending"), ("action", "spam")] + ids.prefix(2).map { ("ids", String($0)) })
            #expect(response.headers[.location]?.contains("count=2") == true)
            let spam = try await staff.get("/admin/comments?status=spam").text
            #expect(spam.contains("Spam 1") && spam.contains("Spam 2") && !spam.contains("Spam 3"))
            _ = try await staff.post("/admin/comments", [("status", "spam"), ("action", "delete")] + ids.prefix(2).map { ("ids", String($0)) })
        }
        #expect(try await site.storage.comments.comment(id: ids[0]) == nil)
        #expect(try await site.storage.comments.comment(id: ids[2])?.status == .pending)
    }

    @Test func aStaffReplyIsPublishedAndMarkedStaff() async throws {
        let (site, article) = try await site()
        let approved = try await comment(site, article, body: "A question for the newsroom?", status: .approved)
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            #expect(try await staff.post("/admin/comments/\(approved.id)/reply", [("comment", "Thanks, we have corrected it.")]).status == .seeOther)
            let page = try await client.execute(uri: Self.path, method: .get).text
            #expect(page.contains("Thanks, we have corrected it."))
            #expect(page.contains("Edna Editor</bdi></span> <span class=\"comment__staff\">Staff</span>"))
            #expect(!page.contains("editor@example.com"))
        }
    }

    @Test func editingAComment() async throws {
        let (site, article) = try await site()
        let held = try await comment(site, article, body: "Contains a phone number 555-0100.")
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            #expect(try await staff.get("/admin/comments/\(held.id)/edit").text.contains("555-0100"))
            #expect(try await staff.post("/admin/comments/\(held.id)/edit", [("comment", "  ")]).status == .unprocessableContent)
            #expect(try await staff.post("/admin/comments/\(held.id)/edit", [("comment", "Contains a phone number [removed].")]).status == .seeOther)
        }
        #expect(try await site.storage.comments.comment(id: held.id)?.body == "Contains a phone number [removed].")
        #expect(try await site.storage.comments.decisions(commentID: held.id).last?.reason == "edited")
    }

    @Test(arguments: ["email", "ip", "network"])
    func banningRefusesTheCommentersNextComment(kind: String) async throws {
        let (site, article) = try await site()
        let held = try await comment(site, article, body: "Buy things.")
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            #expect(try await staff.post("/admin/comments/\(held.id)/ban", [("kind", kind)]).headers[.location]?.contains("notice=banned") == true)
        }
        let bans = try await site.storage.comments.bans()
        let ban = try #require(bans.first)
        #expect(ban.matches(email: "rita@example.com", ip: IPAddress("203.0.113.9")))
        if kind == "network" { #expect(ban.value == "203.0.113.0/24") }
        #expect(try await site.storage.comments.comment(id: held.id)?.status == .spam)
    }
}
