import Foundation

/// The site's comment rules, with WordPress's defaults where WordPress has one.
public struct ModerationSettings: Sendable, Hashable {
    /// Words or `/regular expressions/` that send a comment to spam when they appear in any
    /// field, or that match the IP address. WordPress calls this the disallowed keys list.
    public var disallowed: [String] = []
    /// Words or patterns that hold a comment for a moderator.
    public var moderation: [String] = []
    /// WordPress holds a comment with 2 or more links.
    public var holdLinksAtOrAbove = 2
    /// A commenter is trusted after this many approved comments (WordPress: 1).
    public var trustAfterApproved = 1
    /// A trusted commenter goes back to pre-moderation when more than this share of their
    /// recent decided comments were rejected (Coral's rule).
    public var rejectionRateLimit = 0.3
    /// How many of a commenter's latest decided comments that share is taken over.
    public var recentDecisions = 10
    /// Hold every comment, whoever writes it.
    public var holdAll = false

    public init() {}
}

extension ModerationSettings {
    /// Applies the rules in WordPress's order: disallowed words (spam) first, then anything
    /// that holds, then trust.
    public func decide(_ comment: CommentSubmission.Valid, ip: String?, history: CommenterHistory) -> ModerationDecision {
        let fields = [comment.author, comment.email, comment.url ?? "", comment.comment]
        if let match = disallowed.first(where: { entry in fields.contains { Self.matches(entry, in: $0) } || (ip.map { Self.matches(entry, in: $0) } ?? false) }) {
            return .spam(reason: "matches the disallowed entry “\(match)”")
        }
        if holdAll { return .hold(reason: "the site holds every comment") }
        if let match = moderation.first(where: { entry in fields.contains { Self.matches(entry, in: $0) } }) {
            return .hold(reason: "matches the moderation entry “\(match)”")
        }
        let links = CommentText.linkCount(comment.comment)
        if links >= holdLinksAtOrAbove { return .hold(reason: "has \(links) links") }
        if history.approvedCount < trustAfterApproved {
            return .hold(reason: history.approvedCount == 0 ? "first comment from this commenter" : "commenter not yet trusted")
        }
        let recent = history.recentDecisions.prefix(recentDecisions)
        let rejected = recent.filter { $0 == .spam || $0 == .trash }.count
        if !recent.isEmpty, Double(rejected) / Double(recent.count) > rejectionRateLimit {
            return .hold(reason: "\(rejected) of the commenter’s last \(recent.count) comments were rejected")
        }
        return .approve(reason: "trusted commenter")
    }

    /// Case-insensitive substring match, or a regular expression when written as `/…/`.
    /// A pattern that doesn't compile matches nothing rather than everything.
    static func matches(_ entry: String, in text: String) -> Bool {
        let entry = entry.trimmingCharacters(in: .whitespaces)
        guard !entry.isEmpty else { return false }
        if entry.count > 2, entry.hasPrefix("/"), entry.hasSuffix("/") {
            guard let pattern = try? NSRegularExpression(pattern: String(entry.dropFirst().dropLast()), options: [.caseInsensitive]) else { return false }
            return pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        return text.range(of: entry, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }
}
