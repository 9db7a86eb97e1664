import Foundation
import Mustache

/// The templates and assets that give the site its look.
///
/// The default theme ships in `Resources/Themes/default`; a site's own theme folder
/// (`--theme`) overrides any template or asset file by name. Templates are parsed once at
/// start-up, and a missing or broken one stops start-up rather than failing a reader's request.
public struct Theme: Sendable {
    /// The pages a theme must provide.
    public enum Template: String, CaseIterable, Sendable {
        case article
        case listing
        case search
        case error
        case page
        case people
        case person
    }

    /// A theme folder that cannot be used, with the reason.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    let templates: LocalizedTemplates
    /// Asset folders in priority order: the site's theme before the default one.
    public let assetDirectories: [String]

    /// The default theme with the site's over it, in every language `translations` has.
    public static func load(defaultDirectory: String, overrideDirectory: String?, translations: Translations = .english) throws(LoadError) -> Theme {
        var files: [String: LocalizedTemplates.File] = [:]
        var assets: [String] = []
        for directory in [defaultDirectory] + (overrideDirectory.map { [$0] } ?? []) {
            for file in try templateFiles(in: (directory as NSString).appendingPathComponent("templates")) { files[file.name] = file }
            assets.insert((directory as NSString).appendingPathComponent("assets"), at: 0)
        }
        for template in Template.allCases where files[template.rawValue] == nil {
            throw LoadError(description: "the theme has no \(template.rawValue).mustache in \(defaultDirectory)/templates")
        }
        do {
            return Theme(templates: try LocalizedTemplates(files.values.sorted { $0.name < $1.name }, translations: translations), assetDirectories: assets)
        } catch {
            throw LoadError(description: error.description)
        }
    }

    /// Renders a page's view model in the language of `tag`; the model answers for the names
    /// the template uses.
    func render(_ model: some TemplateModel, as template: Template, language tag: String) -> String {
        let page = WithLinks(model: model, links: SiteLinks())
        RenderProbe.record("theme", template.rawValue, page)
        // Every template was checked at load, so a nil here is a programming error.
        return templates.library(for: tag).render(page, withTemplate: template.rawValue) ?? ""
    }

    static func templateFiles(in directory: String) throws(LoadError) -> [LocalizedTemplates.File] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [LocalizedTemplates.File] = []
        for case let path as String in enumerator where path.hasSuffix(".mustache") {
            let file = (directory as NSString).appendingPathComponent(path)
            do {
                files.append(.init(name: String(path.dropLast(".mustache".count)), path: file, source: try String(contentsOfFile: file, encoding: .utf8)))
            } catch {
                throw LoadError(description: "template \(file) cannot be read: \(error)")
            }
        }
        return files
    }
}
