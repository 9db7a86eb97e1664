import Foundation
import Hummingbird

/// `/admin/account`: what a member sets for themselves, whatever their role: the language
/// they read the newsroom in (the site's unless they choose another).
struct AccountController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let users: any UserRepository

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.account.route, use: show)
        group.post(SiteURL.Admin.account.route, use: save)
    }

    struct AccountModel: AdminPageModel {
        var admin: AdminChrome
        var name: String
        var email: String
        var languages: [OptionModel]
        var error: String?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "name": .value(name)
            case "email": .value(email)
            case "languages": .value(languages)
            case "error": .value(error)
            default: .unknown
            }
        }
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let notice = request.uri.queryParameters.get("notice") == "saved" ? newsroom.catalog(for: staff).message("Your settings are saved.") : nil
        return try await page(staff, chosen: staff.user.language, notice: notice)
    }

    @Sendable func save(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let given = (context.form?["language"] ?? "").trimmingCharacters(in: .whitespaces)
        // Only a language the newsroom is translated into, or none for the site's.
        let language: String? = given.isEmpty ? nil : LanguageTag.normalized(given)
        guard given.isEmpty || language.map(Self.offered(newsroom).contains) == true else {
            let error = newsroom.catalog(for: staff).message("Choose one of the languages listed.")
            return try await page(staff, chosen: given, error: error, status: .unprocessableContent)
        }
        _ = try await users.setLanguage(language, userID: staff.user.id)
        return adminRedirect(SiteURL.admin(.account).path(query: ["notice": "saved"]))
    }

    /// The languages the newsroom has a catalog for, English among them.
    static func offered(_ newsroom: Newsroom) -> [String] {
        Array(Set(newsroom.views.templates.translations.languages.map { $0.replacingOccurrences(of: "_", with: "-") } + ["en"])).sorted()
    }

    private func page(
        _ staff: StaffSession, chosen: String?, error: String? = nil, notice: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let catalog = newsroom.catalog(for: staff)
        let site = newsroom.pages.language
        let siteChoice = OptionModel(
            value: "", label: catalog.message("The site’s language ({language})", ["language": LanguageTag.nativeName(of: LanguageTag.language(of: site))]), selected: chosen == nil
        )
        let model = AccountModel(
            admin: try await newsroom.chrome(staff, title: catalog.message("Your account"), current: "", notice: notice),
            name: staff.user.name, email: staff.user.email,
            languages: [siteChoice] + Self.offered(newsroom).map { tag in
                OptionModel(value: tag, label: LanguageTag.nativeName(of: tag), selected: chosen.map { LanguageTag.normalized($0) == tag } ?? false)
            },
            error: error
        )
        return newsroom.views.page(model, .account, status: status)
    }
}
