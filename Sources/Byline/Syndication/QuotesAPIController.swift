import Foundation
import Hummingbird

/// The quote index in the Content API: `/api/v1/people`, `/api/v1/people/SLUG`, what one
/// person said (`…/quotes`, by cursor), and a story's quotes. Public like the rest of reading,
/// and as limited: only published stories' quotes that no editor hid.
struct QuotesAPIController<Context: RequestContext & RemoteAddressRequestContext>: Sendable {
    let quotes: any QuoteRepository
    let articles: any ArticleRepository
    let gate: APIGate
    var pages: PageRenderer { gate.pages }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.api(.people).route, use: people)
        routes.get(SiteURL.api(.person(.key)).route, use: person)
        routes.get(SiteURL.api(.personQuotes(.key)).route, use: personQuotes)
        routes.get(SiteURL.api(.articleQuotes(.key)).route, use: articleQuotes)
        return routes
    }

    @Sendable func people(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let limit = try ContentAPIController<Context>.integer(query.get("limit"), name: "limit", in: 1...100) ?? 20
        var kind: Person.Kind? = .person
        if let text = query.get("kind") {
            guard text == "all" || Person.Kind(rawValue: text) != nil else {
                throw APIError(.badRequest, "invalid_parameter", "kind must be person, organisation or all.", field: "kind")
            }
            kind = Person.Kind(rawValue: text)
        }
        // The list is ordered by how often each is quoted, which moves; a cursor is a position.
        var offset = 0
        if let token = query.get("cursor") {
            guard let data = Signer.data(base64URL: token), let text = String(data: data, encoding: .utf8), text.hasPrefix("at:"),
                let position = Int(text.dropFirst(3)), position >= 0, position <= 1_000_000, position % limit == 0
            else { throw APIError(.badRequest, "invalid_parameter", "cursor is not one this API gave out for this limit.", field: "cursor") }
            offset = position
        }
        let page = try await quotes.mostQuoted(kind: kind, page: PageRequest(number: offset / limit + 1, size: limit))
        let next = page.hasNext ? Signer.base64URL(Data("at:\(offset + limit)".utf8)) : nil
        return ContentAPIResources.response(to: request, ContentAPIResources.Page(data: page.items.map(resource), nextCursor: next), keys: [ContentChange.peopleKey])
    }

    @Sendable func person(_ request: Request, context: Context) async throws -> Response {
        let person = try await publicPerson(context)
        return ContentAPIResources.response(to: request, resource(person), keys: [ContentChange.personKey(person.id), ContentChange.peopleKey])
    }

    @Sendable func personQuotes(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let limit = try ContentAPIController<Context>.integer(query.get("limit"), name: "limit", in: 1...100) ?? 20
        var cursor: ListingCursor?
        if let token = query.get("cursor") {
            guard let parsed = ListingCursor(token: token) else { throw APIError(.badRequest, "invalid_parameter", "cursor is not one this API gave out.", field: "cursor") }
            cursor = parsed
        }
        let person = try await publicPerson(context)
        let found = try await quotes.quotes(personID: person.id, after: cursor, limit: limit + 1)
        let page = Array(found.prefix(limit))
        let next = found.count > limit ? page[page.count - 1].cursor.token : nil
        let base = pages.baseURL
        let data = page.map { said in
            ContentAPIResources.PersonQuote(
                text: said.quote.text, cue: said.quote.cue, confirmed: said.quote.confirmed,
                article: .init(
                    id: said.article.id, slug: said.article.slug, headline: said.article.headline,
                    url: SiteURL.article(said.article.slug, section: said.article.sectionSlug, publishedAt: said.article.publishedAt, dates: pages.dates).absolute(base: base),
                    publishedAt: ISO8601.string(from: said.article.publishedAt, in: .gmt)))
        }
        return ContentAPIResources.response(
            to: request, ContentAPIResources.Page(data: data, nextCursor: next), keys: [ContentChange.personKey(person.id), ContentChange.peopleKey, ContentChange.taxonomyKey]
        )
    }

    @Sendable func articleQuotes(_ request: Request, context: Context) async throws -> Response {
        let article = try await articles.publishedArticle(idOrSlug: try context.parameters.require("article"))
        guard let found = try await quotes.publicQuotes(articleID: article.id) else {
            throw APIError(.notFound, "not_found", "No published article has the ID or slug “\(article.slug)”.")
        }
        let data = found.map { quote in
            ContentAPIResources.Quote(
                text: quote.text, speaker: quote.speaker.map { .init(name: $0.name, slug: $0.slug, kind: $0.kind.rawValue) }, cue: quote.cue,
                confirmed: quote.confirmed, scare: quote.isScareQuote, paragraph: quote.paragraph)
        }
        return ContentAPIResources.response(
            to: request, ContentAPIResources.ArticleQuotes(quotes: data), lastModified: article.updatedAt, keys: [ContentChange.articleKey(article.id), ContentChange.peopleKey]
        )
    }

    private func publicPerson(_ context: Context) async throws -> Person {
        let slug = try context.parameters.require("person")
        guard let person = try await quotes.person(slug: slug), person.isPublic else {
            throw APIError(.notFound, "not_found", "Nobody quoted in a published story has the slug “\(slug)”.")
        }
        return person
    }

    private func resource(_ person: Person) -> ContentAPIResources.QuotedPerson {
        ContentAPIResources.QuotedPerson(
            id: person.id, slug: person.slug, name: person.name, kind: person.kind.rawValue, description: person.description, wikidataId: person.wikidataID,
            aliases: person.aliases, quoteCount: person.quoteCount, url: SiteURL.person(slug: person.slug).absolute(base: pages.baseURL))
    }
}
