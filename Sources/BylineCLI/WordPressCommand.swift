import ArgumentParser
import Byline
import Foundation

struct WordPressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wordpress",
        abstract: "Move a site from WordPress.",
        subcommands: [WordPressImportCommand.self, WordPressExportCommand.self]
    )
}

struct WordPressImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a WordPress export (Tools → Export → All content).",
        discussion: """
            Reads a WordPress eXtended RSS file (WXR 1.0–1.2) as a stream, so a large export needs \
            little memory. Posts become stories, with their authors, categories and tags, lead \
            images and comments; each old address answers with a 301 to its story. Items are \
            matched by their WordPress ID, so importing the same file twice changes nothing, a newer \
            export updates what changed, and an interrupted import continues when run again. The \
            whole file is read and planned before anything is written. See "Moving from WordPress" \
            in the README for what becomes what.
            """
    )

    @Argument(help: "The export file (.xml).", completion: .file(extensions: ["xml"]))
    var file: String

    @Option(help: ArgumentHelp(
        "Category slugs to make sections, comma-separated; the others become tags.",
        discussion: "By default the ten most used top-level categories become sections."))
    var sections: String?

    @Option(help: ArgumentHelp(
        "A copy of the site's wp-content/uploads folder, whose images are copied into the media library.",
        discussion: "Without it, stories show their images from the old site's addresses, and the report lists each file."))
    var uploads: String?

    @Flag(help: "Print the report and write nothing.")
    var dryRun = false

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let configuration = try storage.configuration()
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            fail("cannot read \(file): no such file, or it isn't readable. Give the path of the .xml file WordPress's Tools → Export wrote.", code: 66)
        }
        var isFolder: ObjCBool = false
        if let uploads, !FileManager.default.fileExists(atPath: uploads, isDirectory: &isFolder) || !isFolder.boolValue {
            fail("--uploads \(uploads): no such folder. Give the path of a copy of the site's wp-content/uploads.", code: 66)
        }
        let sections = sections.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        // A progress line only where someone watches it: a terminal, not a log.
        let terminal = isatty(STDERR_FILENO) == 1
        do {
            let report = try await WordPressImporter.run(file: url, configuration: configuration, sections: sections, uploads: uploads.map { URL(fileURLWithPath: $0) }, dryRun: dryRun) { done, total in
                guard terminal else { return }
                FileHandle.standardError.write(Data("\r\(done) of \(total) items\(done == total ? "\n" : "")".utf8))
            }
            say(report.description)
        } catch let error as WXR.Failure {
            fail("\(file): \(error.reason)", code: 65)
        } catch let error as WordPressPlanner.Failure {
            fail(error.reason, code: 64)
        } catch let error as StartupError {
            fail(error.message, code: 1)
        } catch let error as ImportItemFailure {
            fail("the import stopped at \(error.description). What was stored before this stays; fix it in WordPress (or here) and run the import again to continue.", code: 70)
        } catch let error as StorageError {
            fail("the import stopped: \(error.description). What was stored before this stays; run the import again to continue.", code: 70)
        }
    }
}

struct WordPressExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole site as a WordPress export (WXR 1.2).",
        discussion: """
            Stories, pages, authors, sections (as categories) and tags, images (as attachments), and \
            comments with their threading and status. WordPress imports it with Tools → Import → \
            WordPress; byline wordpress import reads it back as the same site. Commenters' email \
            addresses and IP addresses are left out unless --include-private is given, because the \
            file leaves the newsroom.
            """
    )

    @Option(help: "The file to write; standard output when left out.", completion: .file(extensions: ["xml"]))
    var output: String?

    @Flag(help: "Include commenters' email addresses and IP addresses.")
    var includePrivate = false

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let configuration = try storage.configuration()
        do {
            let summary = try await WordPressExporter.run(
                configuration: configuration, output: output.map { URL(fileURLWithPath: $0) }, includePrivate: includePrivate)
            // The file may be standard output: the summary goes to standard error.
            FileHandle.standardError.write(Data((summary.description + "\n").utf8))
        } catch let error as WXR.Failure {
            fail(error.reason, code: 73)
        } catch let error as StartupError {
            fail(error.message, code: 1)
        }
    }
}
