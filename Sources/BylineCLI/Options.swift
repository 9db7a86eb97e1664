import ArgumentParser
import Byline
import Foundation

/// Where the data lives: shared by every subcommand that touches the database.
struct StorageOptions: ParsableArguments {
    @Option(name: name(.dataDirectory), help: help(.dataDirectory)) var dataDirectory: String?
    @Option(name: name(.database), help: help(.database)) var database: String?
    @Option(name: name(.databaseTLS), help: help(.databaseTLS)) var databaseTLS: String?
    @Option(name: name(.databasePoolSize), help: help(.databasePoolSize)) var databasePoolSize: String?
    @Option(name: name(.databaseTimeout), help: help(.databaseTimeout)) var databaseTimeout: String?

    func apply(to input: inout Configuration.Input) {
        let given: [Setting: String?] = [
            .dataDirectory: dataDirectory, .database: database, .databaseTLS: databaseTLS, .databasePoolSize: databasePoolSize,
            .databaseTimeout: databaseTimeout,
        ]
        for case let (setting, value?) in given { input[setting] = value }
    }

    /// Settings for commands that only touch the database, and any of their own; they never
    /// add demo content.
    func configuration(_ own: [Setting: String?] = [:]) throws -> Configuration {
        var input = Configuration.Input()
        apply(to: &input)
        for case let (setting, value?) in own { input[setting] = value }
        input.noDemo = true
        return try resolveConfiguration(input)
    }

    /// The site's storage, or the reason it can't be opened and exit status 1.
    func open() async throws -> Storage {
        do {
            return try await openStorage(try configuration())
        } catch let error as StartupError {
            fail(error.message, code: 1)
        }
    }
}

/// The site's public settings, for `serve`.
struct SiteOptions: ParsableArguments {
    @Option(name: name(.host), help: help(.host)) var host: String?
    @Option(name: name(.port), help: help(.port)) var port: String?
    @Option(name: name(.siteName), help: help(.siteName)) var siteName: String?
    @Option(name: name(.baseURL), help: help(.baseURL)) var baseURL: String?
    @Option(name: name(.timeZone), help: help(.timeZone)) var timeZone: String?
    @Option(name: name(.locale), help: help(.locale)) var locale: String?
    @Option(name: name(.dateFormat), help: help(.dateFormat)) var dateFormat: String?
    @Option(name: name(.theme), help: help(.theme)) var theme: String?
    @Option(name: name(.commentMaxDepth), help: help(.commentMaxDepth)) var commentMaxDepth: String?
    @Option(name: name(.commentThreadsPerPage), help: help(.commentThreadsPerPage)) var commentThreadsPerPage: String?
    @Option(name: name(.commentsCloseAfterDays), help: help(.commentsCloseAfterDays)) var commentsCloseAfterDays: String?
    @Option(name: name(.commentRateLimit), help: help(.commentRateLimit)) var commentRateLimit: String?
    @Option(name: name(.commentFloodSeconds), help: help(.commentFloodSeconds)) var commentFloodSeconds: String?
    @Option(name: name(.commentTrustAfter), help: help(.commentTrustAfter)) var commentTrustAfter: String?
    @Option(name: name(.commentHoldAll), help: help(.commentHoldAll)) var commentHoldAll: String?
    @Option(name: name(.commentDisallowedFile), help: help(.commentDisallowedFile)) var commentDisallowedFile: String?
    @Option(name: name(.commentModerationFile), help: help(.commentModerationFile)) var commentModerationFile: String?
    @Option(name: name(.commentRetentionDays), help: help(.commentRetentionDays)) var commentRetentionDays: String?
    @Option(name: name(.trustedProxies), help: help(.trustedProxies)) var trustedProxies: String?
    @Option(name: name(.mediaDirectory), help: help(.mediaDirectory)) var mediaDirectory: String?
    @Option(name: name(.mediaMaxMB), help: help(.mediaMaxMB)) var mediaMaxMB: String?
    @Option(name: name(.feedContent), help: help(.feedContent)) var feedContent: String?
    @Option(name: name(.apiRateLimit), help: help(.apiRateLimit)) var apiRateLimit: String?
    @Option(name: name(.pageCacheMB), help: help(.pageCacheMB)) var pageCacheMB: String?
    @Option(name: name(.wireInbox), help: help(.wireInbox)) var wireInbox: String?
    @Option(name: name(.webhookPrivateTargets), help: help(.webhookPrivateTargets)) var webhookPrivateTargets: String?
    @Option(name: name(.accessLog), help: help(.accessLog)) var accessLog: String?
    @Option(name: name(.backupDirectory), help: help(.backupDirectory)) var backupDirectory: String?
    @Option(name: name(.backupEvery), help: help(.backupEvery)) var backupEvery: String?
    @Option(name: name(.backupKeep), help: help(.backupKeep)) var backupKeep: String?
    @Option(name: name(.metricsPort), help: help(.metricsPort)) var metricsPort: String?
    @Option(name: name(.metricsHost), help: help(.metricsHost)) var metricsHost: String?
    @Option(name: name(.metricsToken), help: help(.metricsToken)) var metricsToken: String?
    @Option(name: name(.readinessTimeout), help: help(.readinessTimeout)) var readinessTimeout: String?
    @Option(name: name(.logFormat), help: help(.logFormat)) var logFormat: String?
    @Option(name: name(.maxConnections), help: help(.maxConnections)) var maxConnections: String?
    @Option(name: name(.headerTimeout), help: help(.headerTimeout)) var headerTimeout: String?
    @Option(name: name(.bodyTimeout), help: help(.bodyTimeout)) var bodyTimeout: String?
    @Option(name: name(.idleTimeout), help: help(.idleTimeout)) var idleTimeout: String?
    @Flag(name: name(.noDemo), help: help(.noDemo)) var noDemo = false

    func apply(to input: inout Configuration.Input) {
        let given: [Setting: String?] = [
            .host: host, .port: port, .siteName: siteName, .baseURL: baseURL, .timeZone: timeZone, .locale: locale,
            .dateFormat: dateFormat, .theme: theme, .commentMaxDepth: commentMaxDepth,
            .commentThreadsPerPage: commentThreadsPerPage, .commentsCloseAfterDays: commentsCloseAfterDays,
            .commentRateLimit: commentRateLimit, .commentFloodSeconds: commentFloodSeconds,
            .commentTrustAfter: commentTrustAfter, .commentHoldAll: commentHoldAll,
            .commentDisallowedFile: commentDisallowedFile, .commentModerationFile: commentModerationFile,
            .commentRetentionDays: commentRetentionDays, .trustedProxies: trustedProxies, .mediaDirectory: mediaDirectory,
            .mediaMaxMB: mediaMaxMB, .feedContent: feedContent, .apiRateLimit: apiRateLimit, .pageCacheMB: pageCacheMB, .wireInbox: wireInbox,
            .webhookPrivateTargets: webhookPrivateTargets, .accessLog: accessLog, .logFormat: logFormat,
            .backupDirectory: backupDirectory, .backupEvery: backupEvery, .backupKeep: backupKeep,
            .metricsPort: metricsPort, .metricsHost: metricsHost, .metricsToken: metricsToken,
            .readinessTimeout: readinessTimeout, .maxConnections: maxConnections, .headerTimeout: headerTimeout,
            .bodyTimeout: bodyTimeout, .idleTimeout: idleTimeout,
        ]
        for case let (setting, value?) in given { input[setting] = value }
        input.noDemo = noDemo
    }
}

// The options are declared one by one because ArgumentParser reads them from properties; their
// names and help come from the settings' descriptions, and a test checks that none is missing.
private func name(_ setting: Setting) -> NameSpecification { .customLong(setting.key) }

private func help(_ setting: Setting) -> ArgumentHelp {
    ArgumentHelp(setting.commandLineHelp, valueName: setting == .database ? "url" : "value")
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
