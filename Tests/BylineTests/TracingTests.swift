@testable import Byline
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// OpenTelemetry tracing through swift-otel, off unless the standard variables ask for it.
@Suite("Tracing")
struct TracingTests {
    @Test func onlyTheStandardVariablesTurnTracingOn() {
        #expect(!SiteTracing.isRequested(by: [:]))
        #expect(SiteTracing.isRequested(by: ["OTEL_TRACES_EXPORTER": "otlp"]))
        #expect(SiteTracing.isRequested(by: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"]))
        #expect(SiteTracing.isRequested(by: ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"]))
        #expect(!SiteTracing.isRequested(by: ["OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"]))
        #expect(!SiteTracing.isRequested(by: ["OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"]))
    }

    /// A request carrying a W3C traceparent becomes a span of the caller's trace, and the
    /// database work it did is a span inside it, exported as OTLP/HTTP JSON to a collector.
    @Test func aRequestAndItsDatabaseWorkAreExportedAsOneTrace() async throws {
        let collector = try await WebhookReceiver.start()
        defer { collector.stop() }
        let node = try ServerProcess(
            arguments: ["--data-dir", TemporaryDirectory.make()],
            environment: [
                "OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "\(collector.url)/hook", "OTEL_BSP_SCHEDULE_DELAY": "200",
            ]
        )
        try await node.waitUntilServing()
        let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(node.port)/search?q=harbour")!)
        request.setValue("00-\(traceID)-00f067aa0ba902b7-01", forHTTPHeaderField: "traceparent")
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)

        var spans: [Span] = []
        try await waitUntil("the request's spans reach the collector", timeout: .seconds(20), every: .milliseconds(100)) {
            spans = collector.received.withLock { $0 }.flatMap { Span.all(in: $0.body) }.filter { $0.inTrace(traceID) }
            return spans.contains { $0.name.hasPrefix("db.") } && spans.contains { $0.parentSpanID.map { Span.same($0, "00f067aa0ba902b7") } == true }
        }
        let server = try #require(spans.first { $0.parentSpanID.map { Span.same($0, "00f067aa0ba902b7") } == true }, "\(spans)")
        #expect(server.name.contains("search"), "named for its route: \(server.name)")
        #expect(spans.contains { $0.name == "db.read" && $0.parentSpanID.map { Span.same($0, server.spanID) } == true }, "\(spans)")
        #expect(collector.received.withLock { $0 }.allSatisfy { $0.body.contains("\"byline\"") }, "the service is named byline")
    }

    /// An OTLP/HTTP JSON export, as far as these tests read it.
    struct Export: Decodable {
        struct Resource: Decodable { var scopeSpans: [Scope]? }
        struct Scope: Decodable { var spans: [Span]? }
        var resourceSpans: [Resource]
    }

    struct Span: Decodable, CustomStringConvertible {
        var name: String
        var traceId: String
        var spanId: String
        var parentSpanId: String?

        var spanID: String { spanId }
        var parentSpanID: String? { parentSpanId.flatMap { $0.isEmpty ? nil : $0 } }
        var description: String { "\(name) \(traceId)/\(spanId) ← \(parentSpanId ?? "-")" }

        static func all(in json: String) -> [Span] {
            let export = try? JSONDecoder().decode(Export.self, from: Data(json.utf8))
            return (export?.resourceSpans ?? []).flatMap { $0.scopeSpans ?? [] }.flatMap { $0.spans ?? [] }
        }

        func inTrace(_ hex: String) -> Bool { Self.same(traceId, hex) }

        /// IDs are hex in OTLP's JSON, base64 in protobuf's own JSON mapping: either matches.
        static func same(_ encoded: String, _ hex: String) -> Bool {
            if encoded.lowercased() == hex.lowercased() { return true }
            guard let data = Data(base64Encoded: encoded) else { return false }
            return data.map { String(format: "%02x", $0) }.joined() == hex.lowercased()
        }
    }
}
