import Crypto
import Foundation

/// What a webhook can be told about.
public enum WebhookEvent: String, Sendable, CaseIterable, Codable {
    case articlePublished = "article.published"
    case articleUpdated = "article.updated"
    case articleUnpublished = "article.unpublished"
    case commentHeld = "comment.held"
    /// Pages changed: the payload names their `Surrogate-Key`s, for purging a CDN by key.
    case cachePurge = "cache.purge"
    /// An agency item arrived: what it did (created, updated, held, killed, ignored).
    case wireReceived = "wire.received"

    /// What the event means, for the administrator choosing which ones a webhook is sent.
    public var name: Message {
        switch self {
        case .articlePublished: Message("A story is published")
        case .articleUpdated: Message("A published story is updated")
        case .articleUnpublished: Message("A published story is unpublished")
        case .commentHeld: Message("A comment waits for moderation")
        case .cachePurge: Message("Cached pages change")
        case .wireReceived: Message("An agency item arrives")
        }
    }

    /// The event a save makes, from the status before (nil for a new article) and after.
    static func forSave(before: Article.Status?, after: Article.Status) -> WebhookEvent? {
        switch (before, after) {
        case (.published?, .published): .articleUpdated
        case (_, .published): .articlePublished
        case (.published?, .draft): .articleUnpublished
        default: nil
        }
    }
}

/// The body of a delivery. It names what changed and never carries a commenter's email.
enum WebhookPayload {
    static func article(_ event: WebhookEvent, id: Int64, slug: String, headline: String, at date: Date) -> String {
        json(event, at: date, data: ["articleId": JSONValue(Int(id)), "slug": JSONValue(slug), "headline": JSONValue(headline), "apiPath": JSONValue(SiteURL.api(.article(.value(String(id)))).path)])
    }

    static func heldComment(id: Int64, articleID: Int64, authorName: String, at date: Date) -> String {
        json(.commentHeld, at: date, data: ["commentId": JSONValue(Int(id)), "articleId": JSONValue(Int(articleID)), "authorName": JSONValue(authorName), "adminPath": JSONValue(SiteURL.admin(.comments).path)])
    }

    static func wire(_ outcome: WireOutcome, source: String, version: Int?, at date: Date) -> String {
        var data: [String: JSONValue] = ["source": JSONValue(source), "outcome": JSONValue(outcome.kind.rawValue), "detail": JSONValue(outcome.detail)]
        if let guid = outcome.guid { data["guid"] = JSONValue(guid) }
        if let version { data["version"] = JSONValue(version) }
        if let headline = outcome.headline { data["headline"] = JSONValue(headline) }
        if let id = outcome.articleID {
            data["articleId"] = JSONValue(Int(id))
            data["adminPath"] = JSONValue(SiteURL.admin(.article(.value(id))).path)
        }
        return json(.wireReceived, at: date, data: .object(data))
    }

    /// Sent a moment after the change commits, so that every node has dropped its own copy
    /// before a CDN, told to purge, asks for the page again.
    static let purgeDelay: TimeInterval = 2

    static func purge(_ change: ContentChange, at date: Date) -> String {
        json(.cachePurge, at: date, data: ["keys": .array(change.keys.sorted().map(JSONValue.string)), "purgeEverything": .bool(change.keys.contains("*"))])
    }

    private static func json(_ event: WebhookEvent, at date: Date, data: JSONValue) -> String {
        let envelope: JSONValue = [
            "id": JSONValue(UUID().uuidString.lowercased()), "event": JSONValue(event.rawValue), "occurredAt": JSONValue(ISO8601.string(from: date, in: .gmt)),
            "data": data,
        ]
        return envelope.text
    }

    /// The LIKE pattern that finds webhooks subscribed to an event in their comma-separated list.
    static func subscription(_ event: WebhookEvent) -> String { "%," + event.rawValue + ",%" }
}
