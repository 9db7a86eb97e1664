import Foundation
import Logging

/// Every catalog a site can show: Byline's own (`Resources/Locales`), with a theme's
/// (`THEME/locales`) over them, each read and checked once at start-up, so a broken
/// catalog stops the server before a reader meets it.
public struct Translations: Sendable {
    /// By the catalog's file name: `fr`, `pt_BR`.
    private let catalogs: [String: MessageCatalog]

    /// Only the source language: what a test that is not about languages renders in.
    public static let english = Translations(catalogs: [:])

    private init(catalogs: [String: MessageCatalog]) { self.catalogs = catalogs }

    /// The catalogs bundled with Byline, and a theme's over them.
    public static func load(themeDirectory: String? = nil, logger: Logger? = nil) throws(POFile.Problem) -> Translations {
        var folders = [URL(fileURLWithPath: BundledResources.locales, isDirectory: true)]
        if let themeDirectory { folders.append(URL(fileURLWithPath: themeDirectory, isDirectory: true).appendingPathComponent("locales")) }
        return try load(from: folders, logger: logger)
    }

    public static func load(from folders: [URL], logger: Logger? = nil) throws(POFile.Problem) -> Translations {
        var languages = Set<String>()
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            languages.formUnion(names.filter { $0.hasSuffix(".po") }.map { String($0.dropLast(3)) })
        }
        var catalogs: [String: MessageCatalog] = [:]
        for language in languages.sorted() {
            catalogs[language] = try MessageCatalog.load(language: language, from: folders, logger: logger)
        }
        return Translations(catalogs: catalogs)
    }

    /// The languages with a catalog, as their files name them.
    public var languages: [String] { catalogs.keys.sorted() }

    /// The catalog for a BCP 47 tag such as `fr-FR`: a regional catalog (`fr_FR.po`) if
    /// there is one, else the language's (`fr.po`), else English.
    public func catalog(for tag: String) -> MessageCatalog {
        let key = Self.catalogKey(for: tag)
        return catalogs[key.regional] ?? catalogs[key.language] ?? .source
    }

    /// Which catalog a tag is shown with, for whoever keeps one thing per catalog.
    func catalogName(for tag: String) -> String? {
        let key = Self.catalogKey(for: tag)
        if catalogs[key.regional] != nil { return key.regional }
        return catalogs[key.language] != nil ? key.language : nil
    }

    private static func catalogKey(for tag: String) -> (regional: String, language: String) {
        let parts = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        let language = parts.first?.lowercased() ?? ""
        return (parts.count > 1 ? "\(language)_\(parts[1].uppercased())" : language, language)
    }

    /// The languages written right to left, by their ISO 639 codes.
    private static let rightToLeft: Set<String> = ["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"]

    /// `rtl` or `ltr`, for a page's `dir`.
    public static func direction(of tag: String) -> String {
        rightToLeft.contains(catalogKey(for: tag).language) ? "rtl" : "ltr"
    }
}
