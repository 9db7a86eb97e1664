import Foundation

/// What an arrival did, for the ingest's report, the queue and the webhook.
public struct WireOutcome: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case created, updated, held, killed, withheld, ignored, failed
    }

    public var kind: Kind
    public var guid: String?
    public var articleID: Int64?
    public var headline: String?
    /// One line: the version it brought, or why it changed nothing.
    public var detail: String

    /// One line of a report: `created “Headline” (article 12): version 6 made a draft`.
    public var line: String {
        let story = headline.map { " “\($0)”" } ?? ""
        let article = articleID.map { " (article \($0))" } ?? ""
        return "\(kind.rawValue)\(story)\(article): \(detail)"
    }

    public init(kind: Kind, guid: String?, articleID: Int64?, headline: String?, detail: String) {
        self.kind = kind
        self.guid = guid
        self.articleID = articleID
        self.headline = headline
        self.detail = detail
    }
}

/// An agency story as the newsroom's wire queue shows it.
public struct WireQueueItem: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case new, updated, held, killed, withheld
    }

    public var id: Int64
    public var guid: String
    public var source: String
    public var format: String
    public var articleID: Int64?
    public var agencyVersion: Int?
    public var versionCreated: Date?
    public var state: State
    public var headline: String
    public var editorialNote: String?
    public var embargoedUntil: Date?
    /// A held update's version, waiting for an editor.
    public var pendingVersion: Int?
    public var receivedAt: Date
    public var updatedAt: Date
}

/// One arrival, as the log keeps it: what came, from where, and what it did.
public struct WireLogEntry: Sendable, Equatable {
    public var receivedAt: Date
    public var source: String
    public var origin: String
    public var guid: String?
    public var agencyVersion: Int?
    public var outcome: WireOutcome.Kind
    public var detail: String
}

public protocol WireRepository: Sendable {
    func sources() async throws -> [WireSource]
    func source(named name: String) async throws -> WireSource?
    /// Creates the source, or replaces the one with its name.
    func saveSource(_ source: WireSource, now: Date) async throws
    func deleteSource(named name: String) async throws -> Bool
    /// Applies one item: creates or updates its article, holds an update the newsroom must
    /// merge, takes a killed story down, or changes nothing, and logs what it did.
    func ingest(_ item: WireItem, source: WireSource, origin: String, now: Date) async throws -> WireOutcome
    /// Logs a document that could not be read.
    func logFailure(source: String, origin: String, reason: String, now: Date) async throws
    func queue(state: WireQueueItem.State?, source: String?, page: PageRequest) async throws -> Page<WireQueueItem>
    func item(guid: String) async throws -> WireQueueItem?
    func item(id: Int64) async throws -> WireQueueItem?
    /// The agency story an article came from, for the editor's notes and a held update.
    func item(articleID: Int64) async throws -> WireQueueItem?
    /// A held update, as the document the wire would have saved.
    func pendingDocument(id: Int64) async throws -> ArticleDocument?
    /// Ends a hold: the update was applied (as this article version), or the newsroom kept its
    /// own text. Either way its version counts as received; false when nothing was held.
    func settleHeld(id: Int64, appliedAsVersion articleVersion: Int?, now: Date) async throws -> Bool
    func heldCount() async throws -> Int
    /// The latest arrivals, newest first, failures included.
    func log(outcome: WireOutcome.Kind?, limit: Int) async throws -> [WireLogEntry]
}
