import Foundation
import Hummingbird
import Mustache

/// The newsroom's pages. Unlike the public theme these are not overridable: a site's look
/// is its readers' business, and the admin should work the same on every Byline site.
struct AdminViews: Sendable {
    enum Template: String, CaseIterable {
        case login, dashboard, articles, editor, revisions, compare, confirm, media, comments, commentEdit = "comment-edit"
        case sections, tags, settings, users, webhooks, error, pages, pageEditor = "page-editor", imports, importJob = "import-job", wire, wireItem = "wire-item", people, person, account
    }

    let templates: LocalizedTemplates

    static func load(directory: String = BundledResources.directory + "/Admin/templates", translations: Translations = .english) throws -> AdminViews {
        guard FileManager.default.fileExists(atPath: directory) else {
            throw StartupError(message: "the admin's templates are missing from \(directory)")
        }
        do {
            let files = try Theme.templateFiles(in: directory)
            for template in Template.allCases where !files.contains(where: { $0.name == template.rawValue }) {
                throw StartupError(message: "the admin template \(template.rawValue).mustache is missing from \(directory)")
            }
            return AdminViews(templates: try LocalizedTemplates(files, translations: translations))
        } catch let error as Theme.LoadError {
            throw StartupError(message: "the admin's templates cannot be used: \(error)")
        } catch let error as LocalizedTemplates.LoadError {
            throw StartupError(message: "the admin's templates cannot be used: \(error)")
        }
    }

    /// A page around the newsroom's chrome, in the language of the member it was made for.
    func page(_ model: some AdminPageModel, _ template: Template, status: HTTPResponse.Status = .ok) -> Response {
        page(model, template, status: status, language: model.admin.language)
    }

    /// A page of the admin: never cached, never framed, and only our own scripts run in it.
    func page(_ model: some TemplateModel, _ template: Template, status: HTTPResponse.Status = .ok, language: String) -> Response {
        let page = WithLinks(model: model, links: AdminLinks())
        RenderProbe.record("admin", template.rawValue, page)
        let html = templates.library(for: language).render(page, withTemplate: template.rawValue) ?? ""
        var response = Response(status: status, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        response.headers[.contentType] = "text/html; charset=utf-8"
        return response
    }

    static let headers: HTTPFields = [
        .cacheControl: "no-store",
        .init("X-Frame-Options")!: "DENY",
        .init("X-Content-Type-Options")!: "nosniff",
        .init("Referrer-Policy")!: "same-origin",
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ]
}

/// What every admin page shows around its content.
struct AdminChrome: TemplateModel {
    struct NavItem: TemplateModel {
        var label: String
        var url: String
        var current: Bool
        var badge: Int?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "label": .value(label)
            case "url": .value(url)
            case "current": .value(current)
            case "badge": .value(badge)
            default: .unknown
            }
        }
    }

    var siteName: String
    var userName: String
    var role: String
    var csrf: String
    var nav: [NavItem]
    var notice: String?
    var title: String
    /// The member's newsroom language, or the site's.
    var language: String

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "language": .value(language)
        case "direction": .value(Translations.direction(of: language))
        case "siteName": .value(siteName)
        case "userName": .value(userName)
        case "role": .value(role)
        case "csrf": .value(csrf)
        case "nav": .value(nav)
        case "notice": .value(notice)
        case "title": .value(title)
        default: .unknown
        }
    }
}

/// A newsroom page's model: it shows the chrome, and is shown in the chrome's language.
protocol AdminPageModel: TemplateModel {
    var admin: AdminChrome { get }
}

/// Answers a redirect that leaves the admin's pages uncached.
func adminRedirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
}
