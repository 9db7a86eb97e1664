import Foundation
import Hummingbird

/// `/search?q=…`: published articles by their words, newest first or by relevance, with a
/// highlighted snippet. Any query is safe; one with no words simply finds nothing.
/// `&speaker=SLUG` narrows it to what one person said, in the stories that quote them.
struct SearchController<Context: RequestContext>: Sendable {
    let search: any SearchRepository
    let quotes: any QuoteRepository
    let pages: PageRenderer

    static var pageSize: Int { 10 }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.search.route, use: results)
        return routes
    }

    @Sendable func results(_ request: Request, context: Context) async throws -> Response {
        // A query that isn't valid UTF-8 once percent-decoded arrives as nil: the same as no query.
        let query = String((request.formQuery["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        let order = request.uri.queryParameters.get("sort").flatMap(SearchOrder.init(rawValue:)) ?? .newest
        guard let number = request.pageNumber else { throw HTTPError(.notFound) }
        let terms = SearchText.terms(query)
        let speakerSlug = request.formQuery["speaker"].map { String($0.prefix(200)) }.flatMap { $0.isEmpty ? nil : $0 }
        var speaker: Person?
        if let speakerSlug, let person = try await quotes.person(slug: speakerSlug), person.isPublic { speaker = person }
        let pageRequest = PageRequest(number: number, size: Self.pageSize)
        let found: Page<SearchHit> = if let speaker {
            try await quotes.search(terms: terms, personID: speaker.id, page: pageRequest)
        } else if speakerSlug != nil {
            Page(items: [], request: pageRequest, totalCount: 0)
        } else {
            try await search.search(terms: terms, order: order, page: pageRequest, language: pages.language)
        }
        let url = { (page: Int, order: SearchOrder) -> String in
            SiteURL.search.path(query: [
                "q": query, "speaker": speakerSlug, "sort": order == .relevance && speakerSlug == nil ? "relevance" : nil, "page": page > 1 ? String(page) : nil,
            ])
        }
        let catalog = pages.catalog
        var meta = pages.meta(title: query.isEmpty ? catalog.message("Search") : catalog.message("Search: {query}", ["query": query]), url: .front())
        meta.canonicalURL = pages.baseURL + url(number, order)
        // Result pages are for readers, not for search engines' own indexes.
        meta.robots = "noindex, follow"
        let model = SearchPageModel(
            site: try await pages.chrome(), page: meta, query: query, speaker: speaker.map { .init(name: $0.name, slug: $0.slug) },
            unknownSpeaker: speaker == nil ? speakerSlug : nil,
            everyoneURL: SiteURL.search.path(query: ["q": query]), total: found.totalCount,
            totalLabel: catalog.plural("{count} result", "{count} results", count: found.totalCount),
            isRelevance: order == .relevance, newestURL: url(1, .newest), relevanceURL: url(1, .relevance),
            results: found.items.map { hit in
                SearchPageModel.Result(
                    headline: hit.summary.headline,
                    url: SiteURL.article(hit.summary.slug, section: hit.summary.section.slug, publishedAt: hit.summary.publishedAt, dates: pages.dates).path,
                    snippetHTML: SearchText.snippetHTML(hit.text, terms: terms), section: hit.summary.section.name,
                    time: TimeModel(hit.summary.shownDate, pages.dates)
                )
            },
            pagination: PaginationModel.of(found) { url($0, order) }
        )
        // Any published story's change may change any result page; a speaker's, their quotes.
        return pages.respond(to: request, with: model, as: .search, lastModified: nil, keys: [ContentChange.listingsKey, ContentChange.peopleKey])
    }
}

struct SearchPageModel: TemplateModel {
    struct Result: TemplateModel {
        var headline: String
        var url: String
        /// Escaped text with `<mark>` around matches: made by `SearchText.snippetHTML`.
        var snippetHTML: String
        var section: String
        var time: TimeModel

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "headline": .value(headline)
            case "url": .value(url)
            case "snippetHTML": .value(snippetHTML)
            case "section": .value(section)
            case "time": .value(time)
            default: .unknown
            }
        }
    }

    struct Speaker: TemplateModel {
        var name: String
        var slug: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "name": .value(name)
            case "slug": .value(slug)
            case "url": .value(SiteURL.person(slug: slug).path)
            default: .unknown
            }
        }
    }

    var site: SiteChrome
    var page: PageMeta
    var query: String
    /// The person the search is narrowed to, and a slug that names nobody.
    var speaker: Speaker?
    var unknownSpeaker: String?
    var everyoneURL: String
    var total: Int
    var totalLabel: String
    var isRelevance: Bool
    var newestURL: String
    var relevanceURL: String
    var results: [Result]
    var pagination: PaginationModel?

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "site": .value(site)
        case "page": .value(page)
        case "query": .value(query)
        case "hasQuery": .value(!query.isEmpty || speaker != nil || unknownSpeaker != nil)
        case "speaker": .value(speaker)
        case "unknownSpeaker": .value(unknownSpeaker)
        case "everyoneURL": .value(everyoneURL)
        case "total": .value(total)
        case "totalLabel": .value(totalLabel)
        case "isEmpty": .value(results.isEmpty)
        case "isRelevance": .value(isRelevance)
        case "newestURL": .value(newestURL)
        case "relevanceURL": .value(relevanceURL)
        case "results": .value(results)
        case "pagination": .value(pagination)
        default: .unknown
        }
    }
}
