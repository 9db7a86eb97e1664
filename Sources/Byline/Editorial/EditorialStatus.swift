import Foundation

/// Where an article is in the newsroom's workflow. A scheduled article is a draft with a
/// publication time; the background job publishes it.
public enum EditorialStatus: String, Sendable, CaseIterable {
    case draft, scheduled, published

    /// The status as the newsroom shows it.
    public var name: Message {
        switch self {
        case .draft: Message("Draft")
        case .scheduled: Message("Scheduled")
        case .published: Message("Published")
        }
    }
}
