@testable import Byline
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing

@Suite("Webhooks")
struct WebhookTests {
    private func storage(_ backend: Backend) async throws -> (Storage, Webhook, Webhook) {
        let storage = try await backend.makeStorage()
        let administration = WebhookAdministration(webhooks: storage.webhooks)
        let articles = try await administration.add(url: "https://hooks.example.com/articles", events: ["article.published,article.updated,article.unpublished"])
        let comments = try await administration.add(url: "https://hooks.example.com/comments", events: ["comment.held"])
        return (storage, articles, comments)
    }

    private func events(_ storage: Storage, webhook: Webhook) async throws -> [String] {
        try await storage.webhooks.deliveries(webhookID: webhook.id, limit: 100).reversed().map(\.event)
    }

    @Test(arguments: Backend.allCases)
    func eachArticleChangeIsLoggedOnceForTheWebhooksThatAskedForIt(backend: Backend) async throws {
        let (storage, articleHook, commentHook) = try await storage(backend)
        var input = Fixtures.article("harbour", status: .draft, publishedAt: nil)
        _ = try await storage.articles.save([input], now: Fixtures.publishedAt)
        input.status = .published
        _ = try await storage.articles.save([input], now: Fixtures.publishedAt)
        _ = try await storage.articles.save([input], now: Fixtures.publishedAt)
        input.bodyMarkdown = "Edited."
        _ = try await storage.articles.save([input], now: Fixtures.publishedAt)
        input.status = .draft
        _ = try await storage.articles.save([input], now: Fixtures.publishedAt)
        #expect(try await events(storage, webhook: articleHook) == ["article.published", "article.updated", "article.unpublished"])
        #expect(try await events(storage, webhook: commentHook).isEmpty)
        let payload = try #require(try await storage.webhooks.deliveries(webhookID: articleHook.id, limit: 100).last?.payload)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "article.published")
        #expect((object["data"] as? [String: Any])?["slug"] as? String == "harbour")
    }

    @Test(arguments: Backend.allCases)
    func scheduledPublicationAndDeletionAreEventsToo(backend: Backend) async throws {
        let (storage, articleHook, _) = try await storage(backend)
        _ = try await storage.articles.save([Fixtures.article("seed", status: .draft, publishedAt: nil)], now: Fixtures.publishedAt)
        var document = ArticleDocument()
        document.headline = "Goes out later"
        document.section = "world"
        document.authors = ["Mara Lindqvist"]
        document.body = "Text."
        let sections = try await storage.taxonomy.sections()
        let at = Date().addingTimeInterval(60)
        guard case .saved(let id, _) = try await storage.editorial.save(EditorialSave(
            articleID: nil, input: document.input(status: .draft, sections: sections, externalID: nil), document: document, expectedVersion: nil,
            scheduledAt: at, editor: Editor(userID: nil, name: "Ed"), note: "Scheduled"
        ), now: Date()) else { Issue.record("not saved"); return }
        #expect(try await events(storage, webhook: articleHook).isEmpty)
        _ = try await storage.editorial.publishDue(at: at.addingTimeInterval(1))
        #expect(try await events(storage, webhook: articleHook) == ["article.published"])
        _ = try await storage.editorial.delete(id: id)
        #expect(try await events(storage, webhook: articleHook) == ["article.published", "article.unpublished"])
    }

    @Test(arguments: Backend.allCases)
    func aHeldCommentIsAnEventWithoutTheCommentersEmail(backend: Backend) async throws {
        let (storage, _, commentHook) = try await storage(backend)
        _ = try await storage.articles.save([Fixtures.article("harbour")], now: Fixtures.publishedAt)
        let article = try #require(try await storage.articles.publishedArticle(slug: "harbour"))
        for status in [Byline.Comment.Status.pending, .approved] {
            _ = try await storage.comments.add(NewComment(
                articleID: article.id, parentID: nil, authorName: "Rita", authorEmail: "rita.\(status.rawValue)@example.com", authorURL: nil, body: "Hi",
                status: status, reason: "test", ip: "192.0.2.1", userAgent: nil, createdAt: Date()
            ), maxDepth: 5)
        }
        let deliveries = try await storage.webhooks.deliveries(webhookID: commentHook.id, limit: 10)
        #expect(deliveries.map(\.event) == ["comment.held"])
        #expect(!deliveries[0].payload.contains("@example.com") && !deliveries[0].payload.contains("192.0.2.1"))
    }

    @Test(arguments: Backend.allCases)
    func concurrentClaimsNeverShareADelivery(backend: Backend) async throws {
        let (shared, reopen) = try await backend.makeSharedStorage()
        let administration = WebhookAdministration(webhooks: shared.webhooks)
        _ = try await administration.add(url: "https://hooks.example.com/a", events: ["article.published"])
        _ = try await shared.articles.save((1...30).map { Fixtures.article("story-\($0)") }, now: Fixtures.publishedAt)
        let nodes = [shared.webhooks, try await reopen().webhooks, try await reopen().webhooks]
        let now = Date()
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for node in nodes { group.addTask { try await node.claimDue(at: now, lease: 60, limit: 20).map(\.0.id) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 30 && Set(claimed).count == 30)
        #expect(try await shared.webhooks.claimDue(at: now.addingTimeInterval(1), lease: 60, limit: 50).isEmpty, "leased deliveries wait")
        #expect(try await shared.webhooks.claimDue(at: now.addingTimeInterval(61), lease: 60, limit: 50).count == 30, "an expired lease is offered again")
    }

    @Test(arguments: Backend.allCases)
    func theDispatcherSignsAndRetriesDeliveries(backend: Backend) async throws {
        let (storage, articleHook, _) = try await storage(backend)
        // Published now: the day deliveries are retried for counts from the event.
        _ = try await storage.articles.save([Fixtures.article("harbour")], now: Date())
        let sent = Mutex<[URLRequest]>([])
        let answers = Mutex<[Int]>([500, 200])
        let dispatcher = WebhookDispatcher(webhooks: storage.webhooks, logger: .init(label: "test")) { request in
            sent.withLock { $0.append(request) }
            return answers.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
        }
        let start = Date()
        #expect(try await dispatcher.deliverDue(at: start) == 1)
        let failed = try #require(try await storage.webhooks.deliveries(webhookID: articleHook.id, limit: 1).first)
        #expect(failed.status == .pending && failed.attempts == 1 && failed.lastStatus == 500)
        #expect(failed.nextAttemptAt.timeIntervalSince(start) >= 29, "retried after about 30 seconds")
        #expect(try await dispatcher.deliverDue(at: start.addingTimeInterval(5)) == 0, "not before its time")
        #expect(try await dispatcher.deliverDue(at: start.addingTimeInterval(31)) == 1)
        let delivered = try #require(try await storage.webhooks.deliveries(webhookID: articleHook.id, limit: 1).first)
        #expect(delivered.status == .delivered && delivered.attempts == 2)

        let request = try #require(sent.withLock { $0.first })
        let body = try #require(request.httpBody)
        let signature = try #require(request.value(forHTTPHeaderField: "X-Byline-Signature"))
        #expect(WebhookSignature.isValid(signature, body: body, secret: articleHook.secret, now: Date()))
        #expect(!WebhookSignature.isValid(signature, body: body + Data("x".utf8), secret: articleHook.secret, now: Date()))
        #expect(!WebhookSignature.isValid(signature, body: body, secret: articleHook.secret, now: Date().addingTimeInterval(600)), "a replay is too old")
        #expect(request.value(forHTTPHeaderField: "X-Byline-Event") == "article.published")
        #expect(request.value(forHTTPHeaderField: "X-Byline-Delivery") == String(delivered.id))
    }

    @Test(arguments: Backend.allCases)
    func finishedDeliveriesAreForgottenAfterAMonthAndPendingOnesKept(backend: Backend) async throws {
        let (storage, articleHook, _) = try await storage(backend)
        _ = try await storage.articles.save([Fixtures.article("a"), Fixtures.article("b")], now: Fixtures.publishedAt)
        let due = try await storage.webhooks.claimDue(at: Date(), lease: 60, limit: 1)
        try await storage.webhooks.recordSuccess(id: try #require(due.first).0.id, status: 200, at: Date())
        let jobs = JobScheduler.standardJobs(storage: storage, comments: { CommentPolicy() })
        try await #require(jobs.first { $0.name == "prune-webhook-deliveries" }).work(Date())
        let left = try await storage.webhooks.deliveries(webhookID: articleHook.id, limit: 10)
        #expect(left.map(\.status) == [.pending], "the delivered one, from 2019, is gone; the pending one stays")
    }

    @Test func retriesBackOffExponentiallyForUpToADay() {
        let created = Date(timeIntervalSince1970: 0)
        #expect(WebhookSignature.retryAt(attempts: 1, createdAt: created, now: created)?.timeIntervalSince1970 == 30)
        #expect(WebhookSignature.retryAt(attempts: 3, createdAt: created, now: created)?.timeIntervalSince1970 == 120)
        #expect(WebhookSignature.retryAt(attempts: 20, createdAt: created, now: created)?.timeIntervalSince1970 == 3600, "at most an hour apart")
        #expect(WebhookSignature.retryAt(attempts: 5, createdAt: created, now: created.addingTimeInterval(24 * 3600 - 10)) == nil, "given up after a day")
    }

    @Test func registrationChecksTheURLAndTheEvents() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        let administration = WebhookAdministration(webhooks: storage.webhooks)
        await #expect(throws: WebhookAdministration.Problem.self) { _ = try await administration.add(url: "ftp://x", events: ["comment.held"]) }
        await #expect(throws: WebhookAdministration.Problem.self) { _ = try await administration.add(url: "https://x.example", events: ["article.eaten"]) }
        await #expect(throws: WebhookAdministration.Problem.self) { _ = try await administration.add(url: "https://x.example", events: [""]) }
        let hook = try await administration.add(url: "https://x.example/hook", events: ["comment.held, article.published"])
        #expect(hook.events == [.commentHeld, .articlePublished] && hook.secret.hasPrefix("whsec_"))
    }
}
