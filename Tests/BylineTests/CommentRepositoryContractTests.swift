import Byline
import Foundation
import Testing

/// The behaviour every `CommentRepository` backend must share.
@Suite("Comment repository contract")
struct CommentRepositoryContractTests {
    static let now = Fixtures.publishedAt.addingTimeInterval(3600)

    /// A storage with one published article, and that article's ID.
    private func storageWithArticle(_ backend: Backend) async throws -> (Storage, Int64) {
        let storage = try await backend.makeStorage()
        let saved = try await storage.articles.save([Fixtures.article("talks")], now: Fixtures.publishedAt)
        return (storage, saved[0].id)
    }

    private func new(
        _ articleID: Int64, parent: Int64? = nil, body: String = "A comment.", email: String = "ana@example.com",
        status: Byline.Comment.Status = .approved, ip: String? = "203.0.113.9", at offset: TimeInterval = 0
    ) -> NewComment {
        NewComment(
            articleID: articleID, parentID: parent, authorName: "Ana", authorEmail: email, authorURL: "https://ana.example",
            body: body, status: status, reason: "test", ip: ip, userAgent: "Test/1.0", createdAt: Self.now.addingTimeInterval(offset)
        )
    }

    // MARK: Tests

    @Test(arguments: Backend.allCases)
    func threadsComeBackInReadingOrder(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        let first = try await storage.comments.add(new(article, body: "first", at: 0), maxDepth: 5)
        let second = try await storage.comments.add(new(article, body: "second", at: 1), maxDepth: 5)
        let reply = try await storage.comments.add(new(article, parent: first.id, body: "reply to first", at: 2), maxDepth: 5)
        _ = try await storage.comments.add(new(article, parent: reply.id, body: "reply to reply", at: 3), maxDepth: 5)
        _ = try await storage.comments.add(new(article, body: "held", status: .pending, at: 4), maxDepth: 5)

        let page = try await storage.comments.approvedThreads(articleID: article, page: PageRequest(number: 1, size: 50))

        #expect(page.comments.map(\.body) == ["first", "reply to first", "reply to reply", "second"])
        #expect(page.comments.map(\.depth) == [1, 2, 3, 1])
        #expect(page.approvedCount == 4 && page.threadCount == 2)
        #expect(page.comments[2].rootID == first.id)
        #expect(second.rootID == second.id)
    }

    @Test(arguments: Backend.allCases)
    func aReplyBeyondTheMaximumDepthAttachesAtTheLimit(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        var parent = try await storage.comments.add(new(article), maxDepth: 3)
        for _ in 2...3 { parent = try await storage.comments.add(new(article, parent: parent.id), maxDepth: 3) }
        #expect(parent.depth == 3)

        let tooDeep = try await storage.comments.add(new(article, parent: parent.id, body: "deeper"), maxDepth: 3)

        #expect(tooDeep.depth == 3)
        #expect(tooDeep.parentID == parent.parentID)
    }

    @Test(arguments: Backend.allCases)
    func repliesMustAnswerAPublishedCommentOnTheSameArticle(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        let other = try await storage.articles.save([Fixtures.article("other")], now: Fixtures.publishedAt)[0].id
        let held = try await storage.comments.add(new(article, status: .pending), maxDepth: 5)
        let elsewhere = try await storage.comments.add(new(other), maxDepth: 5)

        await #expect(throws: StorageError.self) { _ = try await storage.comments.add(new(article, parent: held.id), maxDepth: 5) }
        await #expect(throws: StorageError.self) { _ = try await storage.comments.add(new(article, parent: elsewhere.id), maxDepth: 5) }
        await #expect(throws: StorageError.self) { _ = try await storage.comments.add(new(article, parent: 999_999), maxDepth: 5) }
    }

    @Test(arguments: Backend.allCases)
    func discussionsArePagedByTopLevelThread(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        for index in 0..<7 {
            let root = try await storage.comments.add(new(article, body: "thread \(index)", at: Double(index) * 10), maxDepth: 5)
            _ = try await storage.comments.add(new(article, parent: root.id, body: "reply \(index)", at: Double(index) * 10 + 1), maxDepth: 5)
        }

        let second = try await storage.comments.approvedThreads(articleID: article, page: PageRequest(number: 2, size: 3))

        #expect(second.comments.map(\.body) == ["thread 3", "reply 3", "thread 4", "reply 4", "thread 5", "reply 5"])
        #expect(second.threadCount == 7 && second.pageCount == 3 && second.approvedCount == 14)
    }

    @Test(arguments: Backend.allCases)
    func unicodeRoundTripsExactly(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        let text = CommentText.normalize("Cafe\u{301} 👩🏽‍💻 🇺🇦 ﷽ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 e\u{301}\u{323}")
        let stored = try await storage.comments.add(new(article, body: text), maxDepth: 5)
        let loaded = try #require(try await storage.comments.comment(id: stored.id))
        #expect(loaded.body == text)
        #expect(Array(loaded.body.unicodeScalars) == Array(text.unicodeScalars))
    }

    @Test(arguments: Backend.allCases)
    func heldCommentsAreFoundOnlyByTheirIDsAndArticle(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        let held = try await storage.comments.add(new(article, status: .pending), maxDepth: 5)
        let approved = try await storage.comments.add(new(article), maxDepth: 5)

        #expect(try await storage.comments.pending(ids: [held.id, approved.id], articleID: article).map(\.id) == [held.id])
        #expect(try await storage.comments.pending(ids: [held.id], articleID: article + 1).isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func moderationDecisionsAreLoggedWithWhoWhenAndWhy(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        let held = try await storage.comments.add(new(article, status: .pending), maxDepth: 5)
        let decidedAt = Self.now.addingTimeInterval(600)

        let changed = try await storage.comments.setStatus([held.id], to: .approved, by: "editor@example.com", reason: "on topic", at: decidedAt)

        #expect(changed == 1)
        #expect(try await storage.comments.comment(id: held.id)?.status == .approved)
        let log = try await storage.comments.decisions(commentID: held.id)
        #expect(log.map(\.status) == [.pending, .approved])
        #expect(log.last == ModerationRecord(status: .approved, decidedBy: "editor@example.com", reason: "on topic", decidedAt: decidedAt))
        #expect(try await storage.comments.setStatus([held.id], to: .approved, by: "x", reason: "again", at: decidedAt) == 0)
    }

    /// What the comment rules read before a comment is stored, as `CommentPoster` asks for it.
    private func screen(
        _ storage: Storage, article: Int64, email: String, name: String = "Ana", body: String = "New words",
        ip: String? = nil, network: String? = nil, looksBack: TimeInterval = 15, networkLooksBack: TimeInterval = 60
    ) async throws -> CommentScreening {
        try await storage.comments.screening(CommentScreening.Request(
            articleID: article, email: email, name: name, body: body, ip: ip, network: network,
            since: Self.now.addingTimeInterval(-looksBack), networkSince: Self.now.addingTimeInterval(-networkLooksBack)
        ))
    }

    @Test(arguments: Backend.allCases)
    func historyCountsApprovalsAndRecentDecisions(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        _ = try await storage.comments.add(new(article, at: 0), maxDepth: 5)
        _ = try await storage.comments.add(new(article, body: "2", status: .spam, at: 1), maxDepth: 5)
        _ = try await storage.comments.add(new(article, body: "3", status: .pending, at: 2), maxDepth: 5)

        let history = try await screen(storage, article: article, email: "ANA@example.com").history
        #expect(history.approvedCount == 1)
        #expect(history.recentDecisions == [.spam, .approved])
        #expect(try await screen(storage, article: article, email: "ana@example.com", name: "Someone Else").history.approvedCount == 0)
    }

    @Test(arguments: Backend.allCases)
    func recentActivityFindsTheSameSourceAndNetwork(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        _ = try await storage.comments.add(new(article, email: "a@example.com", ip: "203.0.113.9", at: 0), maxDepth: 5)
        _ = try await storage.comments.add(new(article, body: "b", email: "b@example.com", ip: "203.0.113.10", at: 5), maxDepth: 5)

        let activity = try await screen(storage, article: article, email: "c@example.com", ip: "203.0.113.9", network: "203.0.113.0/24").activity
        #expect(activity.lastFromSameSource == Self.now)
        #expect(activity.fromNetwork == 2)
        #expect(activity.oldestFromNetwork == Self.now)
        let quiet = try await screen(storage, article: article, email: "d@example.com", ip: "198.51.100.1", network: "198.51.100.0/24").activity
        #expect(quiet.lastFromSameSource == nil && quiet.fromNetwork == 0)
    }

    @Test(arguments: Backend.allCases)
    func duplicatesAreFoundPerArticleAndCommenter(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        _ = try await storage.comments.add(new(article, body: "Same words"), maxDepth: 5)
        #expect(try await screen(storage, article: article, email: "ana@example.com", body: "Same words").isDuplicate)
        #expect(try await !screen(storage, article: article, email: "bo@example.com", body: "Same words").isDuplicate)
        #expect(try await !screen(storage, article: article + 1, email: "ana@example.com", body: "Same words").isDuplicate)
    }

    @Test(arguments: Backend.allCases)
    func bansAreStoredAndMatchEmailsAndRanges(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await storage.comments.addBan(CommentBan(kind: .email, value: "troll@example.com", reason: "abuse", createdBy: "cli", createdAt: Self.now))
        try await storage.comments.addBan(CommentBan(kind: .ip, value: "198.51.100.0/24", reason: "spam wave", createdBy: "cli", createdAt: Self.now))

        let bans = try await storage.comments.bans()
        #expect(bans.count == 2)
        #expect(bans.contains { $0.matches(email: "TROLL@example.com", ip: nil) })
        #expect(bans.contains { $0.matches(email: "x@example.com", ip: IPAddress("198.51.100.77")) })
        #expect(!bans.contains { $0.matches(email: "x@example.com", ip: IPAddress("203.0.113.1")) })
    }

    @Test(arguments: Backend.allCases)
    func oneScreeningReadAnswersEveryRulesQuestionAtOnce(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        try await storage.comments.addBan(CommentBan(kind: .email, value: "troll@example.com", reason: "abuse", createdBy: "cli", createdAt: Self.now))
        _ = try await storage.comments.add(new(article, body: "Same words", email: "ana@example.com", ip: "203.0.113.9", at: 0), maxDepth: 5)
        _ = try await storage.comments.add(new(article, body: "2", status: .spam, ip: "203.0.113.10", at: -5), maxDepth: 5)

        for (email, body, approved, duplicate) in [("ANA@example.com", "Same words", 1, true), ("bo@example.com", "New words", 0, false)] {
            let screening = try await screen(storage, article: article, email: email, body: body, ip: "203.0.113.9", network: "203.0.113.0/24")
            #expect(screening.bans.map(\.value) == (try await storage.comments.bans()).map(\.value))
            #expect(screening.activity.fromNetwork == 2 && screening.activity.lastFromSameSource == Self.now, "\(email)")
            #expect(screening.history.approvedCount == approved, "\(email)")
            #expect(screening.isDuplicate == duplicate, "\(email)")
        }
        let first = try await screen(storage, article: article, email: "ana@example.com", body: "Same words", ip: "203.0.113.9", network: "203.0.113.0/24")
        #expect(first.isDuplicate && first.activity.fromNetwork == 2 && first.history.approvedCount == 1 && first.bans.count == 1)
    }

    @Test(arguments: Backend.allCases)
    func clientDataIsErasedAfterRetention(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        _ = try await storage.comments.add(new(article, at: -40 * 86400), maxDepth: 5)
        _ = try await storage.comments.add(new(article, body: "recent", at: 0), maxDepth: 5)

        #expect(try await storage.comments.eraseClientData(before: Self.now.addingTimeInterval(-30 * 86400)) == 1)
        #expect(try await storage.comments.eraseClientData(before: Self.now.addingTimeInterval(-30 * 86400)) == 0)
        // The erased comment no longer counts for its IP; the recent one still does.
        let activity = try await screen(
            storage, article: article, email: "z@example.com", ip: "203.0.113.9", network: "203.0.113.0/24",
            looksBack: 50 * 86400, networkLooksBack: 50 * 86400
        ).activity
        #expect(activity.fromNetwork == 1)
    }

    @Test(arguments: Backend.allCases)
    func theScheduledJobErasesClientDataPastRetention(backend: Backend) async throws {
        // Given a comment older than the 30-day retention
        let (storage, article) = try await storageWithArticle(backend)
        _ = try await storage.comments.add(new(article, at: -31 * 86400), maxDepth: 5)
        let scheduler = JobScheduler(claims: storage.jobs, jobs: JobScheduler.standardJobs(storage: storage, comments: { CommentPolicy() }), logger: .init(label: "test"))

        // When the site's scheduled jobs run
        var slots: [String: Int64] = [:]
        let ran = try await scheduler.runDue(at: Self.now, after: &slots)

        // Then its IP address is gone
        #expect(ran.contains("erase-comment-client-data"))
        let activity = try await screen(
            storage, article: article, email: "z@example.com", ip: "203.0.113.9", network: "203.0.113.0/24",
            looksBack: 40 * 86400, networkLooksBack: 40 * 86400
        ).activity
        #expect(activity.fromNetwork == 0 && activity.lastFromSameSource == nil)
    }

    @Test(arguments: Backend.allCases)
    func deletingACommentDeletesItsReplies(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        let root = try await storage.comments.add(new(article), maxDepth: 5)
        _ = try await storage.comments.add(new(article, parent: root.id, body: "reply"), maxDepth: 5)

        #expect(try await storage.comments.delete([root.id]) == 1)
        #expect(try await storage.comments.approvedThreads(articleID: article, page: PageRequest(number: 1, size: 5)).approvedCount == 0)
    }

    @Test(arguments: Backend.allCases)
    func theSchemaRefusesOverlongFields(backend: Backend) async throws {
        let (storage, article) = try await storageWithArticle(backend)
        await #expect(throws: StorageError.self) {
            _ = try await storage.comments.add(new(article, body: String(repeating: "x", count: 10_001)), maxDepth: 5)
        }
    }
}
