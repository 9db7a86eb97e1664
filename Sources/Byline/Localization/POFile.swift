import Foundation

/// A gettext `.po` file, the format translators' tools (Poedit, Weblate, Lokalize) read and
/// write: entries of `msgctxt`, `msgid`, `msgid_plural` and `msgstr` / `msgstr[N]`, with
/// `#` comments and `#, fuzzy` flags. Read strictly: a broken file is refused with its line.
public struct POFile: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var context: String?
        var id: String
        var plural: String?
        /// One for a plain message; one a plural form for a plural one. Empty strings are
        /// untranslated.
        var translations: [String]
        /// Where the entry's `msgid` is, for error messages.
        var line: Int
        /// Marked `#, fuzzy`: a guess a translator has not confirmed, never shown.
        var isFuzzy: Bool
    }

    /// What is wrong with a catalog, and where: start-up stops with this.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    var entries: [Entry]
    /// The header entry's `Name: value` lines (`Language`, `Plural-Forms`, …).
    var header: [String: String]
    /// The header entry's text as written, for rewriting the file.
    var headerText = ""

    static func parse(_ text: String, file: String) throws(Problem) -> POFile {
        var parser = Parser(file: file)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try parser.read(line.hasSuffix("\r") ? line.dropLast() : line, number: index + 1)
        }
        try parser.finishEntry()
        var entries = parser.entries
        var header: [String: String] = [:]
        var headerText = ""
        if let first = entries.first, first.id.isEmpty, first.context == nil {
            headerText = first.translations.first ?? ""
            for line in (first.translations.first ?? "").split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                header[line[..<colon].trimmingCharacters(in: .whitespaces)] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            entries.removeFirst()
        }
        var seen: [String: Int] = [:]
        for entry in entries {
            let key = (entry.context.map { $0 + "\u{4}" } ?? "") + entry.id
            if let earlier = seen[key] {
                throw Problem(file: file, line: entry.line, message: "msgid \"\(entry.id)\" is already translated at line \(earlier)")
            }
            seen[key] = entry.line
        }
        return POFile(entries: entries, header: header, headerText: headerText)
    }

    private struct Parser {
        let file: String
        var entries: [Entry] = []

        private enum Field { case context, id, plural, translation(Int) }
        private var field: Field?
        private var context: String?
        private var id: String?
        private var plural: String?
        private var translations: [Int: String] = [:]
        private var entryLine = 0
        private var fuzzy = false
        private var sawFlags = false

        init(file: String) { self.file = file }

        mutating func read(_ line: Substring, number: Int) throws(Problem) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return try finishEntry() }
            if trimmed.hasPrefix("#") {
                // A comment after a message's strings begins the next entry.
                if id != nil, translations.isEmpty == false { try finishEntry() }
                if trimmed.hasPrefix("#,") {
                    sawFlags = true
                    fuzzy = fuzzy || trimmed.dropFirst(2).split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "fuzzy" }
                }
                return
            }
            if trimmed.hasPrefix("\"") {
                guard let field else { throw Problem(file: file, line: number, message: "a string continues nothing: it must follow msgid, msgstr or another string") }
                append(try Self.string(trimmed, file: file, line: number), to: field)
                return
            }
            let keyword = String(trimmed.prefix { !$0.isWhitespace })
            let rest = trimmed.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            let value = try Self.string(rest, file: file, line: number)
            switch keyword {
            case "msgctxt":
                if id != nil { try finishEntry() }
                guard context == nil else { throw Problem(file: file, line: number, message: "a second msgctxt in one entry") }
                context = value
                field = .context
                if entryLine == 0 { entryLine = number }
            case "msgid":
                if id != nil { try finishEntry() }
                id = value
                field = .id
                entryLine = number
            case "msgid_plural":
                guard id != nil, plural == nil, translations.isEmpty else { throw Problem(file: file, line: number, message: "msgid_plural must follow its msgid") }
                plural = value
                field = .plural
            default:
                guard id != nil else { throw Problem(file: file, line: number, message: "\(keyword) before any msgid") }
                let index: Int
                if keyword == "msgstr" {
                    guard plural == nil else { throw Problem(file: file, line: number, message: "a plural message needs msgstr[0], msgstr[1], …, not msgstr") }
                    index = 0
                } else if keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"), let number = Int(keyword.dropFirst(7).dropLast()), number >= 0 {
                    guard plural != nil else { throw Problem(file: file, line: entryLine, message: "msgstr[\(number)] needs a msgid_plural") }
                    index = number
                } else {
                    throw Problem(file: file, line: number, message: "\"\(keyword)\" is not a .po keyword (msgctxt, msgid, msgid_plural, msgstr, msgstr[N])")
                }
                guard translations[index] == nil else { throw Problem(file: file, line: number, message: "\(keyword) appears twice") }
                guard index == translations.count else { throw Problem(file: file, line: number, message: "msgstr[\(index)] comes before msgstr[\(translations.count)]") }
                translations[index] = value
                field = .translation(index)
            }
        }

        private mutating func append(_ text: String, to field: Field) {
            switch field {
            case .context: context = (context ?? "") + text
            case .id: id = (id ?? "") + text
            case .plural: plural = (plural ?? "") + text
            case .translation(let index): translations[index, default: ""] += text
            }
        }

        mutating func finishEntry() throws(Problem) {
            defer {
                (field, context, id, plural, translations, entryLine, fuzzy, sawFlags) = (nil, nil, nil, nil, [:], 0, false, false)
            }
            guard let id else {
                if context != nil { throw Problem(file: file, line: entryLine, message: "msgctxt without a msgid") }
                return
            }
            guard !translations.isEmpty else { throw Problem(file: file, line: entryLine, message: "msgid \"\(id)\" has no msgstr") }
            entries.append(Entry(
                context: context, id: id, plural: plural, translations: (0..<translations.count).map { translations[$0] ?? "" },
                line: entryLine, isFuzzy: fuzzy
            ))
        }

        /// A quoted C string: `\n`, `\t`, `\r`, `\"`, `\\` and nothing else.
        static func string(_ text: String, file: String, line: Int) throws(Problem) -> String {
            guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
                throw Problem(file: file, line: line, message: "expected a quoted string, found \(text.isEmpty ? "nothing" : text)")
            }
            var result = ""
            var escaped = false
            for character in text.dropFirst().dropLast() {
                if escaped {
                    switch character {
                    case "n": result.append("\n")
                    case "t": result.append("\t")
                    case "r": result.append("\r")
                    case "\"": result.append("\"")
                    case "\\": result.append("\\")
                    default: throw Problem(file: file, line: line, message: "\\\(character) is not an escape a .po file may use")
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    throw Problem(file: file, line: line, message: "a quotation mark inside a string must be written \\\"")
                } else {
                    result.append(character)
                }
            }
            if escaped { throw Problem(file: file, line: line, message: "the string ends in a lone backslash") }
            return result
        }
    }
}
