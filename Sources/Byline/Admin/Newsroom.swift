import Foundation
import Hummingbird

/// What every admin controller shares: the views, the page chrome, the site's dates and the
/// rules for who may do what. Storage is not among them: each controller holds the
/// repositories its own routes use.
struct Newsroom: Sendable {
    let views: AdminViews
    /// How many comments wait for a moderator, for the navigation's badge.
    let pendingComments: @Sendable () async throws -> Int
    /// Agency updates waiting for an editor to merge them, for the Wire link's badge.
    var heldWire: @Sendable () async throws -> Int = { 0 }
    let pages: PageRenderer
    let signIn: SignIn
    let signer: Signer
    let live: LiveConfiguration
    /// The largest upload accepted, in bytes.
    let uploadLimit: Int

    var baseURL: String { live.current.baseURL }

    /// `__Host-` makes browsers refuse the cookie unless it is Secure, path `/`, and set
    /// by this exact host, so a sibling subdomain cannot plant or overwrite it.
    var cookieName: String { baseURL.hasPrefix("https://") ? "__Host-byline_session" : "byline_session" }

    func sessionCookie(_ token: String) -> Cookie {
        Cookie(
            name: cookieName, value: token, maxAge: Int(Session.lifetime), path: "/", secure: baseURL.hasPrefix("https://"),
            httpOnly: true, sameSite: .lax
        )
    }

    func expiredSessionCookie() -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", secure: baseURL.hasPrefix("https://"), httpOnly: true, sameSite: .lax)
    }

    /// The signed-in member; the middleware guarantees one on every admin route it guards.
    func staff(_ context: some StaffRequestContext) throws -> StaffSession {
        guard let staff = context.staff else { throw HTTPError(.unauthorized) }
        return staff
    }

    /// The member when they may take `action`; a 403 otherwise.
    @discardableResult
    func require(_ action: NewsroomAction, _ context: some StaffRequestContext) throws -> StaffSession {
        let staff = try staff(context)
        guard staff.user.may(action) else { throw HTTPError(.forbidden, message: "Your role (\(staff.user.role.rawValue)) does not allow this.") }
        return staff
    }

    /// The language a member reads the newsroom in: their own choice, else the site's.
    func language(of staff: StaffSession) -> String { staff.user.language ?? pages.language }

    /// The newsroom's text in that member's language.
    func catalog(for staff: StaffSession) -> MessageCatalog { views.templates.translations.catalog(for: language(of: staff)) }

    func chrome(_ staff: StaffSession, title: String, current: String, notice: String? = nil) async throws -> AdminChrome {
        let user = staff.user
        let catalog = catalog(for: staff)
        func item(_ label: Message, _ page: SiteURL.Admin, _ key: String, badge: Int? = nil) -> AdminChrome.NavItem {
            .init(label: catalog.message(label), url: SiteURL.admin(page).path, current: current == key, badge: badge.flatMap { $0 > 0 ? $0 : nil })
        }
        var nav = [
            item(Message("Dashboard"), .dashboard, "dashboard"), item(Message("Articles"), .articles, "articles"),
            item(Message("New article"), .newArticle, "new"), item(Message("Media"), .media, "media"),
        ]
        if user.may(.moderateComments) { nav.append(item(Message("Comments"), .comments, "comments", badge: try await pendingComments())) }
        if user.may(.manageTaxonomy) {
            nav += [item(Message("Sections"), .sections, "sections"), item(Message("Tags"), .tags, "tags"), item(Message("People"), .people, "people")]
        }
        if user.may(.ingestWire) { nav.append(item(Message("Wire"), .wire, "wire", badge: try await heldWire())) }
        if user.may(.managePages) { nav.append(item(Message("Pages"), .pages, "pages")) }
        if user.may(.manageUsers) { nav.append(item(Message("Users"), .users, "users")) }
        if user.may(.manageSettings) {
            nav += [item(Message("Webhooks"), .webhooks, "webhooks"), item(Message("Import"), .imports, "import"), item(Message("Settings"), .settings, "settings")]
        }
        return AdminChrome(
            siteName: pages.siteName, userName: user.name, role: catalog.message(user.role.name), csrf: staff.session.csrfToken, nav: nav,
            notice: notice, title: title, language: language(of: staff)
        )
    }

    /// The chrome for a page whose title is a fixed message, in the member's language.
    func chrome(_ staff: StaffSession, title: Message, current: String, notice: String? = nil) async throws -> AdminChrome {
        try await chrome(staff, title: catalog(for: staff).message(title), current: current, notice: notice)
    }

    /// A date and time as the newsroom reads them: in the site's time zone.
    func dateTime(_ date: Date?) -> String {
        guard let date else { return "" }
        return pages.dates.readable(date)
    }
}

/// Guards `/admin`: a session for every page, and for every state-changing request a
/// same-origin browser and the session's CSRF token (a form field or `X-CSRF-Token`).
struct AdminSessionMiddleware<Context: StaffRequestContext>: RouterMiddleware {
    let newsroom: Newsroom

    static var publicPaths: Set<String> { [SiteURL.admin(.login).path] }

    /// A WordPress export is larger than any image; larger files than this go through the CLI.
    static var importLimit: Int { 256 * 1_048_576 }

    static func limit(for request: Request, newsroom: Newsroom) -> Int {
        request.uri.path == SiteURL.admin(.imports).path ? max(importLimit, newsroom.uploadLimit) : newsroom.uploadLimit
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        if Self.publicPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        let token = request.cookies[newsroom.cookieName]?.value ?? ""
        guard let (session, user) = try await newsroom.signIn.session(token: token) else {
            if request.method == .get || request.method == .head {
                let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return adminRedirect(SiteURL.admin(.login).path(query: ["next": next]))
            }
            return newsroom.views.page(AdminErrorModel.signedOut(newsroom), .error, status: .unauthorized, language: newsroom.pages.language)
        }
        context.staff = StaffSession(user: user, session: session)
        if ![.get, .head].contains(request.method) {
            guard request.isSameOrigin(baseURL: newsroom.baseURL) else { return try await refuse(context) }
            let form: FormFields
            do {
                form = try await FormFields.read(&request, limit: Self.limit(for: request, newsroom: newsroom) + 1024 * 1024)
            } catch .tooLarge {
                let limit = Self.limit(for: request, newsroom: newsroom)
                throw HTTPError(.contentTooLarge, message: "That upload is larger than this site accepts here (\(limit / 1_048_576) MB).")
            } catch .tooManyFields {
                throw HTTPError(.badRequest, message: "The form has more than \(FormFields.maximumFields) fields, more than any form here sends.")
            } catch {
                throw HTTPError(.badRequest, Message("The form could not be read. Please try again."))
            }
            let sent = request.headers[.init("X-CSRF-Token")!] ?? form["_csrf"] ?? ""
            guard Signer.constantTimeEquals(sent, session.csrfToken) else { return try await refuse(context) }
            context.form = form
        }
        var response = try await next(request, context)
        SecurityHeaders.add(AdminViews.headers, to: &response.headers)
        return response
    }

    private func refuse(_ context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let catalog = newsroom.catalog(for: staff)
        let model = AdminErrorModel(
            admin: try await newsroom.chrome(staff, title: Message("Not sent"), current: ""), status: 403,
            heading: catalog.message("That request was not accepted"),
            message: catalog.message(
                "The form was sent from another site, or it expired. Go back, reload the page and try again: what you typed is still in your browser’s back history."
            )
        )
        return newsroom.views.page(model, .error, status: .forbidden, language: newsroom.language(of: staff))
    }
}

/// Turns refusals inside the admin into admin pages that say what happened.
struct AdminErrorMiddleware<Context: StaffRequestContext>: RouterMiddleware {
    let newsroom: Newsroom

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status != .unauthorized {
            guard let staff = context.staff else { throw error }
            let (heading, fallback) = switch error.status {
            case .forbidden: (Message("You can’t do that"), Message("Your role does not allow this. Ask an editor or an administrator."))
            case .notFound: (Message("Not found"), Message("There is nothing here: it may have been deleted."))
            case .contentTooLarge: (Message("Too large"), Message("That upload is larger than this site accepts."))
            default: (Message("Something went wrong"), Message("The request could not be completed."))
            }
            let catalog = newsroom.catalog(for: staff)
            let model = AdminErrorModel(
                admin: try await newsroom.chrome(staff, title: heading, current: ""), status: Int(error.status.code),
                heading: catalog.message(heading), message: Self.said(error.body, fallback: fallback, catalog)
            )
            return newsroom.views.page(model, .error, status: error.status, language: newsroom.language(of: staff))
        }
    }

    /// A refusal's own words when the member's language has them, or when it is English;
    /// else the general words for its status, so that a page never mixes two languages.
    static func said(_ body: String?, fallback: Message, _ catalog: MessageCatalog) -> String {
        guard let body else { return catalog.message(fallback) }
        if catalog.translates(body) { return catalog.message(body) }
        return catalog.language == "en" ? body : catalog.message(fallback)
    }
}

struct AdminErrorModel: TemplateModel {
    var admin: AdminChrome?
    var status: Int
    var heading: String
    var message: String
    /// For the page without the chrome, which has no member's language to read.
    var language = "en"

    /// Nobody is signed in, so the page is in the site's language.
    static func signedOut(_ newsroom: Newsroom) -> AdminErrorModel {
        let catalog = newsroom.views.templates.translations.catalog(for: newsroom.pages.language)
        return AdminErrorModel(
            admin: nil, status: 401, heading: catalog.message("Please sign in again"),
            message: catalog.message("Your session has ended, so nothing was changed. Sign in in another tab, then send the form again."),
            language: newsroom.pages.language
        )
    }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "admin": .value(admin)
        case "status": .value(status)
        case "heading": .value(heading)
        case "message": .value(message)
        case "language": .value(language)
        case "direction": .value(Translations.direction(of: language))
        default: .unknown
        }
    }
}

extension HTTPError {
    /// A refusal in words the newsroom's catalogs translate (see AdminErrorMiddleware.said).
    init(_ status: HTTPResponse.Status, _ message: Message) {
        self.init(status, message: message.description)
    }
}
