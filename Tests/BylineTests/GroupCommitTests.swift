@testable import Byline
import Foundation
import GRDB
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Durable comments, committed in groups")
struct GroupCommitTests {
    private static func comment(_ articleID: Int64, _ body: String, parent: Int64? = nil) -> NewComment {
        NewComment(
            articleID: articleID, parentID: parent, authorName: "Reader", authorEmail: "reader@example.com", authorURL: nil, body: body,
            status: .approved, reason: "", ip: "203.0.113.9", userAgent: nil, createdAt: Date()
        )
    }

    @Test
    func commentsArrivingTogetherShareOneTransactionAndARefusalSinksNoOther() async throws {
        let path = TemporaryDirectory.make() + "/byline.sqlite"
        let (database, _) = try SQLiteDatabase.open(path: path)
        let storage = database.storage(isNew: true, changes: ChangeBroadcaster())
        let article = try #require(try await storage.articles.save([Fixtures.article("talks-resume")], now: Fixtures.publishedAt).first).id
        let committer = SQLiteGroupCommitter(writer: database.writer)
        let comments = CommentSQLRepository(database: SQLiteConnections(writer: database.writer, changes: ChangeBroadcaster(), committer: committer))

        // Hold the writer, as a commit waiting for the disk would, while twenty readers post.
        let gate = DispatchSemaphore(value: 0)
        let holding = Mutex(false)
        let holder = Task {
            try await database.writer.write { _ in
                holding.withLock { $0 = true }
                gate.wait()
            }
        }
        try await waitUntil("the writer is held") { holding.withLock { $0 } }
        let outcomes = Task {
            await withTaskGroup(of: Bool.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        // One reply to a comment that does not exist: refused, alone.
                        let parent: Int64? = index == 7 ? 999_999 : nil
                        return (try? await comments.add(Self.comment(article, "comment \(index)", parent: parent), maxDepth: 5)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
        }
        try await waitUntil("twenty comments wait for the writer") { committer.waitingCount >= 20 }
        gate.signal()
        try await holder.value
        let results = await outcomes.value

        #expect(results.filter { $0 }.count == 19)
        #expect(committer.transactionCount <= 2, "twenty comments, \(committer.transactionCount) transactions")
        let stored = try await comments.comments(status: .approved, articleID: article, limit: 100)
        #expect(Set(stored.map(\.body)) == Set((0..<20).filter { $0 != 7 }.map { "comment \($0)" }))
    }

    @Test
    func theGroupTransactionSyncsInFullAndTheRestOfTheSiteStaysNormal() async throws {
        let path = TemporaryDirectory.make() + "/byline.sqlite"
        let (database, _) = try SQLiteDatabase.open(path: path)
        let committer = SQLiteGroupCommitter(writer: database.writer)
        let during = try await committer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        let after = try await database.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(during == 2, "FULL")
        #expect(after == 1, "NORMAL")
    }
}
