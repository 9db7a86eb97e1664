import Byline
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `byline` executable itself, as an operator runs it.
@Suite("Command line", .serialized)
struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static var executable: URL { ServerProcess.executable }

    private func byline(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BYLINE_") }.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    private func writeDocument(_ object: Any) throws -> String {
        let path = TemporaryDirectory.make() + "/articles.json"
        try Fixtures.json(object).write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: Tests

    @Test func theBinaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build it first: swift build")
    }

    @Test func helpExplainsEverySubcommandAndSetting() throws {
        let top = try byline(["--help"])
        #expect(top.status == 0)
        for subcommand in ["serve", "migrate", "articles"] { #expect(top.output.contains(subcommand)) }

        let serve = try byline(["serve", "--help"])
        for setting in Configuration.settings {
            #expect(serve.output.contains("--\(setting.flag)"), "serve --help lacks --\(setting.flag)")
            #expect(serve.output.contains(setting.variable), "serve --help lacks \(setting.variable)")
        }
        #expect(serve.output.contains("--no-demo"))
        #expect(try byline(["articles", "import", "--help"]).output.contains("transaction"))
        #expect(try byline(["migrate", "--help"]).status == 0)
    }

    @Test func aBadSettingStopsStartUpWithOneLine() throws {
        let run = try byline(["serve", "--port", "eighty"], environment: ["BYLINE_DATA_DIR": TemporaryDirectory.make()])
        #expect(run.status == 64)
        #expect(run.errors == "byline: invalid setting --port / BYLINE_PORT: \"eighty\" is not a port number; use a whole number from 1 to 65535\n")
    }

    @Test func aBadEnvironmentVariableIsNamedToo() throws {
        let run = try byline(["serve"], environment: ["BYLINE_TIME_ZONE": "Atlantis/Capital", "BYLINE_DATA_DIR": TemporaryDirectory.make()])
        #expect(run.status == 64)
        #expect(run.errors.contains("BYLINE_TIME_ZONE"))
        #expect(run.errors.split(separator: "\n").count == 1)
    }

    @Test func migrateCreatesAnEmptyDatabase() throws {
        let directory = TemporaryDirectory.make()
        let run = try byline(["migrate", "--data-dir", directory])
        #expect(run.status == 0, "\(run.errors)")
        #expect(FileManager.default.fileExists(atPath: directory + "/byline.sqlite"))
    }

    @Test func importReportsCreatedAndUpdatedArticles() throws {
        let directory = TemporaryDirectory.make()
        let first = try writeDocument([Fixtures.importObject(slug: "one"), Fixtures.importObject(slug: "two")])
        let created = try byline(["articles", "import", first, "--data-dir", directory])
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.contains("created   article 0: one"))
        #expect(created.output.contains("2 created, 0 updated, 0 unchanged"))

        let second = try writeDocument([Fixtures.importObject(slug: "one", overrides: ["headline": "Changed"]), Fixtures.importObject(slug: "two")])
        let updated = try byline(["articles", "import", second, "--data-dir", directory])
        #expect(updated.output.contains("0 created, 1 updated, 1 unchanged"))
    }

    @Test func importReadsStandardInput() throws {
        let run = try byline(["articles", "import", "-", "--data-dir", TemporaryDirectory.make()], stdin: Fixtures.json(Fixtures.importObject()))
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("1 created"))
    }

    @Test func invalidImportsNameTheArticleAndFieldAndStoreNothing() async throws {
        // Given a site that already has one article
        let directory = TemporaryDirectory.make()
        _ = try byline(["articles", "import", try writeDocument(Fixtures.importObject(slug: "existing")), "--data-dir", directory])

        // When a document with one good and one bad article is imported
        var bad = Fixtures.importObject(slug: "bad")
        bad["leadImage"] = ["src": "/a.jpg", "width": 10, "height": 10]
        let run = try byline(["articles", "import", try writeDocument([Fixtures.importObject(slug: "good"), bad]), "--data-dir", directory])

        // Then it fails naming the field, and the good article was not stored either
        #expect(run.status == 65)
        #expect(run.errors.contains("article 1: leadImage.alt: is required"))
        var input = Configuration.Input()
        input.dataDirectory = directory
        let storage = try await openStorage(try Configuration.resolve(input, environment: [:]))
        #expect(try await storage.articles.article(slug: "existing") != nil)
        #expect(try await storage.articles.article(slug: "good") == nil)
    }

    @Test func aMissingFileIsReportedClearly() throws {
        let run = try byline(["articles", "import", "/nonexistent/file.json", "--data-dir", TemporaryDirectory.make()])
        #expect(run.status == 66)
        #expect(run.errors.hasPrefix("byline: cannot read /nonexistent/file.json"))
    }

    @Test func serveStartsADemoSiteAndSaysWhereItIs() async throws {
        // Given a new data directory
        let directory = TemporaryDirectory.make()

        // When the site starts
        let server = try ServerProcess(arguments: ["--data-dir", directory])
        try await server.waitUntilServing()

        // Then it says where it serves and where its data lives
        #expect(server.log.contains("http://localhost:\(server.port)/"))
        #expect(server.log.contains(directory))
        #expect(server.log.contains("demo content"))
        // And the front page shows the demo newsroom
        let front = try await server.get("/")
        #expect(front.status == 200)
        #expect(front.body.contains("Port Calder reopens its harbour"))
        #expect(front.body.occurrences(of: "<article") >= 12)
        #expect(FileManager.default.fileExists(atPath: directory + "/byline.sqlite-wal"), "SQLite runs in WAL mode")
    }

    @Test func aRunningSiteSeesArticlesImportedByAnotherProcess() async throws {
        // Given a serving empty site whose navigation has been cached
        let directory = TemporaryDirectory.make()
        let server = try ServerProcess(arguments: ["--data-dir", directory, "--no-demo"])
        try await server.waitUntilServing()
        #expect(try await server.get("/").body.contains(">Sport</a>") == false)

        // When another process imports a story in a new section
        let run = try byline(["articles", "import", try writeDocument(Fixtures.importObject(overrides: ["section": "Sport"])), "--data-dir", directory])
        #expect(run.status == 0, "\(run.errors)")

        // Then the site's navigation shows the section within a second
        let seen = await server.waitFor("/", within: .seconds(1)) { $0.body.contains(">Sport</a>") }
        #expect(seen != nil)
    }

    @Test func aPortInUseStopsServeWithOneLine() throws {
        // Given a listener on the port
        let (listener, port) = Ports.bound(listening: true)
        defer { close(listener) }

        let run = try byline(["serve", "--port", String(port), "--data-dir", TemporaryDirectory.make()])
        #expect(run.status == 64)
        #expect(run.errors == "byline: invalid setting --port / BYLINE_PORT: port \(port) on 127.0.0.1 is already in use by another program; choose another port\n")
    }
}
