import Foundation

/// Takes in an agency document from wherever it came (the watched folder, the push endpoint,
/// the command line): reads it, finds the source for each story, and applies each one.
public struct WireIngest: Sendable {
    public let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    /// What the caller asked for: a configured source's name (else the item's own agency),
    /// and a policy that overrides the source's.
    public struct Request: Sendable {
        public var source: String?
        public var policy: WireSource.Policy?
        /// Where the document came from, for the log: a file name, "push", "command line".
        public var origin: String

        public init(source: String? = nil, policy: WireSource.Policy? = nil, origin: String) {
            self.source = source
            self.policy = policy
            self.origin = origin
        }
    }

    /// Each story's outcome; a document that can't be read throws its one-line reason, and
    /// is logged as failed.
    public func ingest(_ data: Data, name: String, _ request: Request, now: Date = Date()) async throws -> [WireOutcome] {
        let items: [WireItem]
        do {
            items = try WireItem.read(data, name: name)
        } catch {
            try await storage.wire.logFailure(source: request.source ?? "unknown", origin: request.origin, reason: error.reason, now: now)
            SiteMetrics.wireItem(outcome: WireOutcome.Kind.failed.rawValue)
            throw error
        }
        var outcomes: [WireOutcome] = []
        var sources: [String: WireSource] = [:]
        for item in items {
            let name = request.source ?? item.provider ?? "Wire"
            let source: WireSource
            if let known = sources[name] { source = known } else { source = try await self.source(named: name, request); sources[name] = source }
            let outcome = try await storage.wire.ingest(item, source: source, origin: request.origin, now: now)
            SiteMetrics.wireItem(outcome: outcome.kind.rawValue)
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// The configured source of this name, or, for an agency nobody configured, one that credits
    /// it by its own name, leaves its copy for an editor and files it in the site's first section.
    func source(named name: String, _ request: Request) async throws -> WireSource {
        var source = if let configured = try await storage.wire.source(named: name) {
            configured
        } else {
            WireSource(name: name, policy: .draft, section: try await storage.taxonomy.sections().first?.slug ?? "news")
        }
        if let policy = request.policy { source.policy = policy }
        return source
    }
}
