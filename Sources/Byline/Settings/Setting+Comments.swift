import Foundation

/// The comment rules (WordPress's defaults unless changed), uploads and limits.
extension Setting {
    public static let commentsCloseAfterDays = make(
        "comments-close-after-days", "BYLINE_COMMENTS_CLOSE_AFTER_DAYS", default: "never", "Close comments this many days after publication.",
        editable: editable("Close comments after (days)", .comments),
        parser: .optionalInteger(1...36500), at: \.configuration.comments.closeAfterDays
    )

    public static let commentMaxDepth = make(
        "comment-max-depth", "BYLINE_COMMENT_MAX_DEPTH", default: "5", "Deepest reply level; a reply to a comment at the limit attaches at the limit.",
        editable: editable("Deepest reply level", .comments),
        parser: .integer(1...10), at: \.configuration.comments.maxDepth
    )

    public static let commentThreadsPerPage = make(
        "comment-threads-per-page", "BYLINE_COMMENT_THREADS_PER_PAGE", default: "50", "Top-level comment threads per page of a discussion.",
        editable: editable("Threads per page", .comments),
        parser: .integer(1...500), at: \.configuration.comments.threadsPerPage
    )

    public static let commentRateLimit = make(
        "comment-rate-limit", "BYLINE_COMMENT_RATE_LIMIT", default: "5", "Comments a minute accepted from one IPv4 /24 or IPv6 /48.",
        editable: editable("Comments a minute from one network", .comments),
        parser: .integer(1...10_000), at: \.configuration.comments.perMinuteFromNetwork
    )

    public static let commentFloodSeconds = make(
        "comment-flood-seconds", "BYLINE_COMMENT_FLOOD_SECONDS", default: "15", "Seconds before the same IP or email may comment again.",
        editable: editable("Seconds between two comments from one person", .comments),
        parser: .integer(0...3600), at: \.commentFloodSeconds
    )

    public static let commentTrustAfter = make(
        "comment-trust-after", "BYLINE_COMMENT_TRUST_AFTER", default: "1",
        "Approved comments after which a commenter's comments appear without moderation.",
        editable: editable("Approved comments before a commenter is trusted", .comments),
        parser: .integer(0...1000), at: \.configuration.comments.moderation.trustAfterApproved
    )

    public static let commentHoldAll = make(
        "comment-hold-all", "BYLINE_COMMENT_HOLD_ALL", default: "false", "Hold every comment for a moderator.",
        editable: editable("Hold every comment for a moderator", .comments, .checkbox),
        parser: .boolean, at: \.configuration.comments.moderation.holdAll
    )

    public static let commentRetentionDays = make(
        "comment-retention-days", "BYLINE_COMMENT_RETENTION_DAYS", default: "30",
        "Days commenters' IP addresses and browsers are kept for moderation, then erased.",
        editable: editable("Days to keep commenters’ IP addresses", .comments),
        parser: .integer(1...3650), at: \.configuration.comments.clientDataRetentionDays
    )

    /// The admin's own list; at start-up the list comes from `commentDisallowedFile`.
    public static let commentDisallowed = make(
        "comment-disallowed", nil, default: "none", "Words, IPs or /patterns/, one a line, that send a comment to spam.",
        editable: editable("Words, addresses or /patterns/ that send a comment to spam", .comments, .lines),
        parser: .lines, at: \.configuration.comments.moderation.disallowed
    )

    public static let commentModeration = make(
        "comment-moderation", nil, default: "none", "Words or /patterns/, one a line, that hold a comment for a moderator.",
        editable: editable("Words or /patterns/ that hold a comment for a moderator", .comments, .lines),
        parser: .lines, at: \.configuration.comments.moderation.moderation
    )

    public static let commentDisallowedFile = make(
        "comment-disallowed-file", "BYLINE_COMMENT_DISALLOWED_FILE", default: "none",
        "File of words, IPs or /patterns/, one a line, that send a comment to spam.",
        parser: .linesOfFile, at: \.configuration.comments.moderation.disallowed
    )

    public static let commentModerationFile = make(
        "comment-moderation-file", "BYLINE_COMMENT_MODERATION_FILE", default: "none",
        "File of words or /patterns/, one a line, that hold a comment for a moderator.",
        parser: .linesOfFile, at: \.configuration.comments.moderation.moderation
    )

    public static let trustedProxies = make(
        "trusted-proxies", "BYLINE_TRUSTED_PROXIES", default: "none",
        "Comma-separated addresses or CIDR ranges of proxies whose X-Forwarded-For is believed.",
        parser: .ipRanges(allowingAll: false),
        at: \.configuration.comments.trustedProxies
    )

    // MARK: Uploads and limits

    public static let mediaDirectory = make(
        "media-dir", "BYLINE_MEDIA_DIR", default: "DATA_DIR/media (SQLite), the database (PostgreSQL)",
        "Folder for uploaded images; with several nodes, leave it unset on PostgreSQL or give a folder every node mounts.",
        parser: .text({ $0 }, show: { $0 ?? "" }), at: \.mediaDirectory
    )

    public static let mediaMaxMB = make(
        "media-max-mb", "BYLINE_MEDIA_MAX_MB", default: "20", "Largest image upload accepted, in megabytes.",
        parser: .integer(1...500, noun: "a whole number of megabytes"), at: \.mediaMaxMB
    )

    public static let apiRateLimit = make(
        "api-rate-limit", "BYLINE_API_RATE_LIMIT", default: "120",
        "Content API writes a minute per token; reads a minute per address are five times this.",
        parser: .integer(1...1_000_000), at: \.configuration.apiRateLimit
    )

    public static let pageCacheMB = make(
        "page-cache-mb", "BYLINE_PAGE_CACHE_MB", default: "64", "Memory for rendered public pages and feeds, in megabytes; 0 turns the page cache off.",
        parser: .integer(0...65536), at: \.pageCacheMB
    )
}

extension Setting.Parser where Value == [String] {
    /// One entry a line; blank lines are not entries.
    static var lines: Self {
        .init(accepted: nil, parse: { text in Self.entries(text) }, show: { $0.joined(separator: "\n") })
    }

    /// A UTF-8 file of one entry a line.
    static var linesOfFile: Self {
        .init(
            accepted: nil,
            parse: { path throws(Setting.Problem) in
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw Setting.Problem("cannot read \"\(path)\"; give a UTF-8 text file with one entry a line")
                }
                return entries(text)
            },
            show: { $0.joined(separator: "\n") }
        )
    }

    private static func entries(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
