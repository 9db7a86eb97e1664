import ArgumentParser
import Byline
import Foundation

/// For people changing Byline's own text, not for running a site: `make messages` runs it.
struct MessagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages",
        abstract: "Write Resources/Locales/byline.pot from the templates and sources, and bring each catalog up to date.",
        discussion: """
            Run it in a Byline checkout after changing interface text. New messages are added to each LANG.po \
            untranslated, for a translator (Poedit, Weblate) to fill in; messages no longer used are dropped and listed. \
            The test suite fails while a catalog lacks a translation or the template is out of date.
            """
    )

    @Option(help: "The checkout to read (the one holding Sources/ and Resources/).")
    var root = "."

    func run() throws {
        let root = URL(fileURLWithPath: root, isDirectory: true)
        let messages: [MessageExtractor.Found]
        do {
            messages = try MessageExtractor(root: root).messages()
        } catch {
            throw ValidationError(error.description)
        }
        let locales = root.appendingPathComponent("Resources/Locales")
        try FileManager.default.createDirectory(at: locales, withIntermediateDirectories: true)
        try Data(CatalogFiles.template(messages).utf8).write(to: locales.appendingPathComponent(CatalogFiles.templateName))
        print("\(messages.count) messages in \(locales.path)/\(CatalogFiles.templateName)")
        let catalogs = try FileManager.default.contentsOfDirectory(atPath: locales.path).filter { $0.hasSuffix(".po") }.sorted()
        for name in catalogs {
            let url = locales.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            do {
                let update = try CatalogFiles.update(text, file: url.path, language: String(name.dropLast(3)), messages: messages)
                try Data(update.text.utf8).write(to: url)
                print("\(name): \(update.untranslated == 0 ? "complete" : "\(update.untranslated) to translate")"
                    + (update.dropped.isEmpty ? "" : "; dropped, no longer used: " + update.dropped.map { "\"\($0)\"" }.joined(separator: ", ")))
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }
}
