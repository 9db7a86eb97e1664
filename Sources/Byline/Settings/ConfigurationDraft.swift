import Foundation

extension Configuration {
    /// A configuration while settings are applied to it: the places settings write to, where
    /// some (PostgreSQL's pool, sizes in megabytes, a date display's parts) are views of one
    /// value in the configuration.
    struct Draft: Sendable {
        var configuration: Configuration
        /// Given by `--database-tls`; otherwise the URL's `sslmode`, or `prefer`.
        private var explicitTLS: PostgresSettings.TLSMode?
        private var poolSize = 10
        private var timeoutSeconds = 5

        init(_ configuration: Configuration) {
            self.configuration = configuration
            if case .postgres(let settings) = configuration.database {
                explicitTLS = settings.tls
                poolSize = settings.poolSize
                timeoutSeconds = settings.timeoutSeconds
            }
        }

        /// The database, with the PostgreSQL options given separately applied to it.
        var database: DatabaseLocation {
            get { configuration.database }
            set {
                guard case .postgres(var settings) = newValue else { return configuration.database = newValue }
                settings.tls = explicitTLS ?? settings.tls
                settings.poolSize = poolSize
                settings.timeoutSeconds = timeoutSeconds
                configuration.database = .postgres(settings)
            }
        }

        var postgresTLS: PostgresSettings.TLSMode {
            get { explicitTLS ?? .prefer }
            set { explicitTLS = newValue; database = database }
        }

        var postgresPoolSize: Int {
            get { poolSize }
            set { poolSize = newValue; database = database }
        }

        var postgresTimeout: Int {
            get { timeoutSeconds }
            set { timeoutSeconds = newValue; database = database }
        }

        var timeZone: TimeZone {
            get { configuration.dateDisplay.timeZone }
            set { configuration.dateDisplay = DateDisplay(timeZone: newValue, locale: locale, pattern: datePattern) }
        }

        var locale: Locale {
            get { configuration.dateDisplay.locale }
            set { configuration.dateDisplay = DateDisplay(timeZone: timeZone, locale: newValue, pattern: datePattern) }
        }

        var datePattern: String {
            get { configuration.dateDisplay.pattern }
            set { configuration.dateDisplay = DateDisplay(timeZone: timeZone, locale: locale, pattern: newValue) }
        }

        /// A folder, or nil for the database.
        var mediaDirectory: String? {
            get { if case .directory(let path) = configuration.mediaStore { path } else { nil } }
            set { configuration.mediaStore = newValue.map { .directory($0) } ?? .database }
        }

        var mediaMaxMB: Int {
            get { configuration.mediaMaxBytes / 1_048_576 }
            set { configuration.mediaMaxBytes = newValue * 1_048_576 }
        }

        var pageCacheMB: Int {
            get { configuration.pageCacheBytes / 1_048_576 }
            set { configuration.pageCacheBytes = newValue * 1_048_576 }
        }

        var commentFloodSeconds: Int {
            get { Int(configuration.comments.floodInterval) }
            set { configuration.comments.floodInterval = TimeInterval(newValue) }
        }

        var noDemo: Bool {
            get { !configuration.seedsDemoContent }
            set { configuration.seedsDemoContent = !newValue }
        }
    }
}
