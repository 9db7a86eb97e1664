import Byline
import Foundation
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    private func resolve(_ change: (inout Configuration.Input) -> Void = { _ in }, environment: [String: String] = [:]) throws -> Configuration {
        var input = Configuration.Input()
        change(&input)
        return try Configuration.resolve(input, environment: environment)
    }

    private func error(_ change: (inout Configuration.Input) -> Void = { _ in }, environment: [String: String] = [:]) -> String? {
        do {
            _ = try resolve(change, environment: environment)
            return nil
        } catch let error as Configuration.Error {
            return error.message
        } catch {
            return "unexpected error: \(error)"
        }
    }

    private static func setting(_ flag: String, to value: String) -> (inout Configuration.Input) -> Void {
        { input in
            if let setting = Setting.named(flag) { input[setting] = value } else { Issue.record("no such setting \(flag)") }
        }
    }

    // MARK: Tests

    @Test func noSettingsGiveALocalDemoSite() throws {
        let configuration = try resolve()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.baseURL == "http://localhost:8080")
        #expect(configuration.database == .sqlite(path: "./byline-data/byline.sqlite"))
        #expect(configuration.seedsDemoContent)
        #expect(configuration.languageTag == "en-US")
        #expect(configuration.dateDisplay.timeZone.secondsFromGMT() == 0)
    }

    @Test func environmentVariablesApplyWhenNoFlagIsGiven() throws {
        let configuration = try resolve(environment: [
            "BYLINE_PORT": "9000", "BYLINE_DATA_DIR": "/srv/news", "BYLINE_SITE_NAME": "The Evening Post",
            "BYLINE_TIME_ZONE": "Europe/Paris", "BYLINE_LOCALE": "fr_FR", "BYLINE_NO_DEMO": "1",
        ])
        #expect(configuration.port == 9000)
        #expect(configuration.database == .sqlite(path: "/srv/news/byline.sqlite"))
        #expect(configuration.siteName == "The Evening Post")
        #expect(configuration.dateDisplay.timeZone.identifier == "Europe/Paris")
        #expect(configuration.languageTag == "fr-FR")
        #expect(!configuration.seedsDemoContent)
    }

    @Test func flagsWinOverEnvironmentVariables() throws {
        let configuration = try resolve({ $0[.port] = "9001" }, environment: ["BYLINE_PORT": "9000"])
        #expect(configuration.port == 9001)
    }

    @Test func theDatabaseURLNamesTheSQLiteFile() throws {
        #expect(try resolve({ $0[.database] = "sqlite:/var/lib/byline/site.db" }).database == .sqlite(path: "/var/lib/byline/site.db"))
    }

    @Test func theBaseURLLosesItsTrailingSlash() throws {
        #expect(try resolve({ $0[.baseURL] = "https://news.example.com/" }).baseURL == "https://news.example.com")
    }

    @Test(arguments: [
        ("port", "http", "--port / BYLINE_PORT"),
        ("port", "70000", "1 to 65535"),
        ("time-zone", "Mars/Olympus", "--time-zone / BYLINE_TIME_ZONE"),
        ("locale", "xx_YY", "--locale / BYLINE_LOCALE"),
        ("base-url", "news.example.com", "--base-url / BYLINE_BASE_URL"),
        ("base-url", "ftp://news.example.com", "http(s)"),
        ("database", "mysql://db", "--database / BYLINE_DATABASE_URL"),
        ("date-format", "HH:mm", "--date-format / BYLINE_DATE_FORMAT"),
        ("theme", "/nonexistent/theme", "--theme / BYLINE_THEME"),
        ("site-name", "   ", "--site-name / BYLINE_SITE_NAME"),
        ("host", "bad host!", "--host / BYLINE_HOST"),
    ])
    func aBadValueIsOneLineNamingTheSettingAndWhatIsAccepted(flag: String, value: String, expected: String) {
        let message = error(Self.setting(flag, to: value))
        #expect(message?.contains(expected) == true, "\(message ?? "no error")")
        #expect(message?.contains("\n") == false)
    }

    @Test func aDatabasePasswordNeverAppearsInAnError() {
        let message = error { $0[.database] = "mysql://editor:s3cret-pass@db.example.com/news" }
        #expect(message != nil)
        #expect(message?.contains("s3cret-pass") == false)
    }

    @Test func aPortAlreadyInUseIsABadValue() throws {
        // Given a listener on a port
        let (listener, port) = Ports.bound(listening: true)
        defer { close(listener) }
        let configuration = try resolve { $0[.port] = String(port) }

        // When the site checks it, then it is refused naming the setting
        #expect {
            try configuration.checkPortIsFree()
        } throws: { error in
            let message = (error as? Configuration.Error)?.message ?? ""
            return message.contains("--port / BYLINE_PORT") && message.contains("already in use")
        }
    }

    @Test func aFreePortPassesTheCheck() throws {
        let configuration = try resolve { $0[.port] = String(Ports.free()) }
        #expect(throws: Never.self) { try configuration.checkPortIsFree() }
    }

    // MARK: PostgreSQL

    @Test func aPostgresURLSelectsPostgreSQL() throws {
        let configuration = try resolve { $0[.database] = "postgres://editor:p%40ss@db.example.com:6543/news?sslmode=require" }
        guard case .postgres(let settings) = configuration.database else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(settings.host == "db.example.com" && settings.port == 6543)
        #expect(settings.username == "editor" && settings.password == "p@ss" && settings.database == "news")
        #expect(settings.tls == .require && settings.poolSize == 10 && settings.timeoutSeconds == 5)
    }

    @Test func tlsAndPoolSizeHaveTheirOwnSettings() throws {
        let configuration = try resolve({ $0[.database] = "postgresql://editor@db/news" }, environment: [
            "BYLINE_DATABASE_TLS": "disable", "BYLINE_DATABASE_POOL_SIZE": "25",
        ])
        guard case .postgres(let settings) = configuration.database else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(settings.tls == .disable && settings.poolSize == 25 && settings.port == 5432)
    }

    @Test(arguments: [
        ("postgres://db.example.com", "names no database"),
        ("postgres:///news", "is not a PostgreSQL URL"),
    ])
    func aBadPostgresURLSaysWhatIsMissing(url: String, expected: String) {
        #expect(error { $0[.database] = url }?.contains(expected) == true)
    }

    @Test func aBadTLSModeOrPoolSizeIsNamed() {
        #expect(error { $0[.database] = "postgres://u:secret@db/news"; $0[.databaseTLS] = "always" }?.contains("--database-tls / BYLINE_DATABASE_TLS") == true)
        #expect(error { $0[.database] = "postgres://u:secret@db/news"; $0[.databasePoolSize] = "0" }?.contains("--database-pool-size / BYLINE_DATABASE_POOL_SIZE") == true)
        #expect(error { $0[.database] = "postgres://u:secret@db/news"; $0[.databaseTimeout] = "0" }?.contains("--database-timeout / BYLINE_DATABASE_TIMEOUT") == true)
    }

    @Test func thePostgresPasswordIsNeverShown() throws {
        let configuration = try resolve { $0[.database] = "postgres://editor:hunter2-secret@db.example.com/news" }
        guard case .postgres(let settings) = configuration.database else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(!settings.description.contains("hunter2-secret"))
        #expect(error { $0[.database] = "postgres://editor:hunter2-secret@db.example.com" }?.contains("hunter2-secret") == false)
    }

    // MARK: Comments

    @Test func commentSettingsDefaultToWordPressValues() throws {
        let policy = try resolve().comments
        #expect(policy.maxDepth == 5 && policy.threadsPerPage == 50 && policy.closeAfterDays == nil)
        #expect(policy.perMinuteFromNetwork == 5 && policy.floodInterval == 15 && policy.clientDataRetentionDays == 30)
        #expect(policy.moderation.trustAfterApproved == 1 && policy.moderation.holdLinksAtOrAbove == 2 && !policy.moderation.holdAll)
        #expect(policy.trustedProxies.isEmpty)
    }

    @Test func commentSettingsComeFromFlagsVariablesAndListFiles() throws {
        let directory = TemporaryDirectory.make()
        try "casino\n\n/cr[y1]pto/\n  198.51.100.  \n".write(toFile: directory + "/disallowed.txt", atomically: true, encoding: .utf8)
        let policy = try resolve({ $0[.commentMaxDepth] = "3"; $0[.commentDisallowedFile] = directory + "/disallowed.txt" }, environment: [
            "BYLINE_COMMENT_THREADS_PER_PAGE": "20", "BYLINE_COMMENTS_CLOSE_AFTER_DAYS": "14", "BYLINE_COMMENT_RATE_LIMIT": "9",
            "BYLINE_COMMENT_TRUST_AFTER": "2", "BYLINE_COMMENT_HOLD_ALL": "true", "BYLINE_COMMENT_RETENTION_DAYS": "7",
            "BYLINE_TRUSTED_PROXIES": "10.0.0.0/8, ::1", "BYLINE_COMMENT_FLOOD_SECONDS": "30",
        ]).comments
        #expect(policy.floodInterval == 30)
        #expect(policy.maxDepth == 3 && policy.threadsPerPage == 20 && policy.closeAfterDays == 14 && policy.perMinuteFromNetwork == 9)
        #expect(policy.moderation.trustAfterApproved == 2 && policy.moderation.holdAll && policy.clientDataRetentionDays == 7)
        #expect(policy.moderation.disallowed == ["casino", "/cr[y1]pto/", "198.51.100."])
        #expect(policy.trustedProxies.count == 2)
    }

    @Test(arguments: [
        ("comment-max-depth", "0"), ("comment-threads-per-page", "many"), ("comments-close-after-days", "-1"),
        ("comment-rate-limit", "0"), ("comment-hold-all", "sometimes"), ("trusted-proxies", "10.0.0.0/99"),
        ("comment-moderation-file", "/nonexistent/words.txt"),
    ])
    func aBadCommentSettingIsNamed(flag: String, value: String) {
        let message = error(Self.setting(flag, to: value))
        #expect(message?.contains("--\(flag) / ") == true, "\(message ?? "no error")")
    }
}
