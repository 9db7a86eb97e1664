import Foundation

/// Takes a submitted comment through every check, in order, and stores it.
///
/// The order matters: cheap refusals that reveal nothing (closed, invalid) come first; bans
/// get a neutral answer; flood and rate limits come before the duplicate check so that a bot
/// repeating itself is slowed down rather than told what it did.
public struct CommentPoster: Sendable {
    let comments: any CommentRepository
    private let currentPolicy: @Sendable () -> CommentPolicy
    var policy: CommentPolicy { currentPolicy() }

    public init(comments: any CommentRepository, policy: CommentPolicy) {
        self.init(comments: comments, policy: { policy })
    }

    /// A poster that follows the site's settings as an administrator changes them.
    public init(comments: any CommentRepository, policy: @escaping @Sendable () -> CommentPolicy) {
        self.comments = comments
        currentPolicy = policy
    }

    public enum Outcome: Sendable {
        case stored(Comment)
        /// The honeypot was filled in: stored as spam, answered as if all went well.
        case silentlyDropped
        case invalid(CommentSubmission.Problems)
        case closed
        case banned
        case tooSoon(retryAfter: Int)
        case rateLimited(retryAfter: Int)
        case duplicate
    }

    public struct Context: Sendable {
        public var article: Article
        public var ip: String?
        public var userAgent: String?
        public var honeypot: String
        public var now: Date

        public init(article: Article, ip: String?, userAgent: String?, honeypot: String, now: Date) {
            self.article = article
            self.ip = ip
            self.userAgent = userAgent
            self.honeypot = honeypot
            self.now = now
        }
    }

    public func post(_ submission: CommentSubmission, _ context: Context) async throws -> Outcome {
        let outcome = try await decide(submission, context)
        let (name, reason) = outcome.metric
        SiteMetrics.comment(outcome: name, reason: reason)
        return outcome
    }

    private func decide(_ submission: CommentSubmission, _ context: Context) async throws -> Outcome {
        let policy = policy
        guard policy.acceptsComments(on: context.article, at: context.now) else { return .closed }
        let valid: CommentSubmission.Valid
        switch submission.validate() {
        case .success(let cleaned): valid = cleaned
        case .failure(let problems): return .invalid(problems)
        }
        let address = context.ip.flatMap(IPAddress.init)
        let screening = try await comments.screening(CommentScreening.Request(
            articleID: context.article.id, email: valid.email, name: valid.author, body: valid.comment,
            ip: address?.description, network: address?.rateLimitNetwork,
            since: context.now.addingTimeInterval(-policy.floodInterval), networkSince: context.now.addingTimeInterval(-60)
        ))
        if screening.bans.contains(where: { $0.matches(email: valid.email, ip: address) }) { return .banned }

        let activity = screening.activity
        if let last = activity.lastFromSameSource {
            return .tooSoon(retryAfter: max(1, Int((last.addingTimeInterval(policy.floodInterval).timeIntervalSince(context.now)).rounded(.up))))
        }
        if activity.fromNetwork >= policy.perMinuteFromNetwork {
            let frees = (activity.oldestFromNetwork ?? context.now).addingTimeInterval(60)
            return .rateLimited(retryAfter: max(1, Int(frees.timeIntervalSince(context.now).rounded(.up))))
        }

        var decision = policy.moderation.decide(valid, ip: address?.description, history: screening.history)
        let trapped = !context.honeypot.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if trapped { decision = .spam(reason: "filled in the hidden honeypot field") }
        if !trapped, screening.isDuplicate { return .duplicate }

        let stored = try await comments.add(
            NewComment(
                articleID: context.article.id, parentID: valid.parentID, authorName: valid.author, authorEmail: valid.email,
                authorURL: valid.url, body: valid.comment, status: decision.status, reason: decision.reason,
                ip: address?.description, userAgent: context.userAgent.map { String($0.prefix(500)) }, createdAt: context.now
            ),
            maxDepth: policy.maxDepth
        )
        return trapped ? .silentlyDropped : .stored(stored)
    }
}

extension CommentPoster.Outcome {
    /// The outcome and why, in a few fixed words: a metric's labels must not grow with input.
    var metric: (outcome: String, reason: String) {
        switch self {
        case .stored(let comment):
            switch comment.status {
            case .approved: ("approved", "rules")
            case .pending: ("held", "rules")
            case .spam: ("spam", "rules")
            case .trash: ("trash", "rules")
            }
        case .silentlyDropped: ("spam", "honeypot")
        case .invalid: ("refused", "invalid")
        case .closed: ("refused", "closed")
        case .banned: ("refused", "banned")
        case .tooSoon: ("refused", "too_soon")
        case .rateLimited: ("refused", "rate_limited")
        case .duplicate: ("refused", "duplicate")
        }
    }
}
