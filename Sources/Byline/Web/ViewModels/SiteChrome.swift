import Foundation

/// What every page's layout shows around its content: masthead, navigation, footer.
struct SiteChrome: TemplateModel {
    struct NavLink: TemplateModel {
        var name: String
        var url: String
        /// Marks the section being read, for `aria-current`.
        var current: Bool

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "name": .value(name)
            case "url": .value(url)
            case "current": .value(current)
            default: .unknown
            }
        }
    }

    var name: String
    var language: String
    var sections: [NavLink]
    /// The standing pages an editor put in the footer.
    var menu: [NavLink] = []
    var year: String

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "name": .value(name)
        case "language": .value(language)
        case "direction": .value(Translations.direction(of: language))
        case "sections": .value(sections)
        case "menu": .value(menu)
        case "hasMenu": .value(!menu.isEmpty)
        case "year": .value(year)
        default: .unknown
        }
    }
}

/// The `<head>` facts of one page.
struct PageMeta: TemplateModel {
    var title: String
    var description: String?
    var canonicalURL: String?
    /// `noindex` for pages search engines shouldn't list (errors, deep pagination is fine).
    var robots: String?
    /// Feeds of this page, advertised with `<link rel="alternate">`.
    var feeds: [FeedLink] = []
    /// OpenGraph and Twitter Card tags.
    var metaTags: [MetaTag] = []
    /// schema.org JSON-LD blocks, already made safe to sit inside `<script>`.
    var jsonLD: [String] = []
    /// The page in other languages (and itself), for `<link rel="alternate" hreflang>`.
    var alternates: [AlternateLink] = []

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "title": .value(title)
        case "description": .value(description)
        case "canonicalURL": .value(canonicalURL)
        case "robots": .value(robots)
        case "feeds": .value(feeds)
        case "metaTags": .value(metaTags)
        case "jsonLD": .value(jsonLD)
        case "alternates": .value(alternates)
        default: .unknown
        }
    }
}

/// `<meta property="og:title" content="…">` or `<meta name="twitter:card" content="…">`.
struct MetaTag: TemplateModel {
    var attribute: String
    var key: String
    var content: String

    static func property(_ key: String, _ content: String) -> MetaTag { MetaTag(attribute: "property", key: key, content: content) }
    static func name(_ key: String, _ content: String) -> MetaTag { MetaTag(attribute: "name", key: key, content: content) }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "attribute": .value(attribute)
        case "key": .value(key)
        case "content": .value(content)
        default: .unknown
        }
    }
}

/// A moment shown to readers and to machines.
struct TimeModel: TemplateModel {
    /// ISO 8601 with the site's offset, for `<time datetime>`.
    var machine: String
    var readable: String

    init(_ date: Foundation.Date, _ dates: DateDisplay) {
        machine = dates.machine(date)
        readable = dates.readable(date)
    }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "machine": .value(machine)
        case "readable": .value(readable)
        default: .unknown
        }
    }
}

/// "← Newer · Page 2 of 5 · Older →" for listings and discussions alike.
struct PaginationModel: TemplateModel {
    var current: Int
    var count: Int
    var previousURL: String?
    var nextURL: String?

    /// Links for a page of a longer list; nil when everything fits on one page.
    static func of<Item>(_ page: Page<Item>, url: (Int) -> String) -> PaginationModel? {
        guard page.pageCount > 1 else { return nil }
        let number = page.request.number
        return PaginationModel(
            current: number, count: page.pageCount, previousURL: page.hasPrevious ? url(number - 1) : nil,
            nextURL: page.hasNext ? url(number + 1) : nil
        )
    }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "current": .value(current)
        case "count": .value(count)
        case "previousURL": .value(previousURL)
        case "nextURL": .value(nextURL)
        default: .unknown
        }
    }
}

struct LinkModel: TemplateModel {
    var name: String
    var url: String

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "name": .value(name)
        case "url": .value(url)
        default: .unknown
        }
    }
}

/// An author in a byline, with the separator that comes before it: "", ", " or " and ",
/// in the page's language.
struct BylineName: TemplateModel {
    var name: String
    var url: String
    var separator: String

    static func list(_ authors: [Author], _ catalog: MessageCatalog) -> [BylineName] {
        let joiners = catalog.listJoiners(authors.count)
        return authors.enumerated().map { index, author in
            BylineName(name: author.name, url: SiteURL.author(slug: author.slug).path, separator: joiners[index])
        }
    }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "name": .value(name)
        case "url": .value(url)
        case "separator": .value(separator)
        default: .unknown
        }
    }
}

struct ImageModel: TemplateModel {
    var src: String
    var width: Int
    var height: Int
    var alt: String
    var caption: String?
    var credit: String?

    init(_ image: LeadImage) {
        src = image.src
        width = image.width
        height = image.height
        alt = image.alt
        caption = image.caption
        credit = image.credit
    }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "src": .value(src)
        case "width": .value(width)
        case "height": .value(height)
        case "alt": .value(alt)
        case "caption": .value(caption)
        case "credit": .value(credit)
        case "hasCaption": .value(caption != nil || credit != nil)
        default: .unknown
        }
    }
}

/// One language's version of a page: `hreflang` and where it is. `x-default` names the
/// version for readers whose language has none.
struct AlternateLink: TemplateModel, Hashable {
    var language: String
    var url: String
    /// The language's own name and the version's headline, for the switcher on the page.
    var name: String = ""
    var headline: String = ""

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "language": .value(language)
        case "url": .value(url)
        case "name": .value(name)
        case "headline": .value(headline)
        case "direction": .value(Translations.direction(of: language))
        default: .unknown
        }
    }

    /// A story's versions, itself included, as search engines want them listed on each one.
    static func versions(of article: Article, url: String, siteLanguage: String, dates: DateDisplay, base: String) -> [AlternateLink] {
        guard !article.translations.isEmpty else { return [] }
        func link(_ language: String?, _ url: String, _ headline: String) -> AlternateLink {
            let language = language ?? siteLanguage
            return AlternateLink(language: language, url: url, name: LanguageTag.nativeName(of: language), headline: headline)
        }
        let own = link(article.language, url, article.headline)
        let others = article.translations.map { link($0.language, $0.url(dates).absolute(base: base), $0.headline) }
        let original: AlternateLink? = if article.translationOf == nil {
            own
        } else if let index = article.translations.firstIndex(where: \.isOriginal) {
            others[index]
        } else {
            nil
        }
        let sorted = ([own] + others).sorted { $0.language < $1.language }
        return sorted + (original.map { [AlternateLink(language: "x-default", url: $0.url)] } ?? [])
    }
}
