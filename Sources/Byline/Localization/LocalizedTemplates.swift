import Mustache
import Synchronization

/// A set of templates parsed once for each language there is a catalog for, so that the
/// language is chosen per page (the newsroom's per person) at no cost per render.
///
/// A language's set is parsed the first time a page is shown in it: a site uses one or two
/// of the catalogs, and every start (each test's too) would otherwise parse all of them.
/// Waiting loses nothing: the text as written was parsed at start-up, and a translation can
/// only add escaped text and `{{name}}` tags, which always parse.
struct LocalizedTemplates: Sendable {
    /// A template file: its name in the library, its path for messages, its text.
    struct File {
        var name: String
        var path: String
        var source: String
    }

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    private let files: [File]
    private let english: MustacheLibrary
    private let byCatalog = Libraries()
    let translations: Translations

    init(_ files: [File], translations: Translations) throws(LoadError) {
        // Each file is parsed as written first (`{{#t}}` is an ordinary section), so that a
        // syntax error's line and column are the author's: translation joins wrapped lines.
        for file in files { try Self.parse(file.source, file: file) }
        english = try Self.library(files, catalog: .source)
        self.files = files
        self.translations = translations
    }

    /// The templates in the language of `tag` (`fr-FR`), or in English if it has no catalog.
    func library(for tag: String) -> MustacheLibrary {
        guard let name = translations.catalogName(for: tag) else { return english }
        return byCatalog.library(name) {
            (try? Self.library(files, catalog: translations.catalog(for: name))) ?? english
        }
    }

    private final class Libraries: Sendable {
        private let parsed = Mutex<[String: MustacheLibrary]>([:])

        func library(_ name: String, _ make: () -> MustacheLibrary) -> MustacheLibrary {
            if let found = parsed.withLock({ $0[name] }) { return found }
            let made = make()
            return parsed.withLock { parsed in
                if let raced = parsed[name] { return raced }
                parsed[name] = made
                return made
            }
        }
    }

    private static func library(_ files: [File], catalog: MessageCatalog) throws(LoadError) -> MustacheLibrary {
        var library = MustacheLibrary()
        for file in files {
            let source: String
            do {
                source = try TemplateTranslation.translated(file.source, with: catalog)
            } catch {
                throw LoadError(description: "template \(file.path) has a message it cannot show at \(error)")
            }
            library.register(try parse(source, file: file), named: file.name)
        }
        return library
    }

    @discardableResult
    private static func parse(_ source: String, file: File) throws(LoadError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: TemplateEscaping.prepared(source))
        } catch let error as MustacheTemplate.ParserError {
            let column = TemplateEscaping.authorsColumn(line: error.context.lineNumber, column: error.context.columnNumber)
            throw LoadError(description: "template \(file.path) has a syntax error at line \(error.context.lineNumber), column \(column): \(error.error)")
        } catch {
            throw LoadError(description: "template \(file.path) cannot be parsed: \(error)")
        }
    }
}
