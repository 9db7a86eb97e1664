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
    /// A folder agency files are dropped into, watched while serving.
    public var wireInbox: String?
    /// A folder scheduled backups are written into; none unless the operator names one.
    public var backupDirectory: String?
    public var backupEvery: Duration = .seconds(6 * 3600)
    public var backupKeep = 28

    /// The backup schedule, when there is one.
    public var backupSchedule: BackupSchedule.Settings? {
        backupDirectory.map { BackupSchedule.Settings(folder: $0, every: backupEvery, keep: backupKeep) }
    }

    /// Where `/metrics` is served, when at all.
    public var metricsPort: Int?
    public var metricsHost = "127.0.0.1"
    public var metricsToken: String?

    public var metrics: MetricsServer.Settings? {
        metricsPort.map { MetricsServer.Settings(host: metricsHost, port: $0, token: metricsToken) }
    }

    /// How long `/readyz` waits for the database before it says the node is not ready.
    public var readinessTimeoutMilliseconds = 600

    /// How many clients may be connected, and how slow each may be.
    public var connections = ConnectionLimits()

    /// Whether every request is logged in a line of its own.
    public var accessLog = true
    /// How log lines are written.
    public var logFormat = LogFormat.text

    public enum LogFormat: String, Sendable {
        /// swift-log's own lines, for a person reading a terminal or journalctl.
        case text
        /// One JSON object a line, for a log shipper.
        case json
    }

    /// Private address ranges webhooks may still be delivered to; none unless the operator says.
    public var webhookPrivateTargets: [IPRange] = []

    /// Where webhook deliveries may go, checked when one is added and before each delivery.
    public var webhookTargets: WebhookTargets { WebhookTargets(allowedPrivate: webhookPrivateTargets) }

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

    /// The raw, unvalidated values of settings, as flags give them.
    public struct Input: Sendable {
        public var values: [Setting: String] = [:]

        public init() {}

        public subscript(setting: Setting) -> String? {
            get { values[setting] }
            set { values[setting] = newValue }
        }

        public var noDemo: Bool {
            get { values[.noDemo] == "true" }
            set { values[.noDemo] = newValue ? "true" : nil }
        }
    }

    /// An invalid setting, described in one line.
    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        public let message: String
        /// The flag's name, such as `site-name`.
        public let setting: String
        /// What is wrong, without naming the flag: for a form field.
        public let problem: String
        public var description: String { message }

        init(_ setting: Setting, _ problem: String) {
            message = "invalid setting \(setting): \(problem)"
            self.setting = setting.key
            self.problem = problem
        }
    }

    /// Resolves and validates every setting. Flags win over environment variables.
    public static func resolve(_ input: Input, environment: [String: String]) throws(Error) -> Configuration {
        var given = input.values
        for setting in Setting.all where given[setting] == nil {
            if let variable = setting.variable, let value = environment[variable], !value.isEmpty { given[setting] = value }
        }
        var draft = Draft(defaults)
        for setting in Setting.all where setting.isStartupSetting {
            if let text = given[setting] { try setting.apply(text, to: &draft) }
        }
        // Defaults that follow from other settings.
        if given[.baseURL] == nil { draft.configuration.baseURL = "http://localhost:\(draft.configuration.port)" }
        if given[.database] == nil {
            draft.database = .sqlite(path: (draft.configuration.dataDirectory as NSString).appendingPathComponent("byline.sqlite"))
        }
        if given[.mediaDirectory] == nil {
            draft.mediaDirectory = if case .postgres = draft.database { nil } else {
                (draft.configuration.dataDirectory as NSString).appendingPathComponent("media")
            }
        }
        return draft.configuration
    }

    /// What every setting is when nothing sets it.
    static let defaults = Configuration(
        host: "127.0.0.1", port: 8080, dataDirectory: "./byline-data", database: .sqlite(path: "./byline-data/byline.sqlite"),
        siteName: "The Byline Courier", baseURL: "http://localhost:8080",
        dateDisplay: DateDisplay(timeZone: TimeZone(identifier: "UTC") ?? .gmt, locale: Locale(identifier: "en_US"), pattern: DateDisplay.defaultPattern),
        themeDirectory: nil, seedsDemoContent: true, comments: CommentPolicy(), mediaStore: .directory("./byline-data/media"),
        mediaMaxBytes: 20 * 1_048_576
    )

    public enum MediaStoreLocation: Sendable, Equatable {
        case directory(String)
        case database
    }

    /// The BCP 47 language tag for `<html lang>`, e.g. `en-US`.
    public var languageTag: String {
        dateDisplay.locale.identifier.replacingOccurrences(of: "_", with: "-")
    }
}
