import Foundation

/// Every setting Byline has. Their order is the order of `--help`, of the README's table and
/// of the settings page.
extension Setting {
    public static let all: [Setting] = [
        host, port, dataDirectory, database, databaseTLS, databaseTimeout, databasePoolSize, siteName, baseURL, timeZone, locale,
        dateFormat, feedContent, theme, noDemo, commentsCloseAfterDays, commentMaxDepth, commentThreadsPerPage, commentRateLimit,
        commentFloodSeconds, commentTrustAfter, commentHoldAll, commentRetentionDays, commentDisallowed, commentModeration,
        commentDisallowedFile, commentModerationFile, trustedProxies, mediaDirectory, mediaMaxMB, apiRateLimit, pageCacheMB, wireInbox,
        webhookPrivateTargets, accessLog, logFormat, backupDirectory, backupEvery, backupKeep,
        metricsPort, metricsHost, metricsToken, readinessTimeout, maxConnections, headerTimeout, bodyTimeout, idleTimeout,
    ]

    /// The settings an administrator edits on the settings page, stored for every node.
    public static var editable: [Setting] { all.filter { $0.editable != nil } }

    /// The setting with this flag name or stored key.
    public static func named(_ key: String) -> Setting? { all.first { $0.key == key } }

    // MARK: Listening

    public static let host = make(
        "host", "BYLINE_HOST", default: "127.0.0.1", "Address to listen on; 0.0.0.0 listens on every interface.",
        parser: .text({ host throws(Problem) in
            guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".:-[]".contains($0) }) else {
                throw Problem("\"\(host)\" is not a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0")
            }
            return host
        }, show: { $0 }),
        at: \.configuration.host
    )

    public static let port = make(
        "port", "BYLINE_PORT", default: "8080", "TCP port to listen on; a port already in use is refused at start-up.",
        parser: .integer(1...65535, noun: "a port number"), at: \.configuration.port
    )

    // MARK: Data

    public static let dataDirectory = make(
        "data-dir", "BYLINE_DATA_DIR", default: "./byline-data", "Folder for the database and uploads; created when missing.",
        parser: .text({ $0 }, show: { $0 }), at: \.configuration.dataDirectory
    )

    public static let database = make(
        "database", "BYLINE_DATABASE_URL", default: "sqlite:DATA_DIR/byline.sqlite",
        "Database URL: sqlite:PATH, or postgres://USER:PASSWORD@HOST:PORT/DATABASE for several nodes.",
        parser: .text(DatabaseURL.parse, show: DatabaseURL.show), at: \.database
    )

    public static let databaseTLS = make(
        "database-tls", "BYLINE_DATABASE_TLS", default: "prefer",
        "TLS to PostgreSQL, like libpq's sslmode; a ?sslmode= in the URL works too.",
        parser: .choice(["disable": .disable, "prefer": .prefer, "require": .require]), at: \.postgresTLS
    )

    public static let databaseTimeout = make(
        "database-timeout", "BYLINE_DATABASE_TIMEOUT", default: "5", "Seconds a request waits for PostgreSQL before it is answered with a 503.",
        parser: .integer(1...120, noun: "a number of seconds"), at: \.postgresTimeout
    )

    public static let databasePoolSize = make(
        "database-pool-size", "BYLINE_DATABASE_POOL_SIZE", default: "10", "Most PostgreSQL connections one node opens.",
        parser: .integer(1...500, noun: "a pool size"), at: \.postgresPoolSize
    )

    // MARK: The site

    public static let siteName = make(
        "site-name", "BYLINE_SITE_NAME", default: "The Byline Courier", "The publication's name, in the masthead and page titles.",
        editable: editable("Site name", .site),
        parser: .text({ value throws(Problem) in
            let name = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 120 else { throw Problem("must be 1 to 120 characters") }
            return name
        }, show: { $0 }),
        at: \.configuration.siteName
    )

    public static let baseURL = make(
        "base-url", "BYLINE_BASE_URL", default: "http://localhost:PORT", "The public http(s) address, used in canonical links.",
        editable: editable("Public address (base URL)", .site),
        parser: .text({ text throws(Problem) in
            let value = text.trimmingCharacters(in: .whitespaces)
            guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
                scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
                components.query == nil, components.fragment == nil, components.user == nil
            else {
                throw Problem("\"\(value)\" is not an absolute http(s) URL without query, e.g. https://news.example.com")
            }
            return value.hasSuffix("/") ? String(value.dropLast()) : value
        }, show: { $0 }),
        at: \.configuration.baseURL
    )

    public static let timeZone = make(
        "time-zone", "BYLINE_TIME_ZONE", default: "UTC", "IANA time zone for dates readers see and for the date in article URLs, e.g. America/New_York.",
        editable: editable("Time zone", .datesAndFeeds),
        parser: .text({ name throws(Problem) in
            guard let zone = TimeZone(identifier: name.trimmingCharacters(in: .whitespaces)) else {
                throw Problem("\"\(name)\" is not an IANA time zone; use a name such as UTC, Europe/Paris or America/New_York")
            }
            return zone
        }, show: \.identifier),
        at: \.timeZone
    )

    public static let locale = make(
        "locale", "BYLINE_LOCALE", default: "en_US", "Locale of dates and of the page language, e.g. en_GB or fr_FR.",
        editable: editable("Locale", .datesAndFeeds),
        parser: .text({ name throws(Problem) in
            let canonical = name.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "-", with: "_")
            guard Locale.availableIdentifiers.contains(canonical) else {
                throw Problem("\"\(name)\" is not a known locale; use a language and region such as en_US, en_GB, de_DE or fr_FR")
            }
            return Locale(identifier: canonical)
        }, show: \.identifier),
        at: \.locale
    )

    public static let dateFormat = make(
        "date-format", "BYLINE_DATE_FORMAT", default: DateDisplay.defaultPattern,
        "Unicode date pattern for dates readers see (\"December 3, 2019, 5:49 PM\"); a site in another language that keeps the default writes dates its language's way.",
        editable: editable("Date format", .datesAndFeeds),
        parser: .text({ pattern throws(Problem) in
            guard pattern.contains(where: { "yMd".contains($0) }), !pattern.contains("\n") else {
                throw Problem("\"\(pattern)\" is not a usable date pattern; it needs at least a year, month or day field, e.g. \"MMMM d, y, h:mm a\"")
            }
            return pattern
        }, show: { $0 }),
        at: \.datePattern
    )

    public static let feedContent = make(
        "feed-content", "BYLINE_FEED_CONTENT", default: "full", "What feeds carry: whole articles, or an excerpt (the standfirst and a link).",
        editable: editable("Feeds carry (full or excerpt)", .datesAndFeeds),
        parser: .choice(["full": true, "excerpt": false]), at: \.configuration.feedFullText
    )

    public static let theme = make(
        "theme", "BYLINE_THEME", default: "none", "A folder whose templates/ and assets/ override the default theme's files by name.",
        parser: .text({ path throws(Problem) in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw Problem("\"\(path)\" is not a folder; give a folder holding templates/ and/or assets/")
            }
            return path
        }, show: { $0 ?? "" }),
        at: \.configuration.themeDirectory
    )

    public static let wireInbox = make(
        "wire-inbox", "BYLINE_WIRE_INBOX", default: "none",
        "A folder whose agency files (ninjs, NewsML-G2) are taken in as they appear, then moved to done/ or failed/; several nodes may share it.",
        parser: .text({ path throws(Problem) in
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw Problem("\"\(path)\" is a file; give a folder for agency files to be dropped into") }
                return path
            }
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw Problem("\"\(path)\" does not exist and can't be created; give a folder Byline may write to")
            }
            return path
        }, show: { $0 ?? "" }),
        at: \.configuration.wireInbox
    )

    public static let webhookPrivateTargets = make(
        "webhook-private-targets", "BYLINE_WEBHOOK_PRIVATE_TARGETS", default: "none",
        "Private ranges (CIDR, comma-separated) webhooks may be delivered to, or all; loopback, private, link-local and metadata addresses are refused otherwise.",
        parser: .ipRanges(allowingAll: true), at: \.configuration.webhookPrivateTargets
    )

    public static let accessLog = make(
        "access-log", "BYLINE_ACCESS_LOG", default: "on",
        "A log line for every request: method, path, status, bytes, milliseconds, client, cache and the request's ID (sent back as X-Request-ID).",
        parser: .choice(["on": true, "off": false]), at: \.configuration.accessLog
    )

    public static let logFormat = make(
        "log-format", "BYLINE_LOG_FORMAT", default: "text", "How log lines are written: text for people, json (one object a line) for log shippers.",
        parser: .choice(["text": Configuration.LogFormat.text, "json": .json]), at: \.configuration.logFormat
    )

    public static let backupDirectory = make(
        "backup-dir", "BYLINE_BACKUP_DIR", default: "none",
        "A folder to write scheduled backups into (byline-backup-TIME.tar, as byline backup makes); one node of several takes each.",
        parser: .text({ path throws(Problem) in
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw Problem("\"\(path)\" is a file; give a folder for backups")
            }
            return path
        }, show: { $0 ?? "" }),
        at: \.configuration.backupDirectory
    )

    public static let backupEvery = make(
        "backup-every", "BYLINE_BACKUP_EVERY", default: "6h", "How often a scheduled backup is taken, with --backup-dir.",
        parser: .duration(60...(30 * 86400)), at: \.configuration.backupEvery
    )

    public static let backupKeep = make(
        "backup-keep", "BYLINE_BACKUP_KEEP", default: "28", "How many scheduled backups are kept; older ones are removed.",
        parser: .integer(1...10_000), at: \.configuration.backupKeep
    )

    public static let metricsPort = make(
        "metrics-port", "BYLINE_METRICS_PORT", default: "none",
        "A port of its own to serve Prometheus metrics on, at /metrics; the site's port never serves them.",
        parser: .optionalInteger(1...65535), at: \.configuration.metricsPort
    )

    public static let metricsHost = make(
        "metrics-host", "BYLINE_METRICS_HOST", default: "127.0.0.1", "Address the metrics port listens on; loopback unless a scraper elsewhere needs it.",
        parser: .text({ $0 }, show: { $0 }), at: \.configuration.metricsHost
    )

    public static let metricsToken = make(
        "metrics-token", "BYLINE_METRICS_TOKEN", default: "none", "A token scrapers must send (Authorization: Bearer TOKEN) to read the metrics.",
        parser: .text({ token throws(Problem) in
            guard token.count >= 16 else { throw Problem("a metrics token needs at least 16 characters") }
            return token
        }, show: { $0 == nil ? "" : "(set)" }),
        at: \.configuration.metricsToken
    )

    public static let readinessTimeout = make(
        "readiness-timeout-ms", "BYLINE_READINESS_TIMEOUT_MS", default: "600",
        "How long /readyz waits for the database before answering 503; keep it under the probe's own timeout (1 s in Kubernetes).",
        parser: .integer(50...60_000), at: \.configuration.readinessTimeoutMilliseconds
    )

    public static let maxConnections = make(
        "max-connections", "BYLINE_MAX_CONNECTIONS", default: "10000",
        "Open connections a node holds at once; past it, new ones wait in the listen backlog and the log says so.",
        parser: .integer(16...1_000_000), at: \.configuration.connections.maximumConnections
    )

    public static let headerTimeout = make(
        "header-timeout", "BYLINE_HEADER_TIMEOUT", default: "10s",
        "How long a client may take to send a request's headers, from its first byte; slower ones get 408 and are closed.",
        parser: .duration(1...600), at: \.configuration.connections.headerTimeout
    )

    public static let bodyTimeout = make(
        "body-timeout", "BYLINE_BODY_TIMEOUT", default: "30s",
        "How long a request body may stall, sending nothing, before its connection is closed.",
        parser: .duration(1...3600), at: \.configuration.connections.bodyTimeout
    )

    public static let idleTimeout = make(
        "idle-timeout", "BYLINE_IDLE_TIMEOUT", default: "60s",
        "How long a connection may sit idle, before its first request or between requests, before it is closed.",
        parser: .duration(1...3600), at: \.configuration.connections.idleTimeout
    )

    public static let noDemo = make(
        "no-demo", "BYLINE_NO_DEMO", default: "off", "Start a new site empty, without the demo newsroom.", isSwitch: true,
        parser: .boolean, at: \.noDemo
    )
}
