import ArgumentParser
import Byline
import Foundation
import Hummingbird
import Logging
import Metrics
import OTel
import Prometheus
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the site.",
        discussion: """
            With no settings, serves a demo newsroom on http://localhost:8080 from a SQLite \
            database in ./byline-data, creating and migrating it on first start.
            """
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var storage: StorageOptions
    @Option(help: "The folder of Byline's own files (themes, newsroom templates), when not found beside the binary (PREFIX/share/byline); also BYLINE_RESOURCES.")
    var resources: String?

    func run() async throws {
        if let resources {
            do {
                try BundledResources.use(resources)
            } catch let error as StartupError {
                fail(error.message, code: 64)
            }
        }
        var input = Configuration.Input()
        site.apply(to: &input)
        storage.apply(to: &input)
        let configuration = try resolveConfiguration(input)
        do {
            try configuration.checkPortIsFree()
        } catch {
            fail(error.description, code: 64)
        }
        if configuration.logFormat == .json {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        }
        // Metrics cost nothing unless an operator asked for them.
        var registry: PrometheusCollectorRegistry?
        if configuration.metrics != nil {
            let prometheus = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: prometheus))
            registry = prometheus
        }
        // Traces only when the environment asks (OTEL_TRACES_EXPORTER, an OTLP endpoint): logs
        // and metrics keep their own exporters.
        var observability: [any Service] = []
        if SiteTracing.isRequested(by: ProcessInfo.processInfo.environment) {
            var otel = OTel.Configuration.default
            otel.serviceName = "byline"
            otel.logs.enabled = false
            otel.metrics.enabled = false
            do {
                observability = [try OTel.bootstrap(configuration: otel)]
            } catch {
                fail("cannot start OpenTelemetry tracing: \(error); check the OTEL_* variables", code: 64)
            }
            SiteTracing.enable()
        }
        var logger = Logger(label: "byline")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        FileDescriptorLimit.raise(toHold: configuration.connections.maximumConnections, logger: logger)
        do {
            let opened = try await openStorage(configuration, logger: logger)
            let banner = [
                "Byline is serving \(configuration.siteName) on \(configuration.baseURL)/ (listening on \(configuration.host):\(configuration.port))",
                "Data: \(describe(configuration.database))\(opened.isNew ? (configuration.seedsDemoContent ? ", new site with demo content" : ", new empty site") : "")",
            ]
            let app = try await buildApplication(configuration, storage: opened, logger: logger, metrics: registry, observability: observability) {
                banner.forEach(say)
            }
            try await app.runService()
        } catch let error as StartupError {
            fail(error.message, code: 1)
        }
    }

    private func describe(_ database: Configuration.DatabaseLocation) -> String {
        switch database {
        case .sqlite(let path): "SQLite database at \(URL(fileURLWithPath: path).standardizedFileURL.path)"
        case .postgres(let settings): settings.description
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the database if needed and apply pending migrations.",
        discussion: "A database created here starts empty: the demo content is only added by `serve`."
    )

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let configuration = try storage.configuration()
        do {
            _ = try await openStorage(configuration)
            say("Migrations applied; the database is up to date.")
        } catch let error as StartupError {
            fail(error.message, code: 1)
        }
    }
}
