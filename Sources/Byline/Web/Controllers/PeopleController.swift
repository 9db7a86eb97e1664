import Foundation
import Hummingbird

/// The quote index as readers see it: `/people/`, the most quoted people; `/people/SLUG`,
/// what one of them said, newest first; and its Atom feed. Only published stories' quotes
/// are shown, and none an editor hid.
struct PeopleController<Context: RequestContext>: Sendable {
    let quotes: any QuoteRepository
    let pages: PageRenderer
    let pageSize: Int

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.people().route, use: people)
        routes.get(SiteURL.person(.key).route, use: person)
        routes.get(SiteURL.feed(of: .person(.key), .atom).route, use: feed)
        return routes
    }

    @Sendable func people(_ request: Request, context: Context) async throws -> Response {
        guard let number = request.pageNumber else { throw HTTPError(.notFound) }
        let people = try await quotes.mostQuoted(kind: .person, page: PageRequest(number: number, size: pageSize * 4))
        guard !(people.isBeyondEnd && number > 1) else { throw HTTPError(.notFound) }
        let catalog = pages.catalog
        let heading = catalog.message("People quoted")
        let title = number > 1 ? pages.numbered(heading, page: number) : heading
        let description = catalog.message("Who {site}’s stories quote most, and what they said.", ["site": pages.siteName])
        var meta = pages.meta(title: title, description: description, url: .people(page: number))
        meta.jsonLD = [pages.structured.itemList(people.items.map { SiteURL.person(slug: $0.slug).absolute(base: pages.baseURL) }, name: title)]
            .map(StructuredData.script)
        let model = PeoplePageModel(site: try await pages.chrome(), page: meta, people: people, catalog: catalog)
        return pages.respond(to: request, with: model, as: .people, lastModified: nil, keys: [ContentChange.peopleKey])
    }

    @Sendable func person(_ request: Request, context: Context) async throws -> Response {
        guard let number = request.pageNumber else { throw HTTPError(.notFound) }
        let person = try await publicPerson(context)
        let said = try await quotes.quotes(personID: person.id, page: PageRequest(number: number, size: pageSize * 2))
        guard !(said.isBeyondEnd && number > 1) else { throw HTTPError(.notFound) }
        let catalog = pages.catalog
        let heading = catalog.message("What {name} said", ["name": person.name])
        var meta = pages.meta(title: number > 1 ? pages.numbered(heading, page: number) : heading, description: person.description, url: .person(slug: person.slug, page: number))
        meta.jsonLD = [
            pages.structured.quotations(said.items, by: person),
            pages.structured.breadcrumbs([
                (catalog.message("Home"), SiteURL.front().absolute(base: pages.baseURL)), (catalog.message("People"), SiteURL.people().absolute(base: pages.baseURL)),
                (person.name, SiteURL.person(slug: person.slug).absolute(base: pages.baseURL)),
            ]),
        ].map(StructuredData.script)
        meta.metaTags = pages.structured.listingTags(title: meta.title, description: person.description, url: SiteURL.person(slug: person.slug, page: number).absolute(base: pages.baseURL))
        meta.feeds = [FeedLink(title: catalog.message("{name} ({format})", ["name": heading, "format": Feeds.Format.atom.title]), type: Feeds.Format.atom.linkType, url: SiteURL.feed(of: .person(slug: person.slug), .atom).path)]
        let model = PersonPageModel(site: try await pages.chrome(), page: meta, person: person, quotes: said, dates: pages.dates, catalog: catalog)
        return pages.respond(to: request, with: model, as: .person, lastModified: nil, keys: [ContentChange.personKey(person.id)])
    }

    @Sendable func feed(_ request: Request, context: Context) async throws -> Response {
        let person = try await publicPerson(context)
        let said = try await quotes.quotes(personID: person.id, after: nil, limit: FeedController<Context>.itemCount)
        let base = pages.baseURL
        let items = said.map { quote in
            let story = SiteURL.article(quote.article.slug, section: quote.article.sectionSlug, publishedAt: quote.article.publishedAt, dates: pages.dates)
                .absolute(base: base)
            let words = quote.quote.words
            return FeedModel.Item(
                // The story's address and the quote's words: the same quote keeps its ID when the
                // story is edited elsewhere.
                id: "\(story)#quote-\(quote.quote.fingerprint)", url: story, title: "“\(words.leadingWords(upTo: 120, marking: true) ?? words)”", summary: nil,
                contentHTML: "<blockquote><p>\(words.htmlEscaped)</p></blockquote>\n<p>\(person.name.htmlEscaped), in <a href=\"\(story.htmlEscaped)\">\(quote.article.headline.htmlEscaped)</a></p>",
                authors: [.init(name: person.name, url: SiteURL.person(slug: person.slug).absolute(base: base))],
                published: quote.article.publishedAt, updated: quote.article.publishedAt, categories: [], image: nil)
        }
        let feed = FeedModel(
            title: "What \(person.name) said – \(pages.siteName)", subtitle: person.description, homeURL: SiteURL.person(slug: person.slug).absolute(base: base),
            feedURL: SiteURL.feed(of: .person(slug: person.slug), .atom).absolute(base: base), language: pages.language, items: items,
            icon: SiteURL.asset("img/favicon.svg").absolute(base: base))
        return FeedController<Context>.response(to: request, feed: feed, format: .atom, keys: [ContentChange.personKey(person.id)])
    }

    /// A person readers may see: one with a quote in a published story. Someone only quoted in
    /// drafts is not to be announced by their page existing.
    private func publicPerson(_ context: Context) async throws -> Person {
        guard let person = try await quotes.person(slug: try context.parameters.require("slug")), person.isPublic else { throw HTTPError(.notFound) }
        return person
    }
}
