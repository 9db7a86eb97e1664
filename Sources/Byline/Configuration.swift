import Foundation

/// Byline's settings, resolved from command-line flags, then `BYLINE_*` environment
/// variables, then defaults.
///
/// Resolution validates every value up front, so a bad setting stops start-up with one
/// line that names the flag, the variable and what is accepted, before any port is bound
/// or file written.
public struct Configuration: Sendable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var database: DatabaseLocation
    public var siteName: String
    /// Absolute origin (and optional path prefix) used in canonical links, with no trailing slash.
    public var baseURL: String
    public var dateDisplay: DateDisplay
    /// A folder whose templates and assets override the default theme's.
    public var themeDirectory: String?
    /// Whether a new site gets the demo newsroom.
    public var seedsDemoContent: Bool
    /// Comment rules; WordPress's defaults unless changed.
    public var comments: CommentPolicy
    /// Where uploaded images live: a folder (shared between nodes when there are several), or
    /// the database itself, which PostgreSQL sites use unless told otherwise.
    public var mediaStore: MediaStoreLocation
    /// The largest upload the media library accepts, in bytes.
    public var mediaMaxBytes: Int
    /// Whether feeds carry whole articles or only their standfirsts.
    public var feedFullText = true
    /// Content API writes a minute per token; reads a minute per address are five times this.
    public var apiRateLimit = 120
    /// Memory for rendered public pages and feeds, in bytes; 0 turns the page cache off.
    public var pageCacheBytes = 64 * 1_048_576

    /// Where the data lives.
    public enum DatabaseLocation: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(PostgresSettings)
    }

    /// A PostgreSQL server shared by several nodes.
    public struct PostgresSettings: Sendable, Equatable, CustomStringConvertible {
        /// As libpq's `sslmode`: `prefer` tries TLS and falls back, `require` refuses plain text.
        public enum TLSMode: String, Sendable, CaseIterable {
            case disable, prefer, require
        }

        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        public var tls: TLSMode
        /// Connections this node may open at most.
        public var poolSize: Int
        /// How long a request waits for the database before it is answered with a 503.
        public var timeoutSeconds: Int

        /// Everything but the password.
        public var description: String { "PostgreSQL database \(database) at \(host):\(port) as \(username)" }
    }

    /// The raw, unvalidated values of every setting, as flags give them.
    public struct Input: Sendable {
        public var host: String?
        public var port: String?
        public var dataDirectory: String?
        public var database: String?
        public var siteName: String?
        public var baseURL: String?
        public var timeZone: String?
        public var locale: String?
        public var dateFormat: String?
        public var theme: String?
        public var databaseTLS: String?
        public var databasePoolSize: String?
        public var databaseTimeout: String?
        public var commentMaxDepth: String?
        public var commentThreadsPerPage: String?
        public var commentsCloseAfterDays: String?
        public var commentRateLimit: String?
        public var commentFloodSeconds: String?
        public var commentTrustAfter: String?
        public var commentHoldAll: String?
        public var commentDisallowedFile: String?
        public var commentModerationFile: String?
        public var commentRetentionDays: String?
        public var trustedProxies: String?
        public var mediaDirectory: String?
        public var mediaMaxMB: String?
        public var feedContent: String?
        public var apiRateLimit: String?
        public var pageCacheMB: String?
        public var noDemo = false

        public init() {}
    }

    /// One setting: its flag, its environment variable and a description for `--help` and the README.
    public struct Setting: Sendable {
        public let flag: String
        public let variable: String
        public let defaultValue: String
        public let help: String
        let keyPath: WritableKeyPath<Input, String?> & Sendable
    }

    public static let settings: [Setting] = [
        Setting(flag: "host", variable: "BYLINE_HOST", defaultValue: "127.0.0.1", help: "Address to listen on; 0.0.0.0 listens on every interface.", keyPath: \.host),
        Setting(flag: "port", variable: "BYLINE_PORT", defaultValue: "8080", help: "TCP port to listen on (1–65535).", keyPath: \.port),
        Setting(flag: "data-dir", variable: "BYLINE_DATA_DIR", defaultValue: "./byline-data", help: "Folder for the database and uploads; created when missing.", keyPath: \.dataDirectory),
        Setting(flag: "database", variable: "BYLINE_DATABASE_URL", defaultValue: "sqlite:DATA_DIR/byline.sqlite", help: "Database URL: sqlite:PATH, or postgres://USER:PASSWORD@HOST:PORT/DATABASE.", keyPath: \.database),
        Setting(flag: "database-tls", variable: "BYLINE_DATABASE_TLS", defaultValue: "prefer", help: "TLS to PostgreSQL: disable, prefer or require (like sslmode; a sslmode in the URL also works).", keyPath: \.databaseTLS),
        Setting(flag: "database-timeout", variable: "BYLINE_DATABASE_TIMEOUT", defaultValue: "5", help: "Seconds a request waits for PostgreSQL before it gets a 503 (1–120).", keyPath: \.databaseTimeout),
        Setting(flag: "database-pool-size", variable: "BYLINE_DATABASE_POOL_SIZE", defaultValue: "10", help: "Most PostgreSQL connections one node opens (1–500).", keyPath: \.databasePoolSize),
        Setting(flag: "site-name", variable: "BYLINE_SITE_NAME", defaultValue: "The Byline Courier", help: "The publication's name, shown in the masthead and titles.", keyPath: \.siteName),
        Setting(flag: "base-url", variable: "BYLINE_BASE_URL", defaultValue: "http://localhost:PORT", help: "Public http(s) URL of the site, used in canonical links.", keyPath: \.baseURL),
        Setting(flag: "time-zone", variable: "BYLINE_TIME_ZONE", defaultValue: "UTC", help: "IANA time zone for dates shown to readers, e.g. America/New_York.", keyPath: \.timeZone),
        Setting(flag: "locale", variable: "BYLINE_LOCALE", defaultValue: "en_US", help: "Locale for dates and the page language, e.g. en_GB or fr_FR.", keyPath: \.locale),
        Setting(flag: "date-format", variable: "BYLINE_DATE_FORMAT", defaultValue: "MMMM d, y, h:mm a", help: "Unicode date pattern for dates shown to readers.", keyPath: \.dateFormat),
        Setting(flag: "comment-max-depth", variable: "BYLINE_COMMENT_MAX_DEPTH", defaultValue: "5", help: "Deepest reply level (1–10); a reply below it attaches at the limit.", keyPath: \.commentMaxDepth),
        Setting(flag: "comment-threads-per-page", variable: "BYLINE_COMMENT_THREADS_PER_PAGE", defaultValue: "50", help: "Top-level comment threads per page of a discussion (1–500).", keyPath: \.commentThreadsPerPage),
        Setting(flag: "comments-close-after-days", variable: "BYLINE_COMMENTS_CLOSE_AFTER_DAYS", defaultValue: "(never)", help: "Close comments this many days after publication (1–36500).", keyPath: \.commentsCloseAfterDays),
        Setting(flag: "comment-rate-limit", variable: "BYLINE_COMMENT_RATE_LIMIT", defaultValue: "5", help: "Comments a minute accepted from one IPv4 /24 or IPv6 /48 (1–10000).", keyPath: \.commentRateLimit),
        Setting(flag: "comment-flood-seconds", variable: "BYLINE_COMMENT_FLOOD_SECONDS", defaultValue: "15", help: "Seconds before the same IP or email may comment again (0–3600).", keyPath: \.commentFloodSeconds),
        Setting(flag: "comment-trust-after", variable: "BYLINE_COMMENT_TRUST_AFTER", defaultValue: "1", help: "Approved comments after which a commenter's comments appear without moderation (0–1000).", keyPath: \.commentTrustAfter),
        Setting(flag: "comment-hold-all", variable: "BYLINE_COMMENT_HOLD_ALL", defaultValue: "false", help: "Hold every comment for a moderator: true or false.", keyPath: \.commentHoldAll),
        Setting(flag: "comment-disallowed-file", variable: "BYLINE_COMMENT_DISALLOWED_FILE", defaultValue: "(none)", help: "File of words, IPs or /patterns/, one a line, that send a comment to spam.", keyPath: \.commentDisallowedFile),
        Setting(flag: "comment-moderation-file", variable: "BYLINE_COMMENT_MODERATION_FILE", defaultValue: "(none)", help: "File of words or /patterns/, one a line, that hold a comment for a moderator.", keyPath: \.commentModerationFile),
        Setting(flag: "comment-retention-days", variable: "BYLINE_COMMENT_RETENTION_DAYS", defaultValue: "30", help: "Days commenters' IP addresses and browsers are kept for moderation (1–3650).", keyPath: \.commentRetentionDays),
        Setting(flag: "trusted-proxies", variable: "BYLINE_TRUSTED_PROXIES", defaultValue: "(none)", help: "Comma-separated addresses or CIDR ranges of proxies whose X-Forwarded-For is believed.", keyPath: \.trustedProxies),
        Setting(flag: "media-dir", variable: "BYLINE_MEDIA_DIR", defaultValue: "DATA_DIR/media (SQLite); the database (PostgreSQL)", help: "Folder for uploaded images; with several nodes, a folder they all share.", keyPath: \.mediaDirectory),
        Setting(flag: "page-cache-mb", variable: "BYLINE_PAGE_CACHE_MB", defaultValue: "64", help: "Memory for rendered public pages and feeds, in megabytes (0 turns the cache off, up to 65536).", keyPath: \.pageCacheMB),
        Setting(flag: "media-max-mb", variable: "BYLINE_MEDIA_MAX_MB", defaultValue: "20", help: "Largest image upload accepted, in megabytes (1–500).", keyPath: \.mediaMaxMB),
        Setting(flag: "feed-content", variable: "BYLINE_FEED_CONTENT", defaultValue: "full", help: "What feeds carry: full (whole articles) or excerpt (the standfirst and a link).", keyPath: \.feedContent),
        Setting(flag: "api-rate-limit", variable: "BYLINE_API_RATE_LIMIT", defaultValue: "120", help: "Content API writes a minute per token (1–1000000); reads a minute per address are five times this.", keyPath: \.apiRateLimit),
        Setting(flag: "theme", variable: "BYLINE_THEME", defaultValue: "(none)", help: "Folder of templates and assets that override the default theme.", keyPath: \.theme),
    ]

    /// An invalid setting, described in one line.
    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        public let message: String
        /// The flag's name, such as `site-name`.
        public let setting: String
        /// What is wrong, without naming the flag: for a form field.
        public let problem: String
        public var description: String { message }

        init(_ setting: String, _ problem: String) {
            let entry = Configuration.settings.first { $0.flag == setting }
            let name = entry.map { "--\($0.flag) / \($0.variable)" } ?? setting
            message = "invalid setting \(name): \(problem)"
            self.setting = setting
            self.problem = problem
        }
    }

    /// Resolves and validates every setting. Flags win over environment variables.
    public static func resolve(_ input: Input, environment: [String: String]) throws(Error) -> Configuration {
        var merged = input
        for setting in settings where merged[keyPath: setting.keyPath] == nil {
            if let value = environment[setting.variable], !value.isEmpty { merged[keyPath: setting.keyPath] = value }
        }
        if let value = environment["BYLINE_NO_DEMO"], ["1", "true", "yes"].contains(value.lowercased()) { merged.noDemo = true }

        let host = merged.host ?? "127.0.0.1"
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".:-[]".contains($0) }) else {
            throw Error("host", "\"\(host)\" is not a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0")
        }
        let portText = merged.port ?? "8080"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw Error("port", "\"\(portText)\" is not a port number; use a whole number from 1 to 65535")
        }
        let dataDirectory = merged.dataDirectory ?? "./byline-data"
        let database = try parseDatabase(
            merged.database, dataDirectory: dataDirectory, tls: merged.databaseTLS, poolSize: merged.databasePoolSize, timeout: merged.databaseTimeout
        )

        let siteName = try parseSiteName(merged.siteName ?? "The Byline Courier")
        let baseURL = try parseBaseURL(merged.baseURL ?? "http://localhost:\(port)")
        let dateDisplay = try parseDateDisplay(
            timeZone: merged.timeZone ?? "UTC", locale: merged.locale ?? "en_US", pattern: merged.dateFormat ?? "MMMM d, y, h:mm a"
        )

        var themeDirectory: String?
        if let theme = merged.theme {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: theme, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw Error("theme", "\"\(theme)\" is not a folder; give a folder holding templates/ and/or assets/")
            }
            themeDirectory = theme
        }

        let mediaStore: MediaStoreLocation = switch (merged.mediaDirectory, database) {
        case (let directory?, _): .directory(directory)
        case (nil, .postgres): .database
        case (nil, .sqlite): .directory((dataDirectory as NSString).appendingPathComponent("media"))
        }
        let megabytes = merged.mediaMaxMB ?? "20"
        guard let mediaMaxMB = Int(megabytes), (1...500).contains(mediaMaxMB) else {
            throw Error("media-max-mb", "\"\(megabytes)\" is not a whole number of megabytes from 1 to 500")
        }

        var configuration = Configuration(
            host: host, port: port, dataDirectory: dataDirectory, database: database, siteName: siteName, baseURL: baseURL,
            dateDisplay: dateDisplay,
            themeDirectory: themeDirectory, seedsDemoContent: !merged.noDemo, comments: try commentPolicy(merged),
            mediaStore: mediaStore, mediaMaxBytes: mediaMaxMB * 1_048_576
        )
        configuration.feedFullText = try parseFeedContent(merged.feedContent ?? "full")
        configuration.apiRateLimit = try integer("api-rate-limit", merged.apiRateLimit, 1...1_000_000) ?? 120
        configuration.pageCacheBytes = (try integer("page-cache-mb", merged.pageCacheMB, 0...65536) ?? 64) * 1_048_576
        return configuration
    }

    static func parseSiteName(_ value: String) throws(Error) -> String {
        let siteName = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !siteName.isEmpty, siteName.count <= 120 else { throw Error("site-name", "must be 1 to 120 characters") }
        return siteName
    }

    static func parseDateDisplay(timeZone zoneName: String, locale localeName: String, pattern: String) throws(Error) -> DateDisplay {
        guard let timeZone = TimeZone(identifier: zoneName) else {
            throw Error("time-zone", "\"\(zoneName)\" is not an IANA time zone; use a name such as UTC, Europe/Paris or America/New_York")
        }
        let canonicalLocale = localeName.replacingOccurrences(of: "-", with: "_")
        guard Locale.availableIdentifiers.contains(canonicalLocale) else {
            throw Error("locale", "\"\(localeName)\" is not a known locale; use a language and region such as en_US, en_GB, de_DE or fr_FR")
        }
        guard pattern.contains(where: { "yMd".contains($0) }), !pattern.contains("\n") else {
            throw Error("date-format", "\"\(pattern)\" is not a usable date pattern; it needs at least a year, month or day field, e.g. \"MMMM d, y, h:mm a\"")
        }
        return DateDisplay(timeZone: timeZone, locale: Locale(identifier: canonicalLocale), pattern: pattern)
    }

    static func parseFeedContent(_ value: String) throws(Error) -> Bool {
        switch value.lowercased().trimmingCharacters(in: .whitespaces) {
        case "full": return true
        case "excerpt": return false
        default: throw Error("feed-content", "\"\(value)\" is not full or excerpt")
        }
    }

    static func integer(_ flag: String, _ value: String?, _ range: ClosedRange<Int>) throws(Error) -> Int? {
        guard let value else { return nil }
        guard let number = Int(value.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw Error(flag, "\"\(value)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    static func boolean(_ flag: String, _ value: String?) throws(Error) -> Bool? {
        switch value?.lowercased() {
        case nil: return nil
        case "false", "0", "no", "off": return false
        case "true", "1", "yes", "on": return true
        case let other?: throw Error(flag, "\"\(other)\" is not true or false")
        }
    }

    private static func commentPolicy(_ input: Input) throws(Error) -> CommentPolicy {
        var policy = CommentPolicy()
        func entries(_ flag: String, _ path: String?) throws(Error) -> [String] {
            guard let path else { return [] }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Error(flag, "cannot read \"\(path)\"; give a UTF-8 text file with one entry a line")
            }
            return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        policy.maxDepth = try integer("comment-max-depth", input.commentMaxDepth, 1...10) ?? policy.maxDepth
        policy.threadsPerPage = try integer("comment-threads-per-page", input.commentThreadsPerPage, 1...500) ?? policy.threadsPerPage
        policy.closeAfterDays = try integer("comments-close-after-days", input.commentsCloseAfterDays, 1...36500)
        policy.perMinuteFromNetwork = try integer("comment-rate-limit", input.commentRateLimit, 1...10_000) ?? policy.perMinuteFromNetwork
        policy.floodInterval = TimeInterval(try integer("comment-flood-seconds", input.commentFloodSeconds, 0...3600) ?? Int(policy.floodInterval))
        policy.moderation.trustAfterApproved = try integer("comment-trust-after", input.commentTrustAfter, 0...1000) ?? policy.moderation.trustAfterApproved
        policy.clientDataRetentionDays = try integer("comment-retention-days", input.commentRetentionDays, 1...3650) ?? policy.clientDataRetentionDays
        policy.moderation.holdAll = try boolean("comment-hold-all", input.commentHoldAll) ?? false
        policy.moderation.disallowed = try entries("comment-disallowed-file", input.commentDisallowedFile)
        policy.moderation.moderation = try entries("comment-moderation-file", input.commentModerationFile)
        if let proxies = input.trustedProxies {
            for entry in proxies.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
                guard let range = IPRange(entry) else {
                    throw Error("trusted-proxies", "\"\(entry)\" is not an IP address or CIDR range such as 10.0.0.0/8")
                }
                policy.trustedProxies.append(range)
            }
        }
        return policy
    }

    public enum MediaStoreLocation: Sendable, Equatable {
        case directory(String)
        case database
    }

    /// The BCP 47 language tag for `<html lang>`, e.g. `en-US`.
    public var languageTag: String {
        dateDisplay.locale.identifier.replacingOccurrences(of: "_", with: "-")
    }

    private static func parseDatabase(
        _ value: String?, dataDirectory: String, tls: String?, poolSize: String?, timeout: String?
    ) throws(Error) -> DatabaseLocation {
        guard let value else { return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("byline.sqlite")) }
        if value.hasPrefix("sqlite:") {
            var path = String(value.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw Error("database", "\"\(value)\" names no file; use sqlite:PATH, e.g. sqlite:./byline-data/byline.sqlite") }
            return .sqlite(path: path)
        }
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            return .postgres(try parsePostgres(value, tls: tls, poolSize: poolSize, timeout: timeout))
        }
        throw Error("database", "\"\(redactingPassword(value))\" is not a database URL; use sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
    }

    private static func parsePostgres(_ value: String, tls: String?, poolSize: String?, timeout: String?) throws(Error) -> PostgresSettings {
        let shown = redactingPassword(value)
        guard let components = URLComponents(string: value), let host = components.host, !host.isEmpty else {
            throw Error("database", "\"\(shown)\" is not a PostgreSQL URL; use postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw Error("database", "\"\(shown)\" names no database; add /DATABASE after the host") }
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value
        let tlsText = tls ?? sslmode.map { $0 == "verify-full" || $0 == "verify-ca" ? "require" : $0 } ?? "prefer"
        guard let tlsMode = PostgresSettings.TLSMode(rawValue: tlsText) else {
            throw Error("database-tls", "\"\(tlsText)\" is not a TLS mode; use disable, prefer or require")
        }
        let poolText = poolSize ?? "10"
        guard let pool = Int(poolText), (1...500).contains(pool) else {
            throw Error("database-pool-size", "\"\(poolText)\" is not a pool size; use a whole number from 1 to 500")
        }
        let timeoutText = timeout ?? "5"
        guard let seconds = Int(timeoutText), (1...120).contains(seconds) else {
            throw Error("database-timeout", "\"\(timeoutText)\" is not a number of seconds from 1 to 120")
        }
        return PostgresSettings(
            host: host, port: components.port ?? 5432, username: components.user?.removingPercentEncoding ?? "postgres",
            password: components.password?.removingPercentEncoding, database: database, tls: tlsMode, poolSize: pool, timeoutSeconds: seconds
        )
    }

    static func parseBaseURL(_ value: String) throws(Error) -> String {
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil
        else {
            throw Error("base-url", "\"\(value)\" is not an absolute http(s) URL without query, e.g. https://news.example.com")
        }
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    /// Database URLs carry passwords; error messages must not.
    static func redactingPassword(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
