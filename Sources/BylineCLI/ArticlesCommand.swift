import ArgumentParser
import Byline
import Foundation

struct ArticlesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "articles",
        abstract: "Manage articles.",
        subcommands: [ImportCommand.self]
    )
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add or update articles from a JSON document.",
        discussion: """
            FILE holds one article object or an array of them (see the README for the format). \
            Articles are matched by their "id" when given, otherwise by slug, so importing the same \
            document twice changes nothing. The whole document is checked first and stored in one \
            transaction: if any article is invalid, none is imported. Use - to read standard input.
            """
    )

    @Argument(help: "The JSON document to import, or - for standard input.", completion: .file(extensions: ["json"]))
    var file: String

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let configuration = try storage.configuration()
        let data: Data
        do {
            data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            fail("cannot read \(file): \(error.localizedDescription)", code: 66)
        }
        do {
            let report = try await ArticleImporter.run(data, configuration: configuration)
            say(report.description)
        } catch let error as ArticleImporter.Failure {
            fail(error.description, code: 65)
        } catch let error as StartupError {
            fail(error.message, code: 1)
        }
    }
}
