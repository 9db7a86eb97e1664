import ArgumentParser
import Byline
import Foundation

struct WireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wire",
        abstract: "Take in agency copy: IPTC ninjs (1.x–3.x) and NewsML-G2.",
        discussion: """
            Each agency story becomes one article, matched by the item's guid or uri: a later version \
            updates it (or waits for an editor when the newsroom has changed it since), a kill takes it \
            down. See "Wire feeds" in the README.
            """,
        subcommands: [WireImportCommand.self, WireSourcesCommand.self]
    )
}

struct WireImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Take in agency files once, for back-fills; the same rules as the watched folder.",
        discussion: "Prints a line per story. The exit status is 65 when a file could not be read; the others are still taken in."
    )

    @Argument(help: "ninjs (.json) or NewsML-G2 (.xml) files.", completion: .file(extensions: ["json", "xml"]))
    var files: [String]

    @Option(help: ArgumentHelp("A configured wire source's name.", discussion: "Without it, each item's own agency (its provider or copyright holder) is the source."))
    var source: String?

    @Option(help: ArgumentHelp("draft or publish; overrides the source's.", discussion: "Without it, the source's policy, and draft for an agency nobody configured."))
    var policy: String?

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one file.") }
        if let policy, WireSource.Policy(rawValue: policy) == nil { throw ValidationError("--policy is draft or publish, not \"\(policy)\".") }
    }

    func run() async throws {
        let wire = WireIngest(storage: try await storage.open())
        if let source, try await wire.storage.wire.source(named: source) == nil {
            say("note: no wire source is called \(source); its stories are credited to \(source) and left as drafts. Configure it with: byline wire sources add \(source.debugDescription)")
        }
        var failed = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("byline: cannot read \(file): no such file, or it isn't readable\n".utf8))
                failed += 1
                continue
            }
            do {
                let outcomes = try await wire.ingest(
                    data, name: URL(fileURLWithPath: file).lastPathComponent, .init(source: source, policy: policy.flatMap(WireSource.Policy.init), origin: "command line: \(file)"))
                for outcome in outcomes { say("\(file): \(outcome.line)") }
            } catch let error as WireItem.Failure {
                FileHandle.standardError.write(Data("byline: \(error.reason)\n".utf8))
                failed += 1
            } catch let error as StorageError {
                fail("\(file): \(error.description); the files before it were taken in", code: 70)
            }
        }
        if failed > 0 { throw ExitCode(65) }
    }
}

struct WireSourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "The agencies the newsroom takes copy from.",
        subcommands: [List.self, Add.self, Remove.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List wire sources.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let sources = try await open(storage).sources()
            if sources.isEmpty { say("No wire sources yet. Add one with: byline wire sources add AFP --policy draft --section world") }
            for source in sources {
                let mappings = source.mappings.isEmpty ? "" : "  " + source.mappings.map(\.description).joined(separator: " ")
                say("\(source.name)  credit: \(source.credit)  policy: \(source.policy.rawValue)  section: \(source.section)\(mappings)")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a wire source, or change the one with this name.")
        @Argument(help: "Its name, as its items give their provider (\"AFP\").") var name: String
        @Option(help: "The agency named in the credit line; the name by default.") var credit: String?
        @Option(help: "draft (editors review first) or publish (straight to the site).") var policy: String = "draft"
        @Option(help: "The slug of the section its stories go to when no mapping places them.") var section: String = "news"
        @Option(name: .customLong("map"), help: "A subject code's place: CODE=section:SLUG or CODE=tag:NAME. Repeat for each.") var mappings: [String] = []
        @OptionGroup var storage: StorageOptions

        func validate() throws {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("Give the source a name.") }
            guard WireSource.Policy(rawValue: policy) != nil else { throw ValidationError("--policy is draft or publish, not \"\(policy)\".") }
            guard Slug.isValid(section) else { throw ValidationError("--section \"\(section)\" is not a slug: lowercase letters, digits and hyphens.") }
            for mapping in mappings {
                do { _ = try WireSource.Mapping.parse(mapping) } catch { throw ValidationError(error.reason) }
            }
        }

        func run() async throws {
            let mapped = try mappings.map { text in try WireSource.Mapping.parse(text) }
            let source = WireSource(name: name, credit: credit, policy: WireSource.Policy(rawValue: policy)!, section: section, mappings: mapped)
            try await open(storage).saveSource(source, now: Date())
            say("Saved wire source \(source.name): credited to \(source.credit), \(source.policy == .draft ? "held as drafts for an editor" : "published at once"), filed in \(source.section).")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a wire source; its stories stay.")
        @Argument(help: "The source's name.") var name: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard try await open(storage).deleteSource(named: name) else { fail("no wire source is called \(name); see byline wire sources list", code: 65) }
            say("Removed wire source \(name).")
        }
    }
}

private func open(_ options: StorageOptions) async throws -> any WireRepository {
    do {
        return try await openStorage(try options.configuration()).wire
    } catch let error as StartupError {
        fail(error.message, code: 1)
    }
}
