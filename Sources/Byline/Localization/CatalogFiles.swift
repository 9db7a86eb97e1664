import Foundation

/// Writes the `.pot` template and brings a language's `.po` up to date with it, as gettext's
/// `xgettext` and `msgmerge` would: translations kept, new messages added untranslated (and
/// so failing the completeness test until someone translates them), messages no longer used
/// dropped and named.
public enum CatalogFiles {
    public static let templateName = "byline.pot"

    public static func template(_ messages: [MessageExtractor.Found]) -> String {
        let header = [
            "Project-Id-Version: Byline", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit", "Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;",
        ]
        var text = "# Byline's interface text. Made by `make messages` from the templates and sources: do not edit.\n"
        text += entry(header: header.joined(separator: "\n"))
        for message in messages {
            text += "\n" + entry(message, translations: Array(repeating: "", count: message.plural == nil ? 1 : 2))
        }
        return text
    }

    public struct Update {
        public var text: String
        public var untranslated: Int
        public var dropped: [String]
    }

    /// `existing` (the text of `LANG.po`) with exactly `messages`. English is the source, so
    /// its catalog translates each message as itself: a theme's `en.po` overrides from there.
    public static func update(_ existing: String, file: String, language: String, messages: [MessageExtractor.Found]) throws(POFile.Problem) -> Update {
        let catalog = try POFile.parse(existing, file: file)
        var plurals = PluralForms.english
        if let header = catalog.header["Plural-Forms"] {
            do { plurals = try PluralForms(header) } catch { throw POFile.Problem(file: file, line: 1, message: error.message) }
        }
        var known: [String: POFile.Entry] = [:]
        for entry in catalog.entries { known[key(entry.id, entry.context)] = entry }
        // The file's opening comment (who translated it) stays.
        let comment = existing.split(separator: "\n").prefix { $0.hasPrefix("#") }.map { $0 + "\n" }.joined()
        var text = comment + entry(header: catalog.headerText)
        var untranslated = 0
        var used = Set<String>()
        for message in messages {
            let id = key(message.id, message.context)
            used.insert(id)
            let count = message.plural == nil ? 1 : plurals.count
            var translations = known[id]?.translations ?? []
            if language == "en" && translations.allSatisfy(\.isEmpty) {
                translations = message.plural.map { [message.id, $0] } ?? [message.id]
            }
            if translations.count != count { translations = (0..<count).map { $0 < translations.count ? translations[$0] : "" } }
            if translations.contains(where: \.isEmpty) || known[id]?.isFuzzy == true { untranslated += 1 }
            text += "\n" + entry(message, translations: translations, fuzzy: known[id]?.isFuzzy == true)
        }
        let dropped = catalog.entries.filter { !used.contains(key($0.id, $0.context)) }.map(\.id)
        return Update(text: text, untranslated: untranslated, dropped: dropped)
    }

    private static func key(_ id: String, _ context: String?) -> String { (context.map { $0 + "\u{4}" } ?? "") + id }

    private static func entry(header: String) -> String {
        "msgid \"\"\nmsgstr \"\"\n" + header.split(separator: "\n").map { quoted(String($0) + "\n") + "\n" }.joined()
    }

    private static func entry(_ message: MessageExtractor.Found, translations: [String], fuzzy: Bool = false) -> String {
        var text = message.references.map { "#: \($0)\n" }.joined()
        if fuzzy { text += "#, fuzzy\n" }
        if let context = message.context { text += "msgctxt \(quoted(context))\n" }
        text += "msgid \(quoted(message.id))\n"
        if let plural = message.plural {
            text += "msgid_plural \(quoted(plural))\n"
            for (index, translation) in translations.enumerated() { text += "msgstr[\(index)] \(quoted(translation))\n" }
        } else {
            text += "msgstr \(quoted(translations.first ?? ""))\n"
        }
        return text
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
