import ArgumentParser
import Byline
import Foundation

/// Where the data lives: shared by every subcommand that touches the database.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: help("data-dir"))
    var dataDirectory: String?

    @Option(help: help("database"))
    var database: String?

    @Option(name: .customLong("database-tls"), help: help("database-tls"))
    var databaseTLS: String?

    @Option(name: .customLong("database-pool-size"), help: help("database-pool-size"))
    var databasePoolSize: String?

    @Option(name: .customLong("database-timeout"), help: help("database-timeout"))
    var databaseTimeout: String?

    func apply(to input: inout Configuration.Input) {
        input.dataDirectory = dataDirectory
        input.database = database
        input.databaseTLS = databaseTLS
        input.databasePoolSize = databasePoolSize
        input.databaseTimeout = databaseTimeout
    }

    /// Settings for commands that only touch the database; they never add demo content.
    func configuration() throws -> Configuration {
        var input = Configuration.Input()
        apply(to: &input)
        input.noDemo = true
        return try resolveConfiguration(input)
    }
}

/// The site's public settings, for `serve`.
struct SiteOptions: ParsableArguments {
    @Option(help: help("host")) var host: String?
    @Option(help: help("port")) var port: String?
    @Option(name: .customLong("site-name"), help: help("site-name")) var siteName: String?
    @Option(name: .customLong("base-url"), help: help("base-url")) var baseURL: String?
    @Option(name: .customLong("time-zone"), help: help("time-zone")) var timeZone: String?
    @Option(help: help("locale")) var locale: String?
    @Option(name: .customLong("date-format"), help: help("date-format")) var dateFormat: String?
    @Option(help: help("theme")) var theme: String?
    @Option(name: .customLong("comment-max-depth"), help: help("comment-max-depth")) var commentMaxDepth: String?
    @Option(name: .customLong("comment-threads-per-page"), help: help("comment-threads-per-page")) var commentThreadsPerPage: String?
    @Option(name: .customLong("comments-close-after-days"), help: help("comments-close-after-days")) var commentsCloseAfterDays: String?
    @Option(name: .customLong("comment-rate-limit"), help: help("comment-rate-limit")) var commentRateLimit: String?
    @Option(name: .customLong("comment-flood-seconds"), help: help("comment-flood-seconds")) var commentFloodSeconds: String?
    @Option(name: .customLong("comment-trust-after"), help: help("comment-trust-after")) var commentTrustAfter: String?
    @Option(name: .customLong("comment-hold-all"), help: help("comment-hold-all")) var commentHoldAll: String?
    @Option(name: .customLong("comment-disallowed-file"), help: help("comment-disallowed-file")) var commentDisallowedFile: String?
    @Option(name: .customLong("comment-moderation-file"), help: help("comment-moderation-file")) var commentModerationFile: String?
    @Option(name: .customLong("comment-retention-days"), help: help("comment-retention-days")) var commentRetentionDays: String?
    @Option(name: .customLong("trusted-proxies"), help: help("trusted-proxies")) var trustedProxies: String?
    @Option(name: .customLong("media-dir"), help: help("media-dir")) var mediaDirectory: String?
    @Option(name: .customLong("media-max-mb"), help: help("media-max-mb")) var mediaMaxMB: String?
    @Option(name: .customLong("feed-content"), help: help("feed-content")) var feedContent: String?
    @Option(name: .customLong("api-rate-limit"), help: help("api-rate-limit")) var apiRateLimit: String?
    @Option(name: .customLong("page-cache-mb"), help: help("page-cache-mb")) var pageCacheMB: String?
    @Flag(name: .customLong("no-demo"), help: "Start an empty site: skip the demo newsroom a new site otherwise gets. (env: BYLINE_NO_DEMO=1)")
    var noDemo = false

    func apply(to input: inout Configuration.Input) {
        input.host = host
        input.port = port
        input.siteName = siteName
        input.baseURL = baseURL
        input.timeZone = timeZone
        input.locale = locale
        input.dateFormat = dateFormat
        input.theme = theme
        input.commentMaxDepth = commentMaxDepth
        input.commentThreadsPerPage = commentThreadsPerPage
        input.commentsCloseAfterDays = commentsCloseAfterDays
        input.commentRateLimit = commentRateLimit
        input.commentFloodSeconds = commentFloodSeconds
        input.commentTrustAfter = commentTrustAfter
        input.commentHoldAll = commentHoldAll
        input.commentDisallowedFile = commentDisallowedFile
        input.commentModerationFile = commentModerationFile
        input.commentRetentionDays = commentRetentionDays
        input.trustedProxies = trustedProxies
        input.mediaDirectory = mediaDirectory
        input.mediaMaxMB = mediaMaxMB
        input.feedContent = feedContent
        input.apiRateLimit = apiRateLimit
        input.pageCacheMB = pageCacheMB
        input.noDemo = noDemo
    }
}

private func help(_ flag: String) -> ArgumentHelp {
    let setting = Configuration.settings.first { $0.flag == flag }!
    return ArgumentHelp("\(setting.help) (env: \(setting.variable), default: \(setting.defaultValue))", valueName: flag == "database" ? "url" : "value")
}

/// Resolves settings, or prints the one-line reason they are wrong and exits with EX_USAGE.
func resolveConfiguration(_ input: Configuration.Input) throws -> Configuration {
    do {
        return try Configuration.resolve(input, environment: ProcessInfo.processInfo.environment)
    } catch {
        fail(error.description, code: 64)
    }
}

/// Prints `byline: <message>` to standard error and exits.
func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("byline: \(message)\n".utf8))
    exit(code)
}

/// Writes a line to standard output at once: `print` is block-buffered when piped, and a
/// supervisor reading the start-up line should not wait for it.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
