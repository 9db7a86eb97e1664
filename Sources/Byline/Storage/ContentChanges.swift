import Foundation
import Synchronization

/// What changed, named by keys that caches file their entries under (`article-12`,
/// `taxonomy`, …). `*` means anything may have changed, for when a node cannot know.
public struct ContentChange: Sendable, Hashable, Codable {
    public var keys: Set<String>

    public init(keys: Set<String>) { self.keys = keys }

    public static let everything = ContentChange(keys: ["*"])
    public static let taxonomyKey = "taxonomy"
    public static let listingsKey = "listings"
    /// The site settings changed: every node reloads them.
    public static let settingsKey = "settings"

    public func affects(_ key: String) -> Bool { keys.contains("*") || keys.contains(key) }

    /// The keys touched when an article's visible comments change.
    static func comments(articleID: Int64) -> ContentChange {
        ContentChange(keys: ["article-\(articleID)", "comments-\(articleID)"])
    }

    /// The keys touched when an article is deleted: its page, its comments, and every listing.
    static func deleted(articleID: Int64) -> ContentChange {
        ContentChange(keys: ["article-\(articleID)", "comments-\(articleID)", listingsKey])
    }

    /// The keys touched by saving articles; nil when nothing changed.
    static func saved(_ outcomes: [ArticleSaveOutcome]) -> ContentChange? {
        let changed = outcomes.filter { $0.change != .unchanged }
        guard !changed.isEmpty else { return nil }
        // A save can create sections, tags and authors, and moves stories in every listing.
        return ContentChange(keys: Set(changed.map { "article-\($0.id)" }).union([taxonomyKey, listingsKey]))
    }
}

/// Hands every change to every subscriber on this node.
///
/// Backends publish into it: SQLite after its own commits and when another process wrote
/// to the file; PostgreSQL for each NOTIFY from any node, this one included.
public final class ChangeBroadcaster: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<ContentChange>.Continuation]>([:])

    public init() {}

    public func publish(_ change: ContentChange) {
        subscribers.withLock { subscribers in
            for continuation in subscribers.values { continuation.yield(change) }
        }
    }

    /// Changes published from now on, until the stream is dropped.
    public func subscribe() -> AsyncStream<ContentChange> {
        let (stream, continuation) = AsyncStream<ContentChange>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }
}
