import Foundation
import Hummingbird

/// `/admin/login` and `/admin/logout`.
struct SignInController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let trustedProxies: [IPRange]

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.login.route, use: form)
        group.post(SiteURL.Admin.login.route, use: signIn)
        group.post(SiteURL.Admin.logout.route, use: signOut)
    }

    struct LoginModel: TemplateModel {
        var siteName: String
        var token: String
        var next: String
        var email: String
        var error: String?
        var notice: String?
        /// The site's: nobody is signed in yet to have chosen another.
        var language: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "language": .value(language)
            case "direction": .value(Translations.direction(of: language))
            case "siteName": .value(siteName)
            case "token": .value(token)
            case "next": .value(next)
            case "email": .value(email)
            case "error": .value(error)
            case "notice": .value(notice)
            default: .unknown
            }
        }
    }

    @Sendable func form(_ request: Request, context: Context) async throws -> Response {
        let notice: String? = request.uri.queryParameters.get("signed-out") != nil ? catalog.message("You have signed out.") : nil
        return newsroom.views.page(model(request, email: "", notice: notice), .login, language: newsroom.pages.language)
    }

    @Sendable func signIn(_ request: Request, context: Context) async throws -> Response {
        var request = request
        let fields = (try? await FormFields.read(&request, limit: 16 * 1024)) ?? FormFields()
        let email = fields["email"] ?? ""
        // A login form posted from another site could sign a victim into the attacker's account.
        guard request.isSameOrigin(baseURL: newsroom.baseURL), newsroom.signer.isValidFormToken(fields["_token"] ?? "", purpose: "login", now: Date()) else {
            var model = model(request, email: email)
            model.error = catalog.message("This form expired or came from another site. Please sign in again.")
            return newsroom.views.page(model, .login, status: .forbidden, language: newsroom.pages.language)
        }
        let ip = request.clientIP(peer: context.remoteAddress, trustedProxies: trustedProxies)
        switch try await newsroom.signIn.signIn(email: email, password: fields["password"] ?? "", ip: ip?.description) {
        case .signedIn(let token, _, _):
            var response = adminRedirect(Self.safeNext(fields["next"]))
            response.setCookie(newsroom.sessionCookie(token))
            return response
        case .refused:
            var model = model(request, email: email, next: fields["next"])
            model.error = catalog.message(SignIn.refusal)
            return newsroom.views.page(model, .login, status: .unprocessableContent, language: newsroom.pages.language)
        case .throttled(let seconds):
            var model = model(request, email: email, next: fields["next"])
            model.error = seconds < 90
                ? catalog.plural("Too many failed attempts. Wait {count} second before trying again.", "Too many failed attempts. Wait {count} seconds before trying again.", count: seconds)
                : catalog.plural("Too many failed attempts. Wait {count} minute before trying again.", "Too many failed attempts. Wait {count} minutes before trying again.", count: (seconds + 59) / 60)
            var response = newsroom.views.page(model, .login, status: .tooManyRequests, language: newsroom.pages.language)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
    }

    @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
        if let token = request.cookies[newsroom.cookieName]?.value { try await newsroom.signIn.signOut(token: token) }
        var response = adminRedirect(SiteURL.admin(.login).path(query: ["signed-out": "1"]))
        response.setCookie(newsroom.expiredSessionCookie())
        return response
    }

    private func model(_ request: Request, email: String, next: String? = nil, notice: String? = nil) -> LoginModel {
        LoginModel(
            siteName: newsroom.pages.siteName, token: newsroom.signer.formToken(purpose: "login", now: Date()),
            next: Self.safeNext(next ?? request.uri.queryParameters.get("next")), email: email, error: nil, notice: notice,
            language: newsroom.pages.language
        )
    }

    /// Where to go after signing in: a page of the admin, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix(SiteURL.admin(.dashboard).path), !next.contains("//"), !next.contains("\\") else { return SiteURL.admin(.dashboard).path }
        return next
    }

    /// Nobody is signed in here, so the page is in the site's language.
    private var catalog: MessageCatalog { newsroom.views.templates.translations.catalog(for: newsroom.pages.language) }
}
