@testable import Byline
import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The promise readers and editors rely on: once the site has said "thank you" (a comment's
/// 303, a save's 201), it is on disk exactly once, whatever happens next; and what it refused
/// is not. Proven by crashing the server process (SQLite) or the database server (PostgreSQL)
/// while comments and saves are arriving.
@Suite("Crash safety")
struct CrashSafetyTests {
    @Test func aKilledNodeLosesNoAcknowledgedCommentOrSave() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")])
        let (_, token) = try await APITokenAdministration(tokens: site.storage.apiTokens).create(name: "desk", role: .editor)
        let arguments = ["--data-dir", site.configuration.dataDirectory, "--no-demo", "--trusted-proxies", "127.0.0.1", "--base-url", "http://127.0.0.1"]
        let server = try ServerProcess(arguments: arguments)
        try await server.waitUntilServing()

        let ledger = try await Self.drill(server, token: token) { server.killAbruptly() }
        try await Self.expectKept(ledger, in: try await openStorage(site.configuration))

        // And the site starts again on what was left.
        let restarted = try ServerProcess(arguments: arguments)
        try await restarted.waitUntilServing()
        #expect(try await restarted.get("/readyz").status == 200)
        #expect(try await restarted.get(RouterTests.articlePath).status == 200)
    }

    @Test func aCrashedPostgreSQLLosesNoAcknowledgedCommentOrSave() async throws {
        let environment = ProcessInfo.processInfo.environment
        let url = try #require(environment["BYLINE_TEST_CRASH_POSTGRES_URL"], "the crash cluster is missing: run the tests with make test (scripts/with-postgres.sh)")
        let kill = try #require(environment["BYLINE_TEST_CRASH_KILL"])
        let start = try #require(environment["BYLINE_TEST_CRASH_START"])
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")], database: url)
        let (_, token) = try await APITokenAdministration(tokens: site.storage.apiTokens).create(name: "desk", role: .editor)
        // Requests caught by the crash wait this long for their 503, under the client's 10 s.
        let server = try ServerProcess(arguments: [
            "--database", url, "--database-timeout", "6", "--no-demo", "--trusted-proxies", "127.0.0.1", "--base-url", "http://127.0.0.1",
        ])
        try await server.waitUntilServing()

        let ledger = try await Self.drill(server, token: token) { try ServerProcess.shell(kill) }
        defer { try? ServerProcess.shell(start) }
        try ServerProcess.shell(start)
        // The same node, without a restart, serves again once its database has recovered.
        let recovered = await server.waitFor("/readyz", within: .seconds(30)) { $0.status == 200 }
        #expect(recovered != nil, "\(server.log.suffix(2000))")
        try await Self.expectKept(ledger, in: try await openStorage(site.configuration))
        #expect(try await server.get(RouterTests.articlePath).status == 200)
    }

    // MARK: The drill

    /// What was sent and what the site answered.
    final class Ledger: Sendable {
        private let state = Mutex<(acknowledged: [String], refused: [String], saved: [String], crashed: Bool)>(([], [], [], false))
        func acknowledge(_ comment: String) { state.withLock { $0.acknowledged.append(comment) } }
        func refuse(_ comment: String) { state.withLock { $0.refused.append(comment) } }
        func save(_ headline: String) { state.withLock { $0.saved.append(headline) } }
        func crash() { state.withLock { $0.crashed = true } }
        var acknowledged: [String] { state.withLock { $0.acknowledged } }
        var refused: [String] { state.withLock { $0.refused } }
        var saved: [String] { state.withLock { $0.saved } }
        var crashed: Bool { state.withLock { $0.crashed } }
    }

    /// 300 comments (one in ten refused for having no name) and 40 saves through the Content API,
    /// all at once; `crash` strikes once sixty comments and a save have been acknowledged (or after 90 s). After it nothing
    /// new is sent, so that the drill ends without waiting out every request's timeout.
    static func drill(_ server: ServerProcess, token: String, crash: @escaping @Sendable () throws -> Void) async throws -> Ledger {
        let page = try await server.get(RouterTests.articlePath).body
        func hidden(_ name: String) -> String {
            guard let range = page.range(of: "name=\"\(name)\" value=\"") else { return "" }
            return String(page[range.upperBound...].prefix { $0 != "\"" })
        }
        let form = ["comment_post_ID": hidden("comment_post_ID"), "_token": hidden("_token"), "comment_parent": "0", "url": ""]
        #expect(!form["_token", default: ""].isEmpty)

        let ledger = Ledger()
        let session = URLSession(configuration: .ephemeral)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask {
                    if ledger.crashed { return }
                    var fields = form
                    fields["author"] = index % 10 == 9 ? "" : "Reader \(index)"
                    fields["email"] = "reader\(index)@example.com"
                    fields["comment"] = "Durable comment number \(index)."
                    // Each reader from their own network, past the flood and rate limits.
                    let ip = "10.\(index / 200).\(index % 200).1"
                    let status = try? await server.postForm("/comments", fields, headers: ["X-Forwarded-For": ip], session: session)
                    if status == 200 { ledger.acknowledge(fields["comment"]!) }
                    if status == 422 { ledger.refuse(fields["comment"]!) }
                }
            }
            for index in 0..<40 {
                group.addTask {
                    if ledger.crashed { return }
                    let headline = "Durable save number \(index)"
                    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/api/v1/articles")!)
                    request.httpMethod = "POST"
                    request.timeoutInterval = 10
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                    request.httpBody = Data(#"{"headline": "\#(headline)", "authors": ["Wire Desk"], "section": "World", "body": "Copy \#(index)."}"#.utf8)
                    let response = try? await session.data(for: request).1 as? HTTPURLResponse
                    if response?.statusCode == 201 { ledger.save(headline) }
                }
            }
            group.addTask {
                // Strike while comments and saves are still arriving: once sixty comments and a save
                // are acknowledged, or at whatever a machine loaded by the rest of the suite reached
                // in a minute and a half (saves, slower than comments, may lag far behind them).
                try? await waitUntil("sixty comments and a save are acknowledged", timeout: .seconds(90), every: .milliseconds(5)) {
                    ledger.acknowledged.count >= 60 && !ledger.saved.isEmpty
                }
                ledger.crash()
                try? crash()
            }
        }
        #expect(ledger.acknowledged.count >= 10, "too few comments were acknowledged before the crash for the drill to mean anything")
        #expect(!ledger.saved.isEmpty, "some saves were acknowledged before the crash")
        return ledger
    }

    /// Every acknowledged comment and save is stored exactly once; no refused comment is.
    static func expectKept(_ ledger: Ledger, in storage: Storage) async throws {
        var stored: [String] = []
        for status in Byline.Comment.Status.allCases {
            stored += try await storage.comments.comments(status: status, articleID: nil, limit: 1000).map(\.body)
        }
        let lost = ledger.acknowledged.filter { !stored.contains($0) }
        #expect(lost.isEmpty, "acknowledged but lost: \(lost)")
        let twice = Dictionary(grouping: stored, by: { $0 }).filter { $0.value.count > 1 }.keys
        #expect(twice.isEmpty, "stored more than once: \(twice.sorted())")
        #expect(!ledger.refused.isEmpty && ledger.refused.allSatisfy { !stored.contains($0) }, "a refused comment was stored")

        let headlines = try await storage.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 500)).items.map(\.headline)
        let lostSaves = ledger.saved.filter { !headlines.contains($0) }
        #expect(lostSaves.isEmpty, "saved but lost: \(lostSaves)")
        let savedTwice = Dictionary(grouping: headlines.filter { $0.hasPrefix("Durable save") }, by: { $0 }).filter { $0.value.count > 1 }.keys
        #expect(savedTwice.isEmpty, "saved more than once: \(savedTwice.sorted())")
    }
}
