import Crypto
import Foundation

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
