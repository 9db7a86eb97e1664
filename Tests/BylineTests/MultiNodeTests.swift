import Byline
import Foundation
import Testing

/// Several real `byline serve` processes sharing one PostgreSQL database, as behind a load balancer.
@Suite("Several nodes on PostgreSQL", .serialized)
struct MultiNodeTests {
    private func importing(_ object: Any, database: String) throws {
        let path = TemporaryDirectory.make() + "/article.json"
        try Fixtures.json(object).write(to: URL(fileURLWithPath: path))
        #expect(try ServerProcess.run(["articles", "import", path, "--database", database]).status == 0)
    }

    /// Runs a shell command to completion. `system` rather than `Process`, whose
    /// `waitUntilExit` can miss the exit of a command that starts a daemon.
    // MARK: Tests

    @Test func twoNodesStartingTogetherMigrateOnceAndShareChangesWithinASecond() async throws {
        // Given an empty database and two nodes started at the same moment
        let database = try await TestPostgres.shared.makeEmptyDatabase()
        let a = try ServerProcess(arguments: ["--database", database, "--no-demo"])
        let b = try ServerProcess(arguments: ["--database", database, "--no-demo"])
        try await a.waitUntilServing()
        try await b.waitUntilServing()

        // Then exactly one of them applied the migrations
        let applied = [a.log, b.log].map { $0.occurrences(of: "applied migration 0001-articles") }
        #expect(applied.sorted() == [0, 1], "\(applied)")
        #expect(try await b.get("/").status == 200)

        // When an article in a new section is published through node A's database
        try importing(Fixtures.importObject(slug: "late-goal", overrides: ["section": "Sport", "headline": "Late goal wins the cup"]), database: database)

        // Then node B serves it, and its cached navigation shows the new section, within a second
        let path = "/sport/2019/12/03/late-goal"
        let served = await b.waitFor(path, within: .seconds(1)) { $0.status == 200 && $0.body.contains("Late goal wins the cup") }
        #expect(served != nil, "node B did not serve the new article within a second")
        let navigation = await b.waitFor("/", within: .seconds(1)) { $0.body.contains(">Sport</a>") }
        #expect(navigation != nil, "node B's navigation did not show the new section within a second")

        // When the article is edited, node B serves the edit within a second
        try importing(Fixtures.importObject(slug: "late-goal", overrides: ["section": "Sport", "headline": "Late goal wins the cup for Harwick"]), database: database)
        let edited = await b.waitFor(path, within: .seconds(1)) { $0.body.contains("Late goal wins the cup for Harwick") }
        #expect(edited != nil, "node B did not serve the edit within a second")
    }

    @Test func twoNodesWatchingOneInboxTakeEachFileOnce() async throws {
        // Given two nodes on one database watching one folder
        let database = try await TestPostgres.shared.makeEmptyDatabase()
        let folder = TemporaryDirectory.make()
        let a = try ServerProcess(arguments: ["--database", database, "--no-demo", "--wire-inbox", folder])
        let b = try ServerProcess(arguments: ["--database", database, "--no-demo", "--wire-inbox", folder])
        try await a.waitUntilServing()
        try await b.waitUntilServing()

        // When twenty agency stories are dropped in at once (written aside, then moved in whole)
        let template = String(decoding: try WireFixtures.data("ninjs-2.json"), as: UTF8.self)
        for number in 1...20 {
            let story = template.replacingOccurrences(of: "f1d7a6c2-2b7e-4c43-9a51-0a8d4d1c2e77", with: "story-\(number)")
                .replacingOccurrences(of: "Kommunen har kjøpt giganttomt", with: "Sak nummer \(number)")
            let aside = folder + "/.story-\(number).json"
            try Data(story.utf8).write(to: URL(fileURLWithPath: aside))
            try FileManager.default.moveItem(atPath: aside, toPath: folder + "/story-\(number).json")
        }

        // Then every file is taken in exactly once, by one node or the other
        let done = URL(fileURLWithPath: folder + "/done")
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline, ((try? FileManager.default.contentsOfDirectory(atPath: done.path)) ?? []).count < 20 {
            try await Task.sleep(for: .milliseconds(200))
        }
        let finished = ((try? FileManager.default.contentsOfDirectory(atPath: done.path)) ?? []).sorted()
        let refused = ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/failed")) ?? []).sorted()
        #expect(finished == (1...20).map { "story-\($0).json" }.sorted(), "done: \(finished); failed: \(refused)\n\(a.log)\n\(b.log)")
        var input = Configuration.Input()
        input[.database] = database
        input.noDemo = true
        let storage = try await openStorage(try Configuration.resolve(input, environment: [:]))
        let log = try await storage.wire.log(outcome: nil, limit: 100)
        let described = log.map { "\($0.outcome) \($0.origin): \($0.detail)" }
        // One story each. A write that outlasted the database timeout is tried again by the node
        // that claimed the file, and finds its version already in: logged as ignored, stored once.
        let created = log.filter { $0.outcome == .created }
        #expect(created.count == 20 && Set(created.compactMap(\.guid)).count == 20, "\(described)")
        #expect(log.allSatisfy { $0.outcome == .created || $0.outcome == .ignored && $0.detail.hasSuffix("not newer than version 6, which Byline already has") }, "\(described)")
        #expect(try await storage.wire.queue(state: .new, source: nil, page: PageRequest(number: 1, size: 50)).totalCount == 20)
    }

    @Test func whenPostgreSQLStopsTheNodeAnswers503AndRecoversWithoutARestart() async throws {
        guard let base = ProcessInfo.processInfo.environment["BYLINE_TEST_OUTAGE_POSTGRES_URL"],
            let stop = ProcessInfo.processInfo.environment["BYLINE_TEST_OUTAGE_STOP"],
            let start = ProcessInfo.processInfo.environment["BYLINE_TEST_OUTAGE_START"]
        else {
            Issue.record("the outage cluster is missing: run the tests with make test (scripts/with-postgres.sh)")
            return
        }
        // Given a node serving from the outage cluster
        let database = try TestPostgres.url(database: "postgres", base: base)
        // More than the default 5 s: starting (migrations, demo content) on a loaded test
        // machine once outlasted it. During the outage each page waits this long for its 503,
        // under the client's 10 s.
        let node = try ServerProcess(arguments: ["--database", database, "--database-timeout", "8"])
        try await node.waitUntilServing()
        #expect(try await node.get("/").status == 200)
        #expect(try await node.get("/readyz").status == 200)

        // When PostgreSQL stops
        try ServerProcess.shell(stop)
        defer { try? ServerProcess.shell(start) }

        // Then pages that need the database answer 503 and /readyz fails, and the process stays
        // up; the front page, already in the page cache, is still served. (The query string
        // makes a page the cache has not seen.)
        let unavailable = await node.waitFor("/?uncached", within: .seconds(20)) { $0.status == 503 && $0.body.contains("Temporarily unavailable") }
        #expect(unavailable != nil, "\(node.log.suffix(3000))")
        #expect(try await node.get("/readyz").status == 503)
        #expect(try await node.get("/healthz").status == 200)
        #expect(try await node.get("/").status == 200)

        // When PostgreSQL is back, the same process serves again
        try ServerProcess.shell(start)
        let recovered = await node.waitFor("/?uncached", within: .seconds(20)) { $0.status == 200 }
        #expect(recovered != nil, "the node did not recover: \(node.log.suffix(2000))")
        #expect(try await node.get("/readyz").status == 200)
    }

    @Test func aFailedConnectionIsOneLineWithHostPortAndDatabaseButNoPassword() throws {
        let port = Ports.free()
        let ended = try ServerProcess.run(["migrate", "--database", "postgres://editor:very-secret-pw@127.0.0.1:\(port)/newsroom?sslmode=disable"])
        let message = ended.errors

        #expect(ended.status == 1)
        #expect(message.hasPrefix("byline: cannot use PostgreSQL at 127.0.0.1:\(port), database newsroom: "), "\(message)")
        #expect(message.split(separator: "\n").count == 1)
        #expect(!message.contains("very-secret-pw"))
    }
}
