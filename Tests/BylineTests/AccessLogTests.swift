@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import Synchronization
import Testing

/// Log lines a test can read back.
final class CapturedLog: Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    let lines = Mutex<[Line]>([])

    var logger: Logger {
        var logger = Logger(label: "byline") { _ in Handler(log: self) }
        logger.logLevel = .info
        return logger
    }

    var access: [Line] { lines.withLock { $0.filter { $0.metadata["log"] == "access" } } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }.mapValues(\.description)
            log.lines.withLock { $0.append(Line(level: event.level, message: event.message.description, metadata: merged)) }
        }
    }
}

@Suite("The access log and request IDs")
struct AccessLogTests {
    static let articlePath = RouterTests.articlePath
    static let requestID = HTTPField.Name("X-Request-ID")!

    private func site(trustedProxies: [IPRange] = [], accessLog: Bool = true) async throws -> TestSite {
        var site = try await TestSite.make(articles: [Fixtures.article("talks-resume")])
        site.configuration.comments.trustedProxies = trustedProxies
        site.configuration.accessLog = accessLog
        return site
    }

    /// Over a live server, so that the page cache's hits are answered in the channel pipeline.
    @Test func everyRequestIsOneLineWithTheIDItsAnswerCarries() async throws {
        let site = try await site()
        let captured = CapturedLog()
        try await buildApplication(site.configuration, storage: site.storage, logger: captured.logger).test(.live) { client in
            let miss = try await client.execute(uri: Self.articlePath, method: .get, headers: [.userAgent: "Feedfetcher/1.0"])
            let hit = try await client.execute(uri: Self.articlePath, method: .get)
            let missing = try await client.execute(uri: "/no-such-page", method: .get)
            let ids = [miss, hit, missing].compactMap { $0.headers[Self.requestID] }
            #expect(ids.count == 3 && Set(ids).count == 3, "each answer has an ID of its own: \(ids)")
            #expect(hit.headers[CachedPage.cacheStatus] == "hit")

            let lines = captured.access
            #expect(lines.count == 3, "\(lines.map(\.message))")
            #expect(lines.map(\.message) == ["GET \(Self.articlePath) 200", "GET \(Self.articlePath) 200", "GET /no-such-page 404"])
            #expect(lines.map { $0.metadata["hb.request.id"] } == ids)
            #expect(lines.map { $0.metadata["cache"] } == ["miss", "hit", nil])
            let first = try #require(lines.first)
            #expect(first.metadata["user_agent"] == "Feedfetcher/1.0")
            #expect(first.metadata["client"] == "127.0.0.1")
            #expect(first.metadata["bytes"] == String(miss.body.readableBytes))
            #expect(Double(first.metadata["ms"] ?? "") != nil)
        }
    }

    @Test func whatARequestLogsCarriesItsID() async throws {
        var site = try await site()
        site.storage.health = RouterTests.UnreachableDatabase()
        let captured = CapturedLog()
        try await buildApplication(site.configuration, storage: site.storage, logger: captured.logger).test(.router) { client in
            let ready = try await client.execute(uri: "/readyz", method: .get)
            let id = try #require(ready.headers[Self.requestID])
            let warning = try #require(captured.lines.withLock { $0.first { $0.message.hasPrefix("not ready") } })
            #expect(warning.metadata["hb.request.id"] == id)
            #expect(captured.access.last?.metadata["hb.request.id"] == id)
        }
    }

    /// A proxy's ID lets its log and ours be read together; anyone else could use the header
    /// to make unrelated lines look related, so theirs is replaced.
    @Test func anIDIsTakenOnlyFromATrustedProxyAndOnlyWhenItIsSane() async throws {
        let trusted = try await site(trustedProxies: [IPRange("127.0.0.1/32")!])
        try await trusted.testLive { client in
            let kept = try await client.execute(uri: "/healthz", method: .get, headers: [Self.requestID: "edge-7f3a.42_1"])
            #expect(kept.headers[Self.requestID] == "edge-7f3a.42_1")
            let forged = try await client.execute(uri: "/healthz", method: .get, headers: [Self.requestID: "x\" status=500"])
            #expect(forged.headers[Self.requestID] != "x\" status=500")
            #expect(forged.headers[Self.requestID].map(AccessLog.isSane) == true)
        }
        let untrusted = try await site()
        try await untrusted.testLive { client in
            let replaced = try await client.execute(uri: "/healthz", method: .get, headers: [Self.requestID: "edge-7f3a"])
            #expect(replaced.headers[Self.requestID] != "edge-7f3a")
        }
    }

    @Test func turnedOffNothingIsLoggedButAnswersStillHaveIDs() async throws {
        let site = try await site(accessLog: false)
        let captured = CapturedLog()
        try await buildApplication(site.configuration, storage: site.storage, logger: captured.logger).test(.live) { client in
            let first = try await client.execute(uri: Self.articlePath, method: .get)
            let hit = try await client.execute(uri: Self.articlePath, method: .get)
            #expect(first.headers[Self.requestID] != nil && hit.headers[Self.requestID] != nil)
        }
        #expect(captured.access.isEmpty)
    }

    @Test func jsonLinesAreOneObjectEachWithTheMetadataAsFields() throws {
        let written = Mutex<[String]>([])
        var logger = Logger(label: "byline") { label in JSONLogHandler(label: label) { line in written.withLock { $0.append(line) } } }
        logger[metadataKey: "hb.request.id"] = "abc123"
        logger.info("a \"quoted\"\nsecond line", metadata: ["status": "200"])
        logger.debug("below the level")
        let lines = written.withLock { $0 }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(!line.contains("\n"), "one line, whatever the message holds")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["message"] == "a \"quoted\"\nsecond line")
        #expect(object["level"] == "info" && object["label"] == "byline")
        #expect(object["hb.request.id"] == "abc123" && object["status"] == "200")
        #expect(object["time"].flatMap(ISO8601.parse) != nil)
    }

    @Test func serveWritesJSONLinesWhenAsked() async throws {
        let node = try ServerProcess(arguments: ["--data-dir", TemporaryDirectory.make(), "--log-format", "json"])
        try await node.waitUntilServing()
        #expect(try await node.get("/").status == 200)
        let deadline = ContinuousClock.now + .seconds(10)
        while !node.log.contains("\"log\":\"access\""), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let objects = node.log.split(separator: "\n").filter { $0.hasPrefix("{") }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
        }
        #expect(objects.contains { $0["message"]?.hasPrefix("applied migration") == true || $0["message"]?.contains("listening") == true })
        let access = try #require(objects.first { $0["log"] == "access" }, "\(node.log.suffix(2000))")
        #expect(access["message"] == "GET / 200" && access["status"] == "200" && access["hb.request.id"] != nil)
    }
}
