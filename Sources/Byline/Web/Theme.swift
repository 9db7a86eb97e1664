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

    let library: MustacheLibrary
    /// Asset folders in priority order: the site's theme before the default one.
    public let assetDirectories: [String]

    public static func load(defaultDirectory: String, overrideDirectory: String?) throws(LoadError) -> Theme {
        var library = MustacheLibrary()
        var assets: [String] = []
        for directory in [defaultDirectory] + (overrideDirectory.map { [$0] } ?? []) {
            try register(templatesIn: (directory as NSString).appendingPathComponent("templates"), into: &library)
            assets.insert((directory as NSString).appendingPathComponent("assets"), at: 0)
        }
        for template in Template.allCases where library.getTemplate(named: template.rawValue) == nil {
            throw LoadError(description: "the theme has no \(template.rawValue).mustache in \(defaultDirectory)/templates")
        }
        return Theme(library: library, assetDirectories: assets)
    }

    /// Renders a page's view model; the model answers for the names the template uses.
    func render(_ model: some TemplateModel, as template: Template) -> String {
        let page = WithLinks(model: model, links: SiteLinks())
        RenderProbe.record("theme", template.rawValue, page)
        // Every template was checked at load, so a nil here is a programming error.
        return library.render(page, withTemplate: template.rawValue) ?? ""
    }

    private static func register(templatesIn directory: String, into library: inout MustacheLibrary) throws(LoadError) {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return }
        for case let path as String in enumerator where path.hasSuffix(".mustache") {
            let file = (directory as NSString).appendingPathComponent(path)
            do {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                library.register(try MustacheTemplate(string: TemplateEscaping.prepared(text)), named: String(path.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw LoadError(description: "template \(file) has a syntax error at line \(error.context.lineNumber), column \(TemplateEscaping.authorsColumn(line: error.context.lineNumber, column: error.context.columnNumber)): \(error.error)")
            } catch {
                throw LoadError(description: "template \(file) cannot be read: \(error)")
            }
        }
    }
}
