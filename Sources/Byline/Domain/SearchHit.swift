import Foundation

/// A published article that matched, with the text a snippet is cut from.
public struct SearchHit: Sendable {
    public var summary: ArticleSummary
    /// The standfirst and the Markdown body.
    public var text: String

    public init(summary: ArticleSummary, text: String) {
        self.summary = summary
        self.text = text
    }
}
