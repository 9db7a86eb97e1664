import Foundation

/// A story's language as BCP 47 writes it (`fr`, `pt-BR`, `zh-Hant`): what `lang`,
/// `hreflang`, `inLanguage` and the feeds carry.
public enum LanguageTag {
    /// The tag in its usual case (`pt-br` → `pt-BR`, `ZH_hant` → `zh-Hant`), or nil when it is
    /// not a language tag: two or three letters, then subtags of two to eight letters or digits.
    public static func normalized(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        var tag = first.lowercased()
        for part in parts.dropFirst() {
            guard (2...8).contains(part.count), part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
            // Regions are upper case (BR), scripts title case (Hant), the rest lower case.
            let subtag: String = switch part.count {
            case 2 where part.allSatisfy(\.isLetter): part.uppercased()
            case 4 where part.allSatisfy(\.isLetter): part.prefix(1).uppercased() + part.dropFirst().lowercased()
            default: part.lowercased()
            }
            tag += "-" + subtag
        }
        return tag
    }

    /// The language without its region or script: `pt-BR` → `pt`.
    public static func language(of tag: String) -> String {
        String(tag.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }

    /// Whether two tags name the same language as a reader would choose it (`fr` and `fr-FR`
    /// do; `pt-BR` and `pt-PT` are distinct editions).
    public static func same(_ one: String, _ other: String) -> Bool {
        let (a, b) = (normalized(one) ?? one, normalized(other) ?? other)
        return a == b || !a.contains("-") && language(of: b) == a || !b.contains("-") && language(of: a) == b
    }

    /// The language's own name for itself, as a switcher shows it: "Français", "العربية",
    /// "Deutsch". Falls back to the tag when ICU has no name for it.
    public static func nativeName(of tag: String) -> String {
        let locale = Locale(identifier: tag.replacingOccurrences(of: "-", with: "_"))
        guard let name = locale.localizedString(forIdentifier: locale.identifier), !name.isEmpty else { return tag }
        // Languages that capitalise nothing else still capitalise a name standing alone in a menu.
        return name.prefix(1).uppercased(with: locale) + name.dropFirst()
    }

    /// The PostgreSQL text search configuration for a language, `simple` for one PostgreSQL has
    /// no stemmer for: its standard configurations, by ISO 639-1 code.
    public static func searchConfiguration(for tag: String?) -> String {
        guard let tag else { return "simple" }
        return postgresConfigurations[language(of: tag)] ?? "simple"
    }

    static let postgresConfigurations: [String: String] = [
        "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
        "eu": "basque", "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian",
        "id": "indonesian", "it": "italian", "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian",
        "nb": "norwegian", "nn": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
        "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
    ]
}
