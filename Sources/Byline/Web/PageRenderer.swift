import Foundation
import Hummingbird

/// What every page handler needs besides its own repository: the site's chrome, the theme,
/// and the way a rendered page becomes a cacheable response.
struct PageRenderer: Sendable {
    let theme: Theme
    let navigation: NavigationCache
    let live: LiveConfiguration
    /// Set for a page in another language than the site's (`speaking`).
    private var pinnedLanguage: String?

    init(theme: Theme, navigation: NavigationCache, live: LiveConfiguration) {
        self.theme = theme
        self.navigation = navigation
        self.live = live
    }

    // Read per request: an administrator's change to the settings applies to the next page.
    var siteName: String { live.current.siteName }
    var language: String { pinnedLanguage ?? live.current.languageTag }
    var baseURL: String { live.current.baseURL }
    var dates: DateDisplay {
        let site = live.current.dateDisplay
        guard let pinnedLanguage else { return site }
        return DateDisplay(timeZone: site.timeZone, locale: Locale(identifier: pinnedLanguage.replacingOccurrences(of: "-", with: "_")), pattern: site.pattern)
    }

    /// The same pages in another language: its catalog, its dates, its `lang` and direction.
    func speaking(_ tag: String) -> PageRenderer {
        var pages = self
        pages.pinnedLanguage = tag
        return pages
    }
    /// The interface text in the site's language.
    var catalog: MessageCatalog { theme.templates.translations.catalog(for: language) }
    var structured: StructuredData { StructuredData(siteName: siteName, baseURL: baseURL, language: language, dates: dates) }

    func chrome(currentSection: String? = nil, currentPage: String? = nil, now: Date = Date()) async throws -> SiteChrome {
        let sections = try await navigation.sections()
        let menu = try await navigation.menu()
        return SiteChrome(
            name: siteName, language: language,
            sections: sections.map { .init(name: $0.name, url: SiteURL.section(slug: $0.slug).path, current: $0.slug == currentSection) },
            menu: menu.map { .init(name: $0.title, url: SiteURL.page(path: $0.path).path, current: $0.path == currentPage) },
            year: String(dates.calendarDay(now).year)
        )
    }

    /// "Sport, page 2": the title of a listing's later page.
    func numbered(_ title: String, page number: Int) -> String {
        catalog.message("{title}, page {number}", ["title": title, "number": catalog.format(number)])
    }

    func meta(title: String?, description: String? = nil, url: SiteURL, robots: String? = nil) -> PageMeta {
        PageMeta(
            title: title.map { "\($0) – \(siteName)" } ?? siteName, description: description,
            canonicalURL: url.absolute(base: baseURL), robots: robots
        )
    }

    /// A rendered page with validators; a 304 when the reader's copy is still current.
    func respond(
        to request: Request, with model: some TemplateModel, as template: Theme.Template, lastModified: Date?,
        status: HTTPResponse.Status = .ok, cacheControl: String = HTTPCaching.pageCacheControl, keys: [String]? = nil
    ) -> Response {
        let html = theme.render(model, as: template, language: language)
        return HTTPCaching.response(
            to: request, body: ByteBuffer(string: html), contentType: "text/html; charset=utf-8",
            lastModified: lastModified, cacheControl: cacheControl, status: status,
            // Every page shows the section navigation.
            keys: keys.map { $0 + [ContentChange.taxonomyKey] }
        )
    }
}

extension PageRenderer {
    /// A themed page that explains a refusal or failure in words for a reader; never cached
    /// except for a 404.
    func errorResponse(to request: Request, status: HTTPResponse.Status, heading: Message, message: Message) async -> Response {
        let catalog = self.catalog
        let heading = catalog.message(heading), message = catalog.message(message)
        // The error page must render even when the database is what failed.
        let chrome = (try? await chrome()) ?? SiteChrome(name: siteName, language: language, sections: [], year: String(dates.calendarDay(Date()).year))
        let model = ErrorPageModel(
            site: chrome, page: PageMeta(title: "\(heading) – \(siteName)", description: nil, canonicalURL: nil, robots: "noindex"),
            status: Int(status.code), heading: heading, message: message
        )
        let cacheControl = status == .notFound ? HTTPCaching.pageCacheControl : HTTPCaching.errorCacheControl
        return respond(to: request, with: model, as: .error, lastModified: nil, status: status, cacheControl: cacheControl)
    }
}

extension Request {
    /// The query string read as a form, as browsers send GET forms: `+` is a space, and a value
    /// that isn't UTF-8 once decoded is missing.
    var formQuery: FormFields { FormFields(uri.query ?? "") }

    /// The `?page=` number; nil when it is not a page number a listing could have.
    var pageNumber: Int? {
        guard let text = uri.queryParameters.get("page") else { return 1 }
        guard let number = Int(text), number >= 1, number <= 100_000 else { return nil }
        return number
    }
}
