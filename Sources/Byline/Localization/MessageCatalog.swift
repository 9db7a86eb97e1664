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
    /// For numbers: the language alone, so a catalog for `ar` writes Arabic digits whatever
    /// region the site names.
    private let locale: Locale
    private let messages: [String: [String]]
    private let misses: Misses
    private let joiners = Joiners()

    /// The messages as they are written in the source: English.
    public static let source = MessageCatalog(language: "en", plurals: .english, messages: [:], misses: Misses(logger: nil))

    private init(language: String, plurals: PluralForms, messages: [String: [String]], misses: Misses) {
        self.language = language
        self.locale = Locale(identifier: language)
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
    public func message(_ id: String, context: String? = nil, _ values: [String: String] = [:]) -> String {
        let translated = messages[Self.key(id, context: context)]?.first.flatMap { $0.isEmpty ? nil : $0 }
        if translated == nil { misses.note(id, language: language) }
        return Self.fill(translated ?? id, values)
    }

    /// A deferred message in this language, its numbers written as the language writes them.
    public func message(_ message: Message) -> String {
        if message.isVerbatim { return message.id }
        var values = message.texts
        for (name, number) in message.numbers { values[name] = format(number) }
        return self.message(message.id, values)
    }

    /// `number` as this language writes it: "1,234", "1 234", "١٬٢٣٤".
    public func format(_ number: Int) -> String {
        number.formatted(.number.locale(locale))
    }

    /// What comes before each item of a list of `count` in this language, as CLDR joins
    /// them: `["", ", ", " and "]`, `["", ", ", " et "]`, `["", " و"]`. For lists whose items
    /// are markup (a byline's links), which a formatted string could not hold. English is
    /// written in news style, without CLDR's serial comma: "A, B and C".
    public func listJoiners(_ count: Int) -> [String] {
        if language == "en" { return (0..<count).map { $0 == 0 ? "" : $0 == count - 1 ? " and " : ", " } }
        return joiners.cached(count) {
            let markers = (0..<count).map { String(UnicodeScalar(0xE000 + $0)!) }
            let joined = markers.formatted(.list(type: .and).locale(locale))
            var result: [String] = []
            var rest = joined[...]
            for marker in markers {
                guard let found = rest.range(of: marker) else { return (0..<count).map { $0 == 0 ? "" : ", " } }
                result.append(String(rest[..<found.lowerBound].unicodeScalars.filter { !(0x2066...0x2069).contains($0.value) }))
                rest = rest[found.upperBound...]
            }
            result[0] = ""
            return result
        }
    }

    /// The form of `singular`/`plural` that `count` takes in this language; `{count}` is the
    /// count written as the language writes numbers.
    public func plural(_ singular: String, _ plural: String, count: Int, context: String? = nil, _ values: [String: String] = [:]) -> String {
        var values = values
        if values["count"] == nil { values["count"] = format(count) }
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
        Set(placeholderRanges(in: text).map(\.name))
    }

    /// Each `{name}` in `text` (a letter or `_` first, then letters, digits, `_` and `.`).
    /// Scanned by hand: a Regex costs a quarter of a second over the catalogs at each start
    /// of a debug build, and the suite starts hundreds of sites.
    static func placeholderRanges(in text: String) -> [(range: Range<String.Index>, name: String)] {
        guard text.contains("{") else { return [] }
        var found: [(range: Range<String.Index>, name: String)] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "{") {
            var end = text.index(after: open)
            var name = ""
            while end < text.endIndex, let scalar = text[end].unicodeScalars.first, text[end].unicodeScalars.count == 1, scalar.isASCII,
                scalar.properties.isAlphabetic || scalar == "_" || (!name.isEmpty && (("0"..."9").contains(scalar) || scalar == "."))
            {
                name.unicodeScalars.append(scalar)
                end = text.index(after: end)
            }
            if !name.isEmpty, end < text.endIndex, text[end] == "}" {
                found.append((open..<text.index(after: end), name))
                index = text.index(after: end)
            } else {
                index = text.index(after: open)
            }
        }
        return found
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

    private final class Joiners: Sendable {
        private let known = Mutex<[Int: [String]]>([:])

        func cached(_ count: Int, _ make: () -> [String]) -> [String] {
            if let found = known.withLock({ $0[count] }) { return found }
            let made = make()
            if count <= 16 { known.withLock { $0[count] = made } }
            return made
        }
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
