import Foundation

/// `/people/`: the people the site's stories quote most.
struct PeoplePageModel: TemplateModel {
    struct Item: TemplateModel {
        var name: String
        var url: String
        var description: String?
        var quoteCount: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "name": .value(name)
            case "url": .value(url)
            case "description": .value(description)
            case "quoteCount": .value(quoteCount)
            default: .unknown
            }
        }
    }

    var site: SiteChrome
    var page: PageMeta
    var items: [Item]
    var pagination: PaginationModel?

    init(site: SiteChrome, page: PageMeta, people: Page<Person>, catalog: MessageCatalog) {
        self.site = site
        self.page = page
        items = people.items.map {
            Item(name: $0.name, url: SiteURL.person(slug: $0.slug).path, description: $0.description, quoteCount: PersonPageModel.count($0.quoteCount, catalog))
        }
        pagination = PaginationModel.of(people) { SiteURL.people(page: $0).path }
    }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "site": .value(site)
        case "page": .value(page)
        case "items": .value(items)
        case "isEmpty": .value(items.isEmpty)
        case "pagination": .value(pagination)
        default: .unknown
        }
    }
}

/// `/people/SLUG`: what one person said, newest story first.
struct PersonPageModel: TemplateModel {
    struct Quote: TemplateModel {
        var id: Int64
        var text: String
        var cue: String?
        var time: TimeModel
        var story: LinkModel

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "id": .value(id)
            case "text": .value(text)
            case "cue": .value(cue)
            case "time": .value(time)
            case "story": .value(story)
            default: .unknown
            }
        }
    }

    var site: SiteChrome
    var page: PageMeta
    var name: String
    var slug: String
    var description: String?
    var quoteCount: String
    var quotes: [Quote]
    var pagination: PaginationModel?
    var feedURL: String

    init(site: SiteChrome, page: PageMeta, person: Person, quotes: Page<PublicQuote>, dates: DateDisplay, catalog: MessageCatalog) {
        self.site = site
        self.page = page
        name = person.name
        slug = person.slug
        description = person.description
        quoteCount = Self.count(quotes.totalCount, catalog)
        self.quotes = quotes.items.map {
            Quote(
                id: $0.quote.id, text: $0.quote.words, cue: $0.quote.cue,
                time: TimeModel($0.article.publishedAt, dates),
                story: LinkModel(
                    name: $0.article.headline,
                    url: SiteURL.article($0.article.slug, section: $0.article.sectionSlug, publishedAt: $0.article.publishedAt, dates: dates).path))
        }
        pagination = PaginationModel.of(quotes) { SiteURL.person(slug: person.slug, page: $0).path }
        feedURL = SiteURL.feed(of: .person(slug: person.slug), .atom).path
    }

    static func count(_ quotes: Int, _ catalog: MessageCatalog) -> String { catalog.plural("{count} quote", "{count} quotes", count: quotes) }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "site": .value(site)
        case "page": .value(page)
        case "name": .value(name)
        case "slug": .value(slug)
        case "description": .value(description)
        case "quoteCount": .value(quoteCount)
        case "quotes": .value(quotes)
        case "pagination": .value(pagination)
        case "feedURL": .value(feedURL)
        default: .unknown
        }
    }
}
