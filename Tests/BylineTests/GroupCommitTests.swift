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

    /// The promise a reader relies on: once the site said "thank you", the comment is on disk,
    /// whatever happens to the process next.
    @Test
    func everyAcknowledgedCommentSurvivesTheProcessBeingKilled() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")])
        let server = try ServerProcess(arguments: [
            "--data-dir", site.configuration.dataDirectory, "--no-demo", "--trusted-proxies", "127.0.0.1", "--base-url", "http://127.0.0.1",
        ])
        try await server.waitUntilServing()
        let page = try await server.get(RouterTests.articlePath).body
        func hidden(_ name: String) -> String {
            guard let range = page.range(of: "name=\"\(name)\" value=\"") else { return "" }
            return String(page[range.upperBound...].prefix { $0 != "\"" })
        }
        let form = ["comment_post_ID": hidden("comment_post_ID"), "_token": hidden("_token"), "comment_parent": "0", "url": ""]
        #expect(!form["_token", default: ""].isEmpty)

        let acknowledged = Acknowledgements()
        let refused = Acknowledgements()
        let session = URLSession(configuration: .ephemeral)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask {
                    var fields = form
                    // One in ten has no name: the site refuses it, and it must never appear.
                    fields["author"] = index % 10 == 9 ? "" : "Reader \(index)"
                    fields["email"] = "reader\(index)@example.com"
                    fields["comment"] = "Durable comment number \(index)."
                    // Each reader from their own network, past the flood and rate limits.
                    let ip = "10.\(index / 200).\(index % 200).1"
                    let status = try? await server.postForm("/comments", fields, headers: ["X-Forwarded-For": ip], session: session)
                    if status == 200 { acknowledged.add(fields["comment"]!) }
                    if status == 422 { refused.add(fields["comment"]!) }
                }
            }
            group.addTask {
                // Pull the plug while comments are still arriving.
                try? await waitUntil("sixty comments are acknowledged", every: .milliseconds(5)) { acknowledged.all.count >= 60 }
                server.killAbruptly()
            }
        }
        let promised = acknowledged.all
        #expect(promised.count >= 60)

        let reopened = try await openStorage(site.configuration)
        var stored: [String] = []
        for status in Byline.Comment.Status.allCases {
            stored += try await reopened.comments.comments(status: status, articleID: nil, limit: 1000).map(\.body)
        }
        let lost = promised.filter { !stored.contains($0) }
        #expect(lost.isEmpty, "acknowledged but lost: \(lost)")
        let twice = Dictionary(grouping: stored, by: { $0 }).filter { $0.value.count > 1 }.keys
        #expect(twice.isEmpty, "stored more than once: \(twice.sorted())")
        #expect(!refused.all.isEmpty && refused.all.allSatisfy { !stored.contains($0) }, "a refused comment was stored")

        // And the site starts again on what was left.
        let restarted = try ServerProcess(arguments: [
            "--data-dir", site.configuration.dataDirectory, "--no-demo", "--base-url", "http://127.0.0.1",
        ])
        try await restarted.waitUntilServing()
        #expect(try await restarted.get("/readyz").status == 200)
        #expect(try await restarted.get(RouterTests.articlePath).status == 200)
    }
}

/// The comments the site has said "thank you" for, gathered from many tasks.
private final class Acknowledgements: Sendable {
    private let bodies = Mutex<[String]>([])
    func add(_ body: String) { bodies.withLock { $0.append(body) } }
    var all: [String] { bodies.withLock { $0 } }
}
