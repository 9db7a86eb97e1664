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
        let administration = WebhookAdministration(webhooks: storage.webhooks, targets: WebhookTargets())
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
        let administration = WebhookAdministration(webhooks: shared.webhooks, targets: WebhookTargets())
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
        let administration = WebhookAdministration(webhooks: storage.webhooks, targets: WebhookTargets())
        await #expect(throws: WebhookAdministration.Problem.self) { _ = try await administration.add(url: "ftp://x", events: ["comment.held"]) }
        await #expect(throws: WebhookAdministration.Problem.self) { _ = try await administration.add(url: "https://x.example", events: ["article.eaten"]) }
        await #expect(throws: WebhookAdministration.Problem.self) { _ = try await administration.add(url: "https://x.example", events: [""]) }
        let hook = try await administration.add(url: "https://x.example/hook", events: ["comment.held, article.published"])
        #expect(hook.events == [.commentHeld, .articlePublished] && hook.secret.hasPrefix("whsec_"))
    }

    // MARK: Where deliveries may go

    @Test func onlyPublicAddressesAreTargetsUnlessARangeIsAllowed() throws {
        let targets = WebhookTargets()
        let refused: [(String, String)] = [
            ("127.0.0.1", "a loopback address"), ("127.8.9.10", "a loopback address"), ("::1", "a loopback address"),
            ("10.1.2.3", "a private address"), ("172.20.0.1", "a private address"), ("192.168.1.1", "a private address"),
            ("169.254.169.254", "a cloud metadata address"), ("169.254.10.10", "a link-local address"), ("fe80::1", "a link-local address"),
            ("fd12:3456::1", "a unique-local address"), ("fd00:ec2::254", "a cloud metadata address"), ("224.0.0.251", "a multicast address"),
            ("ff02::1", "a multicast address"), ("0.0.0.0", "a \"this network\" address"), ("::", "the unspecified address"),
            ("100.64.1.1", "a shared (carrier NAT) address"), ("::ffff:127.0.0.1", "a loopback address"),
            ("64:ff9b::7f00:1", "a loopback address"), ("2002:a00:1::1", "a private address"),
        ]
        for (text, kind) in refused {
            #expect(targets.refusal(of: try #require(IPAddress(text))) == kind, "\(text)")
        }
        for text in ["93.184.216.34", "8.8.8.8", "2606:4700::6810:84e5", "64:ff9b::808:808"] {
            #expect(targets.refusal(of: try #require(IPAddress(text))) == nil, "\(text)")
        }
        let intranet = WebhookTargets(allowedPrivate: [try #require(IPRange("10.20.0.0/16"))])
        #expect(intranet.refusal(of: try #require(IPAddress("10.20.5.5"))) == nil)
        #expect(intranet.refusal(of: try #require(IPAddress("10.21.5.5"))) == "a private address")
        #expect(WebhookTargets(allowedPrivate: WebhookTargets.allPrivate).refusal(of: try #require(IPAddress("169.254.169.254"))) == nil)
    }

    @Test func aWebhookPointingInwardIsRefusedWhenItIsAdded() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        let internalName = WebhookTargets { host, _ in host == "intranet.example" ? [IPAddress("192.168.4.20")!] : [] }
        let administration = WebhookAdministration(webhooks: storage.webhooks, targets: internalName)
        for url in [
            "http://127.0.0.1:5432/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/hook", "http://10.0.0.5/hook",
            "http://[fd00::1]/", "http://224.0.0.1/", "https://intranet.example/hook",
        ] {
            await #expect(throws: WebhookAdministration.Problem.self, "\(url)") {
                _ = try await administration.add(url: url, events: ["comment.held"])
            }
        }
        do {
            _ = try await administration.add(url: "https://intranet.example/hook", events: ["comment.held"])
            Issue.record("an intranet name was accepted")
        } catch let problem as WebhookAdministration.Problem {
            #expect(problem.description.hasPrefix("intranet.example resolves to 192.168.4.20, a private address"), "\(problem)")
            #expect(problem.description.contains("--webhook-private-targets"))
        }
        #expect(try await storage.webhooks.webhooks().isEmpty, "nothing refused was stored")
        // The operator's explicit allowance lets it in.
        let allowed = WebhookAdministration(
            webhooks: storage.webhooks, targets: WebhookTargets(allowedPrivate: [IPRange("192.168.0.0/16")!], resolve: internalName.resolve)
        )
        _ = try await allowed.add(url: "https://intranet.example/hook", events: ["comment.held"])
        #expect(try await storage.webhooks.webhooks().count == 1)
    }

    /// A name that answered with a public address when the webhook was added and a loopback
    /// one at delivery (DNS rebinding) is refused at delivery, after resolution.
    @Test func aNameThatRebindsToLoopbackIsRefusedAtDelivery() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let port = try #require(URL(string: receiver.url)?.port)
        let lookups = Mutex(0)
        let rebinding = WebhookTargets { _, _ in
            lookups.withLock { $0 += 1; return $0 } == 1 ? [IPAddress("93.184.216.34")!] : [IPAddress("127.0.0.1")!]
        }
        let storage = try await Backend.sqlite.makeStorage()
        let hook = try await WebhookAdministration(webhooks: storage.webhooks, targets: rebinding)
            .add(url: "http://hooks.rebind.example:\(port)/hook", events: ["article.published"])
        _ = try await storage.articles.save([Fixtures.article("harbour")], now: Date())

        let dispatcher = WebhookDispatcher(webhooks: storage.webhooks, logger: .init(label: "test"), targets: rebinding)
        #expect(try await dispatcher.deliverDue(at: Date()) == 1)
        let delivery = try #require(try await storage.webhooks.deliveries(webhookID: hook.id, limit: 1).first)
        #expect(delivery.status == .pending && delivery.lastStatus == nil)
        #expect(delivery.lastError?.hasPrefix("hooks.rebind.example resolves to 127.0.0.1, a loopback address") == true, "\(delivery.lastError ?? "")")
        #expect(receiver.received.withLock { $0.isEmpty }, "nothing reached the loopback receiver")
    }

    /// Through a real connection: the name is kept for `Host`, the signature verifies, and
    /// a 307 to an allowed address is followed while one to a refused address is not.
    @Test func deliveriesReachAnAllowedReceiverAndRedirectsAreCheckedAtEveryHop() async throws {
        let receiver = try await WebhookReceiver.start()
        let elsewhere = try await WebhookReceiver.start(on: "127.0.0.2")
        defer { receiver.stop(); elsewhere.stop() }
        // Only 127.0.0.1 is allowed, as an intranet's one host would be.
        let targets = WebhookTargets(allowedPrivate: [IPRange("127.0.0.1/32")!])
        let storage = try await Backend.sqlite.makeStorage()
        let administration = WebhookAdministration(webhooks: storage.webhooks, targets: targets)
        let direct = try await administration.add(url: receiver.url + "/hook?site=news", events: ["article.published"])
        let hop = try #require((receiver.url + "/hook").addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let redirected = try await administration.add(url: receiver.url + "/redirect?to=" + hop, events: ["article.published"])
        let away = try #require((elsewhere.url + "/hook").addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let refused = try await administration.add(url: receiver.url + "/redirect?to=" + away, events: ["article.published"])
        await #expect(throws: WebhookAdministration.Problem.self) { _ = try await administration.add(url: elsewhere.url + "/hook", events: ["comment.held"]) }
        _ = try await storage.articles.save([Fixtures.article("harbour")], now: Date())

        let dispatcher = WebhookDispatcher(webhooks: storage.webhooks, logger: .init(label: "test"), targets: targets)
        #expect(try await dispatcher.deliverDue(at: Date()) == 3)

        for hook in [direct, redirected] {
            let delivery = try #require(try await storage.webhooks.deliveries(webhookID: hook.id, limit: 1).first)
            #expect(delivery.status == .delivered && delivery.lastStatus == 204, "\(hook.url): \(delivery.lastError ?? "")")
        }
        let stopped = try #require(try await storage.webhooks.deliveries(webhookID: refused.id, limit: 1).first)
        #expect(stopped.status == .pending)
        #expect(stopped.lastError?.hasPrefix("127.0.0.2 is a loopback address") == true, "\(stopped.lastError ?? "")")
        #expect(elsewhere.received.withLock { $0.isEmpty }, "the refused hop was never contacted")

        let received = receiver.received.withLock { $0 }
        #expect(received.count == 2)
        let first = try #require(received.first)
        #expect(first.host == URL(string: receiver.url).map { "\($0.host!):\($0.port!)" })
        #expect(first.headers[.contentType] == "application/json")
        #expect(first.headers[.init("X-Byline-Event")!] == "article.published")
        let signature = try #require(first.headers[.init("X-Byline-Signature")!])
        let secrets = [direct.secret, redirected.secret]
        #expect(secrets.contains { WebhookSignature.isValid(signature, body: Data(first.body.utf8), secret: $0, now: Date()) })
    }

    /// Three redirects are followed; a fourth is not, and the delivery says why.
    @Test func noMoreThanThreeRedirectsAreFollowed() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let targets = WebhookTargets(allowedPrivate: [IPRange("127.0.0.1/32")!])
        let storage = try await Backend.sqlite.makeStorage()
        let administration = WebhookAdministration(webhooks: storage.webhooks, targets: targets)
        func chain(_ hops: Int) throws -> String {
            var url = receiver.url + "/hook"
            for _ in 0..<hops { url = receiver.url + "/redirect?to=" + (try #require(url.addingPercentEncoding(withAllowedCharacters: .alphanumerics))) }
            return url
        }
        let three = try await administration.add(url: try chain(3), events: ["article.published"])
        let four = try await administration.add(url: try chain(4), events: ["article.published"])
        _ = try await storage.articles.save([Fixtures.article("harbour")], now: Date())
        let dispatcher = WebhookDispatcher(webhooks: storage.webhooks, logger: .init(label: "test"), targets: targets)
        _ = try await dispatcher.deliverDue(at: Date())

        let followed = try #require(try await storage.webhooks.deliveries(webhookID: three.id, limit: 1).first)
        #expect(followed.status == .delivered, "\(followed.lastError ?? "")")
        let stopped = try #require(try await storage.webhooks.deliveries(webhookID: four.id, limit: 1).first)
        #expect(stopped.status == .pending)
        #expect(stopped.lastError?.contains("more than 3 redirects") == true, "\(stopped.lastError ?? "")")
        #expect(receiver.received.withLock { $0.count } == 1, "only the three-hop delivery arrived")
    }
}
