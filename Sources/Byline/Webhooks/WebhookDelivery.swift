import Crypto
import Foundation

/// One event on its way to one webhook, and what became of it.
public struct WebhookDelivery: Sendable, Hashable {
    public enum Status: String, Sendable {
        case pending, delivered, failed

        /// How the newsroom's list of deliveries names it.
        public var name: Message {
            switch self {
            case .pending: Message("Waiting")
            case .delivered: Message("Delivered")
            case .failed: Message("Failed")
            }
        }
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
