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

/// A URL an administrator registered to be told about events.
public struct Webhook: Sendable, Hashable {
    public var id: Int64
    public var url: String
    public var events: [WebhookEvent]
    /// Signs every delivery; shown to the administrator once, when the webhook is added.
    public var secret: String
    public var createdAt: Date

    public init(id: Int64, url: String, events: [WebhookEvent], secret: String, createdAt: Date) {
        self.id = id
        self.url = url
        self.events = events
        self.secret = secret
        self.createdAt = createdAt
    }
}

/// One event on its way to one webhook, and what became of it.
public struct WebhookDelivery: Sendable, Hashable {
    public enum Status: String, Sendable {
        case pending, delivered, failed
    }

    public var id: Int64
    public var webhookID: Int64
    public var event: String
    public var payload: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?

    public init(
        id: Int64, webhookID: Int64, event: String, payload: String, status: Status, attempts: Int, nextAttemptAt: Date, lastStatus: Int?,
        lastError: String?, createdAt: Date, deliveredAt: Date?
    ) {
        self.id = id
        self.webhookID = webhookID
        self.event = event
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}

/// The body of a delivery. It names what changed and never carries a commenter's email.
enum WebhookPayload {
    static func article(_ event: WebhookEvent, id: Int64, slug: String, headline: String, at date: Date) -> String {
        json(event, at: date, data: ["articleId": JSONValue(Int(id)), "slug": JSONValue(slug), "headline": JSONValue(headline), "apiPath": JSONValue("/api/v1/articles/\(id)")])
    }

    static func heldComment(id: Int64, articleID: Int64, authorName: String, at date: Date) -> String {
        json(.commentHeld, at: date, data: ["commentId": JSONValue(Int(id)), "articleId": JSONValue(Int(articleID)), "authorName": JSONValue(authorName), "adminPath": "/admin/comments"])
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

/// How deliveries are signed and retried.
public enum WebhookSignature {
    /// `t=UNIX,v1=HEX`: an HMAC-SHA256 of `UNIX.BODY` with the webhook's secret. The timestamp
    /// lets a receiver refuse a replayed delivery (more than five minutes old, say).
    public static func header(body: Data, secret: String, at date: Date) -> String {
        let timestamp = Int64(date.timeIntervalSince1970)
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.hex
    }

    /// Whether a header is right for this body and no older than `tolerance`: what a receiver checks.
    public static func isValid(_ header: String, body: Data, secret: String, now: Date, tolerance: TimeInterval = 300) -> Bool {
        let parts = Dictionary(header.split(separator: ",").compactMap { part -> (String, String)? in
            let pair = part.split(separator: "=", maxSplits: 1)
            return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
        }, uniquingKeysWith: { first, _ in first })
        guard let t = parts["t"], let timestamp = Int64(t), abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = Self.header(body: body, secret: secret, at: Date(timeIntervalSince1970: Double(timestamp)))
        return Signer.constantTimeEquals(expected, header)
    }

    /// Thirty seconds, doubling with each failure up to an hour; nil once a day has passed
    /// since the event, when the delivery is given up.
    public static func retryAt(attempts: Int, createdAt: Date, now: Date) -> Date? {
        let delay = min(3600, 30 * pow(2, Double(max(0, attempts - 1))))
        let next = now.addingTimeInterval(delay)
        return next.timeIntervalSince(createdAt) <= 24 * 3600 ? next : nil
    }
}
