import Foundation
import Hummingbird

/// Every public page's path. Routes are registered from the same patterns that build
/// links, so a link cannot point at a route that does not exist.
public enum SiteURL: Sendable, Hashable {
    case front(page: Int = 1)
    case section(slug: String, page: Int = 1)
    case tag(slug: String, page: Int = 1)
    case author(slug: String, page: Int = 1)
    case article(section: String, year: Int, month: Int, day: Int, slug: String)

    /// Route patterns, in the order they are registered.
    enum Route {
        static let front: RouterPath = "/"
        static let section: RouterPath = "/:section"
        static let tag: RouterPath = "/tag/:slug"
        static let author: RouterPath = "/author/:slug"
        static let article: RouterPath = "/:section/:year/:month/:day/:slug"
        static let assetsPrefix = "/assets"
    }

    /// The article's canonical address: its section and its first-publication day in the
    /// site's time zone, so a URL never changes when the story is edited.
    public static func article(_ slug: String, section: String, publishedAt: Date, dates: DateDisplay) -> SiteURL {
        let day = dates.calendarDay(publishedAt)
        return .article(section: section, year: day.year, month: day.month, day: day.day, slug: slug)
    }

    public var path: String {
        switch self {
        case .front(let page): Self.paged("/", page)
        case .section(let slug, let page): Self.paged("/\(slug)", page)
        case .tag(let slug, let page): Self.paged("/tag/\(slug)", page)
        case .author(let slug, let page): Self.paged("/author/\(slug)", page)
        case .article(let section, let year, let month, let day, let slug):
            "/\(section)/\(String(format: "%04d/%02d/%02d", year, month, day))/\(slug)"
        }
    }

    /// The absolute URL, for canonical links and, later, feeds and sitemaps.
    public func absolute(base: String) -> String { base + path }

    private static func paged(_ path: String, _ page: Int) -> String {
        page > 1 ? "\(path)?page=\(page)" : path
    }
}
