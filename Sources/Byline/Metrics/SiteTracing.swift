import Synchronization
import Tracing

/// Tracing of requests and database work through swift-distributed-tracing, exported by
/// swift-otel when an operator asks for it with the standard `OTEL_*` variables. Off, nothing
/// is traced and nothing costs: the flag is read once per unit of database work, and the
/// request middleware is not even installed.
public enum SiteTracing {
    private static let on = Atomic<Bool>(false)

    /// Set once at start-up, after the tracer is bootstrapped.
    public static func enable() { on.store(true, ordering: .relaxed) }

    public static var isOn: Bool { on.load(ordering: .relaxed) }

    /// Whether the environment asks for traces: an exporter or an OTLP endpoint named, and the
    /// SDK not disabled. OpenTelemetry's own default exporter is OTLP, but a Byline that nobody
    /// asked to trace sends nothing anywhere.
    public static func isRequested(by environment: [String: String]) -> Bool {
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" { return false }
        if let exporter = environment["OTEL_TRACES_EXPORTER"]?.lowercased() { return exporter != "none" && !exporter.isEmpty }
        return ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"].contains { !(environment[$0] ?? "").isEmpty }
    }

    /// `work` inside a client span named for the database operation, when tracing is on.
    static func database<T>(_ operation: String, _ work: () async throws -> T) async throws -> T {
        guard isOn else { return try await work() }
        return try await withSpan("db.\(operation)", ofKind: .client) { span in
            span.attributes["db.operation.name"] = operation
            return try await work()
        }
    }
}
