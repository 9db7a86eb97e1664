import Foundation

/// The site's comment settings beyond the moderation rules: structure, closing and abuse limits.
public struct CommentPolicy: Sendable, Hashable {
    public var moderation = ModerationSettings()
    /// Deepest reply level (WordPress: 5).
    public var maxDepth = 5
    /// Top-level threads per page of a discussion (WordPress: 50).
    public var threadsPerPage = 50
    /// Close comments automatically this many days after publication; nil never closes.
    public var closeAfterDays: Int?
    /// A second comment from the same IP or email within this interval is refused (WordPress: 15 s).
    public var floodInterval: TimeInterval = 15
    /// Comments a minute from one IPv4 /24 or IPv6 /48.
    public var perMinuteFromNetwork = 5
    /// Proxies whose `X-Forwarded-For` is believed.
    public var trustedProxies: [IPRange] = []
    /// Days an IP address and user agent are kept for moderation before they are erased.
    public var clientDataRetentionDays = 30

    public init() {}

    /// Whether the article takes comments now: its own setting, then the site's age limit.
    public func acceptsComments(on article: Article, at now: Date) -> Bool {
        guard article.status == .published, article.comments.acceptsComments(at: now) else { return false }
        if let days = closeAfterDays, let published = article.publishedAt {
            return now < published.addingTimeInterval(Double(days) * 86400)
        }
        return true
    }
}
