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
        let ended = try ServerProcess.run(arguments, environment: environment, stdin: stdin, executable: Self.executable)
        return Run(status: ended.status, output: ended.output, errors: ended.errors)
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
        for subcommand in ["serve", "migrate", "articles", "comments", "users"] { #expect(top.output.contains(subcommand)) }

        let serve = try byline(["serve", "--help"])
        for setting in Setting.all where setting.isStartupSetting {
            #expect(serve.output.contains("--\(setting.key)"), "serve --help lacks --\(setting.key)")
            #expect(serve.output.contains(setting.variable ?? "?"), "serve --help lacks \(setting.description)")
        }
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
        input[.dataDirectory] = directory
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

        // Then the site's navigation shows the section without a restart. (The watcher notices
        // within a second; the bound is generous because timing is make bench's to measure,
        // and a loaded CI machine once missed one second.)
        let seen = await server.waitFor("/", within: .seconds(10)) { $0.body.contains(">Sport</a>") }
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

    // MARK: Moderating comments

    @Test func commentsAreModeratedFromTheCommandLine() async throws {
        // Given a site with a held comment
        let directory = TemporaryDirectory.make()
        var input = Configuration.Input()
        input[.dataDirectory] = directory
        input.noDemo = true
        let storage = try await openStorage(try Configuration.resolve(input, environment: [:]))
        let article = try await storage.articles.save([Fixtures.article("talks")], now: Fixtures.publishedAt)[0].id
        let held = try await storage.comments.add(NewComment(
            articleID: article, parentID: nil, authorName: "Ana", authorEmail: "ana@example.com", authorURL: nil, body: "Please approve me",
            status: .pending, reason: "first comment", ip: "203.0.113.5", userAgent: nil, createdAt: Date()
        ), maxDepth: 5)

        // When a moderator lists, approves and bans
        let listed = try byline(["comments", "list", "--status", "pending", "--article", "talks", "--data-dir", directory])
        let approved = try byline(["comments", "approve", String(held.id), "--by", "desk@example.com", "--reason", "fine", "--data-dir", directory])
        let banned = try byline(["comments", "ban", "--ip", "198.51.100.0/24", "--reason", "spam wave", "--data-dir", directory])

        // Then each says what it did, and the library recorded it
        #expect(listed.status == 0 && listed.output.contains("#\(held.id)") && listed.output.contains("Please approve me"))
        #expect(approved.output.contains("1 of 1 comments are now approved."), "\(approved.errors)")
        #expect(banned.output.contains("Banned 198.51.100.0/24."))
        #expect(try await storage.comments.comment(id: held.id)?.status == .approved)
        #expect(try await storage.comments.decisions(commentID: held.id).last?.decidedBy == "desk@example.com")
        #expect(try await storage.comments.bans().map(\.value) == ["198.51.100.0/24"])
    }

    @Test func moderationMistakesAreOneLineWithAFix() throws {
        let directory = TemporaryDirectory.make()
        let badStatus = try byline(["comments", "list", "--status", "maybe", "--data-dir", directory])
        let badRange = try byline(["comments", "ban", "--ip", "not-an-ip", "--data-dir", directory])
        let both = try byline(["comments", "ban", "--ip", "1.2.3.4", "--email", "a@example.com", "--data-dir", directory])
        let unknownArticle = try byline(["comments", "list", "--article", "nope", "--data-dir", directory])
        #expect(badStatus.status == 64 && badStatus.errors.contains("pending, approved, spam, trash"))
        #expect(badRange.status == 65 && badRange.errors.contains("CIDR range"))
        #expect(both.status == 64 && both.errors.contains("exactly one of --email or --ip"))
        #expect(unknownArticle.status == 65 && unknownArticle.errors.contains("no article has the slug \"nope\""))
    }

    // MARK: Accounts

    @Test func theFirstAdminIsCreatedWithAPasswordFileAndManagedAfterwards() throws {
        let directory = TemporaryDirectory.make()
        let passwordFile = directory + "/password.txt"
        try "correct horse battery staple\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)

        let created = try byline(["users", "create", "--email", "Chief@Example.com", "--name", "Chief Editor", "--role", "admin", "--password-file", passwordFile, "--data-dir", directory])
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.contains("Created admin chief@example.com (Chief Editor)."))

        let demoted = try byline(["users", "set-role", "--email", "chief@example.com", "--role", "editor", "--data-dir", directory])
        #expect(demoted.output.contains("chief@example.com is now editor."))
        let listed = try byline(["users", "list", "--data-dir", directory])
        #expect(listed.output.contains("chief@example.com  editor  Chief Editor"))

        try "a different long passphrase\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let reset = try byline(["users", "reset-password", "--email", "chief@example.com", "--password-file", passwordFile, "--data-dir", directory])
        #expect(reset.output.contains("Password changed for chief@example.com."))
    }

    @Test func aPasswordIsReadFromStandardInputWhenItIsNotATerminal() throws {
        let run = try byline(
            ["users", "create", "--email", "a@example.com", "--name", "A", "--role", "author", "--data-dir", TemporaryDirectory.make()],
            stdin: Data("correct horse battery staple\n".utf8)
        )
        #expect(run.status == 0, "\(run.errors)")
    }

    @Test func accountMistakesAreOneLine() throws {
        let directory = TemporaryDirectory.make()
        let passwordFile = directory + "/password.txt"
        try "qwerty123456\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let weak = try byline(["users", "create", "--email", "a@example.com", "--name", "A", "--role", "admin", "--password-file", passwordFile, "--data-dir", directory])
        let badRole = try byline(["users", "create", "--email", "a@example.com", "--name", "A", "--role", "boss", "--password-file", passwordFile, "--data-dir", directory])
        let nobody = try byline(["users", "set-role", "--email", "no@example.com", "--role", "admin", "--data-dir", directory])
        let asArgument = try byline(["users", "create", "--email", "a@example.com", "--name", "A", "--role", "admin", "--password", "correct horse battery staple", "--data-dir", directory])
        #expect(weak.status == 65 && weak.errors == "byline: password refused: That is one of the most common passwords; choose another.\n")
        #expect(badRole.status == 64 && badRole.errors.contains("contributor, author, editor or admin"))
        #expect(nobody.status == 65 && nobody.errors.contains("no account has the email no@example.com"))
        #expect(asArgument.status != 0, "a password is never taken as a command-line argument")
    }

    @Test func apiTokensAreShownOnceListedWithoutSecretsAndRevoked() throws {
        let directory = TemporaryDirectory.make()
        let created = try byline(["tokens", "create", "--name", "AFP ingester", "--role", "editor", "--data-dir", directory])
        #expect(created.status == 0, "\(created.errors)")
        let secret = try #require(created.output.split(separator: "\n").last.map(String.init))
        #expect(secret.hasPrefix("byl_") && secret.count > 40)
        let listed = try byline(["tokens", "list", "--data-dir", directory])
        #expect(listed.output.contains("1  editor  active  never used  AFP ingester") && !listed.output.contains(secret))
        #expect(try byline(["tokens", "revoke", "1", "--data-dir", directory]).output.contains("Token 1 is revoked."))
        #expect(try byline(["tokens", "list", "--data-dir", directory]).output.contains("revoked"))
        let missing = try byline(["tokens", "revoke", "9", "--data-dir", directory])
        #expect(missing.status == 65 && missing.errors.contains("no token has the number 9"))
        let badRole = try byline(["tokens", "create", "--name", "x", "--role", "boss", "--data-dir", directory])
        #expect(badRole.status == 64)
    }

    @Test func webhooksAreAddedListedAndRemovedFromTheCommandLine() throws {
        let directory = TemporaryDirectory.make()
        let added = try byline(["webhooks", "add", "https://hooks.example.com/in", "--events", "article.published,comment.held", "--data-dir", directory])
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.contains("Added webhook 1 for article.published, comment.held.") && added.output.contains("whsec_"))
        #expect(try byline(["webhooks", "list", "--data-dir", directory]).output.contains("1  https://hooks.example.com/in  article.published,comment.held"))
        #expect(try byline(["webhooks", "deliveries", "--data-dir", directory]).output.contains("No deliveries yet."))
        let wrong = try byline(["webhooks", "add", "https://hooks.example.com/in", "--events", "article.eaten", "--data-dir", directory])
        #expect(wrong.status == 64 && wrong.errors.contains("is not an event"))
        #expect(try byline(["webhooks", "remove", "1", "--data-dir", directory]).output.contains("Webhook 1 is removed."))
    }

    @Test func theQuoteIndexIsReadAgainInBatchesAndListed() async throws {
        let directory = TemporaryDirectory.make()
        var input = Configuration.Input()
        input[.dataDirectory] = directory
        input.noDemo = true
        let storage = try await openStorage(try Configuration.resolve(input, environment: [:]))
        _ = try await storage.articles.save([
            Fixtures.article("talks", body: PeoplePagesTests.talks), Fixtures.article("quiet", body: "Nobody said anything."),
        ], now: Fixtures.publishedAt)
        let run = try byline(["quotes", "reindex", "--all", "--batch", "1", "--data-dir", directory])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "Marked 2 stories to be read again.\nIndexed 1 story; 1 to go.\nIndexed 2 stories; 0 to go.\nDone: 2 stories indexed.\n")
        #expect(try byline(["quotes", "reindex", "--data-dir", directory]).output == "Every story is indexed already. Use --all to read them all again.\n")
        #expect(try byline(["quotes", "people", "--data-dir", directory]).output == "1\tSergei Lavrov\t/people/sergei-lavrov\n1\tVladimir Putin\t/people/vladimir-putin\n", "equal counts go by name")
        let wrong = try byline(["quotes", "reindex", "--batch", "0", "--data-dir", directory])
        #expect(wrong.status == 64 && wrong.errors.contains("--batch is a number from 1 to 1000"))
    }

    @Test func agencyFilesAreTakenInWithALinePerStoryAndAnUnreadableOneIsNamed() throws {
        let directory = TemporaryDirectory.make()
        let added = try byline(["wire", "sources", "add", "Continental Press", "--credit", "CP", "--policy", "publish", "--section", "world",
                                "--map", "medtop:20000587=tag:Budget", "--data-dir", directory])
        #expect(added.status == 0 && added.output == "Saved wire source Continental Press: credited to CP, published at once, filed in world.\n", "\(added.errors)")
        #expect(try byline(["wire", "sources", "list", "--data-dir", directory]).output
            == "Continental Press  credit: CP  policy: publish  section: world  medtop:20000587=tag:Budget\n")
        let junk = URL(fileURLWithPath: directory).appendingPathComponent("junk.txt")
        try Data("not a wire document".utf8).write(to: junk)
        let story = WireFixtures.folder.appendingPathComponent("newsml-g2-message.xml").path
        let run = try byline(["wire", "import", junk.path, story, "--data-dir", directory])
        #expect(run.status == 65)
        #expect(run.errors == "byline: junk.txt is neither JSON (ninjs) nor XML (NewsML-G2)\n")
        #expect(run.output == "\(story): created “Hochwasser legt Rheinschifffahrt lahm” (article 1): version 1 made a published story\n")
        let again = try byline(["wire", "import", story, "--data-dir", directory])
        #expect(again.status == 0 && again.output.hasSuffix("ignored “Hochwasser legt Rheinschifffahrt lahm” (article 1): version 1 ignored: not newer than version 1, which Byline already has\n"))
        #expect(try byline(["wire", "import", story, "--policy", "sometimes", "--data-dir", directory]).status == 64)
        let badMap = try byline(["wire", "sources", "add", "X", "--map", "04000000", "--data-dir", directory])
        #expect(badMap.status == 64 && badMap.errors.contains("is not a mapping: write CODE=section:SLUG or CODE=tag:NAME"))
        #expect(try byline(["wire", "sources", "remove", "Nobody", "--data-dir", directory]).status == 65)
    }
}
