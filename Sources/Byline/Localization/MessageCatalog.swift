import Foundation
import Logging
import Synchronization

/// Every interface string in one language: the bundled catalog (`Resources/Locales/LANG.po`)
/// with a theme's (`THEME/locales/LANG.po`) over it, message by message. Source strings are
/// English, so a message no catalog translates is shown in English, and the log says so once.
///
/// Placeholders are named, `{author}` and `{count}`, so that a translation may put them in
/// its own order; a translation that drops one or invents one stops start-up with its file
/// and line, as does a catalog that is not well-formed.
public struct MessageCatalog: Sendable {
    public let language: String
    let plurals: PluralForms
    private let messages: [String: [String]]
    private let misses: Misses

    /// The messages as they are written in the source: English.
    public static let source = MessageCatalog(language: "en", plurals: .english, messages: [:], misses: Misses(logger: nil))

    private init(language: String, plurals: PluralForms, messages: [String: [String]], misses: Misses) {
        self.language = language
        self.plurals = plurals
        self.messages = messages
        self.misses = misses
    }

    /// Reads `LANG.po` from each folder that has one, later folders overriding earlier ones.
    public static func load(language: String, from folders: [URL], logger: Logger? = nil) throws(POFile.Problem) -> MessageCatalog {
        var plurals = PluralForms.english
        var messages: [String: [String]] = [:]
        for folder in folders {
            let url = folder.appendingPathComponent("\(language).po")
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            guard let text = String(data: data, encoding: .utf8) else { throw POFile.Problem(file: url.path, line: 1, message: "the catalog is not UTF-8") }
            let file = try POFile.parse(text, file: url.path)
            if let header = file.header["Plural-Forms"] {
                do {
                    plurals = try PluralForms(header)
                } catch {
                    throw POFile.Problem(file: url.path, line: 1, message: error.message)
                }
            }
            for entry in file.entries where !entry.isFuzzy && entry.translations.contains(where: { !$0.isEmpty }) {
                try check(entry, plurals: plurals, file: url.path)
                messages[key(entry.id, context: entry.context)] = entry.translations
            }
        }
        return MessageCatalog(language: language, plurals: plurals, messages: messages, misses: Misses(logger: logger))
    }

    /// `id` in this language, its placeholders filled from `values`.
    public func text(_ id: String, context: String? = nil, _ values: [String: String] = [:]) -> String {
        let translated = messages[Self.key(id, context: context)]?.first.flatMap { $0.isEmpty ? nil : $0 }
        if translated == nil { misses.note(id, language: language) }
        return Self.fill(translated ?? id, values)
    }

    /// The form of `singular`/`plural` that `count` takes in this language; `{count}` is the
    /// count written as the language writes numbers.
    public func plural(_ singular: String, _ plural: String, count: Int, context: String? = nil, _ values: [String: String] = [:]) -> String {
        var values = values
        if values["count"] == nil { values["count"] = count.formatted(.number.locale(Locale(identifier: language))) }
        if let forms = messages[Self.key(singular, context: context)] {
            let form = forms[min(plurals.form(for: count), forms.count - 1)]
            if !form.isEmpty { return Self.fill(form, values) }
        }
        misses.note(singular, language: language)
        return Self.fill(PluralForms.english.form(for: count) == 0 ? singular : plural, values)
    }

    /// Whether a catalog translates `id`: for the test that every used string is translated.
    func translates(_ id: String, context: String? = nil) -> Bool {
        messages[Self.key(id, context: context)]?.allSatisfy { !$0.isEmpty } == true
    }

    // MARK: Placeholders

    static func placeholders(in text: String) -> Set<String> {
        Set(text.matches(of: /\{([a-z_]+)\}/).map { String($0.1) })
    }

    private static func fill(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("{") else { return text }
        var result = text
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: value) }
        return result
    }

    /// A translation uses exactly the source's placeholders; a plural form may leave out
    /// `{count}` (Arabic says "one comment" with no number in it).
    private static func check(_ entry: POFile.Entry, plurals: PluralForms, file: String) throws(POFile.Problem) {
        let source = placeholders(in: entry.id).union(placeholders(in: entry.plural ?? ""))
        if entry.plural != nil, entry.translations.count != plurals.count {
            throw POFile.Problem(file: file, line: entry.line, message: "msgid \"\(entry.id)\" has \(entry.translations.count) plural forms; this language has \(plurals.count)")
        }
        for (index, translation) in entry.translations.enumerated() where !translation.isEmpty {
            let used = placeholders(in: translation)
            let name = entry.plural == nil ? "msgstr" : "msgstr[\(index)]"
            if let unknown = used.subtracting(source).sorted().first {
                throw POFile.Problem(file: file, line: entry.line, message: "\(name) uses {\(unknown)}, which msgid \"\(entry.id)\" does not have")
            }
            let required = entry.plural == nil ? source : source.subtracting(["count"])
            if let missing = required.subtracting(used).sorted().first {
                throw POFile.Problem(file: file, line: entry.line, message: "\(name) leaves out {\(missing)} of msgid \"\(entry.id)\"")
            }
        }
    }

    private static func key(_ id: String, context: String?) -> String {
        (context.map { $0 + "\u{4}" } ?? "") + id
    }

    /// The messages shown in English for want of a translation, each logged once.
    private final class Misses: Sendable {
        let logger: Logger?
        private let seen = Mutex<Set<String>>([])

        init(logger: Logger?) { self.logger = logger }

        func note(_ id: String, language: String) {
            guard let logger, language != "en" else { return }
            let first = seen.withLock { $0.insert(id).inserted }
            if first { logger.notice("no \(language) translation, shown in English", metadata: ["msgid": .string(id)]) }
        }
    }
}
