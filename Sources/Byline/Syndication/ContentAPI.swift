import Foundation
import Hummingbird
import Synchronization

/// The Content API, `/api/v1`: JSON for programs. Reading is public; writing needs a token
/// (`byline tokens create`). `/api/openapi.json` describes exactly what is here.
struct ContentAPIController<Context: RequestContext & RemoteAddressRequestContext>: Sendable {
    let articles: any ArticleRepository
    let editorial: any EditorialRepository
    let taxonomy: any TaxonomyRepository
    let search: any SearchRepository
    let gate: APIGate
    var pages: PageRenderer { gate.pages }
    let body = ArticleBodyRenderer()

    static var maximumBody: Int { 1_048_576 }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.api(.openAPI).route, use: openAPI)
        routes.get(SiteURL.api(.articles).route, use: list)
        routes.post(SiteURL.api(.articles).route, use: create)
        routes.get(SiteURL.api(.article(.key)).route, use: show)
        routes.patch(SiteURL.api(.article(.key)).route, use: update)
        routes.delete(SiteURL.api(.article(.key)).route, use: delete)
        routes.get(SiteURL.api(.sections).route, use: sections)
        routes.get(SiteURL.api(.authors).route, use: authors)
        routes.get(SiteURL.api(.search).route, use: searchArticles)
        return routes
    }

    // MARK: Reading

    @Sendable func openAPI(_ request: Request, context: Context) async throws -> Response {
        let path = BundledResources.directory + "/API/openapi.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw APIError(.internalServerError, "unavailable", "The API description is missing.") }
        return HTTPCaching.response(to: request, body: ByteBuffer(bytes: data), contentType: "application/json", lastModified: nil)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let limit = try Self.integer(query.get("limit"), name: "limit", in: 1...100) ?? 20
        var cursor: ListingCursor?
        if let token = query.get("cursor") {
            guard let parsed = ListingCursor(token: token) else { throw APIError(.badRequest, "invalid_parameter", "cursor is not one this API gave out.", field: "cursor") }
            cursor = parsed
        }
        var since: Date?
        if let text = query.get("since") {
            guard let date = ISO8601.parse(text) else {
                throw APIError(.badRequest, "invalid_parameter", "since must be an ISO 8601 date-time with a zone, such as 2024-05-01T00:00:00Z.", field: "since")
            }
            since = date
        }
        let given = [("section", query.get("section")), ("tag", query.get("tag")), ("author", query.get("author"))].filter { $0.1 != nil }
        guard given.count <= 1 else { throw APIError(.badRequest, "invalid_parameter", "Filter by one of section, tag or author at a time.") }
        var listing = ArticleListing.all
        if let (name, slug) = given.first, let slug {
            let id: Int64? = switch name {
            case "section": try await taxonomy.section(slug: slug)?.id
            case "tag": try await taxonomy.tag(slug: slug)?.id
            default: try await taxonomy.author(slug: slug)?.id
            }
            // An unknown name matches nothing, like a search: an empty list, not an error.
            guard let id else { return json(request, ContentAPIResources.Page<ContentAPIResources.Summary>(data: [], nextCursor: nil), keys: [ContentChange.taxonomyKey]) }
            listing = switch name {
            case "section": .section(id: id)
            case "tag": .tag(id: id)
            default: .author(id: id)
            }
        }
        let summaries = try await articles.publishedSummaries(listing, updatedSince: since, after: cursor, limit: limit + 1)
        let page = Array(summaries.prefix(limit))
        let next = summaries.count > limit ? ListingCursor(after: page[page.count - 1]).token : nil
        // Any published story's change may move it into, out of or along any list.
        return json(request, ContentAPIResources.Page(data: page.map(summary), nextCursor: next), lastModified: page.map(\.updatedAt).max(), keys: [ContentChange.listingsKey, ContentChange.taxonomyKey])
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let article = try await articles.publishedArticle(idOrSlug: try context.parameters.require("article"))
        return json(request, representation(article, version: nil), lastModified: article.updatedAt, keys: [ContentChange.articleKey(article.id), ContentChange.taxonomyKey])
    }

    @Sendable func sections(_ request: Request, context: Context) async throws -> Response {
        let base = pages.baseURL
        let all = try await taxonomy.sections().map { section in
            ContentAPIResources.Section(
                id: section.id, slug: section.slug, name: section.name, description: section.description,
                url: SiteURL.section(slug: section.slug).absolute(base: base)
            )
        }
        return json(request, ContentAPIResources.List(data: all), keys: [ContentChange.taxonomyKey])
    }

    @Sendable func authors(_ request: Request, context: Context) async throws -> Response {
        let base = pages.baseURL
        let all = try await taxonomy.authors().map { author in
            ContentAPIResources.Person(
                id: author.id, slug: author.slug, name: author.name, bio: author.bio, url: SiteURL.author(slug: author.slug).absolute(base: base)
            )
        }
        return json(request, ContentAPIResources.List(data: all), keys: [ContentChange.taxonomyKey])
    }

    @Sendable func searchArticles(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let text = request.formQuery["q"] ?? ""
        let order: SearchOrder
        if let sort = query.get("sort") {
            guard let parsed = SearchOrder(rawValue: sort) else {
                throw APIError(.badRequest, "invalid_parameter", "sort must be newest or relevance.", field: "sort")
            }
            order = parsed
        } else {
            order = .newest
        }
        let page = try Self.integer(query.get("page"), name: "page", in: 1...10_000) ?? 1
        let limit = try Self.integer(query.get("limit"), name: "limit", in: 1...100) ?? 20
        let terms = SearchText.terms(text)
        let found = try await search.search(terms: terms, order: order, page: PageRequest(number: page, size: limit), language: pages.language)
        let hits = found.items.map { hit in
            var item = summary(hit.summary)
            item.snippetHTML = SearchText.snippetHTML(hit.text, terms: terms)
            return item
        }
        return json(
            request, ContentAPIResources.SearchResults(data: hits, total: found.totalCount, page: page, pageCount: found.pageCount),
            keys: [ContentChange.listingsKey, ContentChange.taxonomyKey]
        )
    }

    // MARK: Writing

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let token = try await authenticate(request)
        try throttle(request, context: context, token: token)
        let actor = token.actor
        guard actor.may(.writeDrafts) else { throw APIError.forbidden(token) }
        var input = try Self.parse(.object(try await jsonBody(request)))
        // Named, as the editor names it, so that search and translations know it later.
        input.language = input.language ?? pages.language
        if input.status == .published, !actor.may(.publishArticle(ownerID: nil)) { throw APIError.forbidden(token, action: "publish") }
        let result = try await save(EditorialSave(
            articleID: nil, input: input, document: ArticleDocument(input), expectedVersion: nil, scheduledAt: nil,
            editor: Editor(userID: nil, name: actor.name), note: RevisionNote.createdThroughAPI.id
        ))
        guard case .saved(let id, let version) = result, let editable = try await editorial.editable(id: id) else {
            throw APIError(.internalServerError, "internal", "The article was saved but could not be read back.")
        }
        var response = json(request, representation(editable.article, version: version), status: .created)
        response.headers[.location] = SiteURL.api(.article(.value(String(id)))).path
        return response
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        let token = try await authenticate(request)
        try throttle(request, context: context, token: token)
        let current = try await editable(context)
        let actor = token.actor
        guard actor.may(.editArticle(ownerID: current.ownerID, status: current.status)) else { throw APIError.forbidden(token) }
        let patch = try await jsonBody(request)
        var expected = current.version
        if let version = patch["version"] {
            guard case .number(let number) = version, let whole = Int(exactly: number) else {
                throw APIError(.unprocessableContent, "validation_failed", "The article is not valid.", fields: [("version", "must be an integer")])
            }
            expected = whole
        }
        // A patch is the current article in the import format with the given fields replaced,
        // so it is checked by exactly the rules a new article is.
        guard case .object(var merged) = try JSONValue(encoding: ArticleRecord(current.article)) else {
            throw APIError(.internalServerError, "internal", "The article could not be read in the import format.")
        }
        for (key, value) in patch where key != "version" { merged[key] = value }
        var input = try Self.parse(.object(merged))
        input.language = input.language ?? pages.language
        if input.status == .published || current.status != .draft, !actor.may(.publishArticle(ownerID: current.ownerID)) {
            throw APIError.forbidden(token, action: "publish")
        }
        let result = try await save(EditorialSave(
            articleID: current.article.id, input: input, document: ArticleDocument(input), expectedVersion: expected,
            scheduledAt: input.status == .published ? nil : current.scheduledAt, editor: Editor(userID: nil, name: actor.name),
            note: RevisionNote.updatedThroughAPI.id
        ))
        switch result {
        case .saved(let id, let version):
            guard let saved = try await editorial.editable(id: id) else { throw APIError(.notFound, "not_found", "The article was deleted meanwhile.") }
            return json(request, representation(saved.article, version: version))
        case .conflict(let now):
            throw APIError(
                .conflict, "version_conflict",
                "The article was changed by \(now.lastSavedBy ?? "someone") after version \(expected); it is at version \(now.version). Fetch it, reapply your change and send version \(now.version).",
                current: now.version
            )
        case .missing:
            throw APIError(.notFound, "not_found", "No article has the ID \(current.article.id).")
        }
    }

    @Sendable func delete(_ request: Request, context: Context) async throws -> Response {
        let token = try await authenticate(request)
        try throttle(request, context: context, token: token)
        let current = try await editable(context)
        guard token.actor.may(.deleteArticle(ownerID: current.ownerID, status: current.status)) else { throw APIError.forbidden(token) }
        _ = try await editorial.delete(id: current.article.id)
        return Response(status: .noContent, headers: [.cacheControl: "no-store"])
    }

    // MARK: Helpers

    private func save(_ save: EditorialSave) async throws -> EditorialSaveResult {
        do {
            return try await editorial.save(save, now: Date())
        } catch StorageError.slugTaken(let slug) {
            throw APIError(.conflict, "slug_taken", "Another article already uses the slug “\(slug)”.", fields: [("slug", "is already used by another article")])
        } catch StorageError.externalIDTaken(let id) {
            throw APIError(.conflict, "id_taken", "Another article already has the ID “\(id)”.", fields: [("id", "belongs to another article")])
        } catch StorageError.publicationRefused(let reason) {
            throw APIError(.conflict, "publication_refused", reason, fields: [("status", "can't be published now")])
        } catch StorageError.translationRefused(let reason) {
            throw APIError(.unprocessableContent, "validation_failed", reason, fields: [("translationOf", reason)])
        }
    }

    private func editable(_ context: Context) async throws -> EditableArticle {
        let key = try context.parameters.require("article")
        guard let id = Int64(key), let editable = try await editorial.editable(id: id) else {
            throw APIError(.notFound, "not_found", "No article has the ID “\(key)”. Writes address articles by their numeric ID.")
        }
        return editable
    }

    private func authenticate(_ request: Request) async throws -> APIToken { try await gate.authenticate(request) }

    private func throttle(_ request: Request, context: Context, token: APIToken?) throws {
        try gate.throttle(request, remoteAddress: context.remoteAddress?.ipAddress, token: token)
    }

    private func jsonBody(_ request: Request) async throws -> [String: JSONValue] {
        var request = request
        let data: ByteBuffer
        do {
            data = try await request.collectBody(upTo: Self.maximumBody)
        } catch {
            throw APIError(.contentTooLarge, "too_large", "The body is larger than \(Self.maximumBody / 1024) kB.")
        }
        let document: JSONValue
        do {
            document = try JSONValue.decode(Data(data.readableBytesView))
        } catch let error as JSONValue.TooDeep {
            throw APIError(.badRequest, "too_deep", "The body is refused: \(error).")
        } catch {
            throw APIError(.badRequest, "invalid_json", "The body must be a JSON object.")
        }
        guard case .object(let object) = document else {
            throw APIError(.badRequest, "invalid_json", "The body must be a JSON object.")
        }
        return object
    }

    static func parse(_ document: JSONValue) throws -> ArticleInput {
        do {
            let inputs = try ArticleImport.parse(document)
            return inputs[0]
        } catch {
            throw APIError(
                .unprocessableContent, "validation_failed", "The article is not valid.",
                fields: error.problems.map { ($0.field ?? "", $0.message) }
            )
        }
    }

    static func integer(_ text: String?, name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw APIError(.badRequest, "invalid_parameter", "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).", field: name)
        }
        return number
    }

    private func summary(_ summary: ArticleSummary) -> ContentAPIResources.Summary {
        let base = pages.baseURL
        return ContentAPIResources.Summary(
            id: summary.id, slug: summary.slug, headline: summary.headline, dek: summary.dek,
            url: SiteURL.article(summary.slug, section: summary.section.slug, publishedAt: summary.publishedAt, dates: pages.dates).absolute(base: base),
            section: .init(slug: summary.section.slug, name: summary.section.name), authors: summary.authors.map { .init(name: $0.name, slug: $0.slug) },
            leadImage: summary.leadImage.map { .init(src: SiteURL.absolute($0.src, base: base), width: $0.width, height: $0.height, alt: $0.alt) },
            publishedAt: ISO8601.string(from: summary.publishedAt, in: .gmt), updatedAt: ISO8601.string(from: summary.updatedAt, in: .gmt)
        )
    }

    private func representation(_ article: Article, version: Int?) -> ContentAPIResources.Article {
        ContentAPIResources.Article(
            record: ArticleRecord(article), id: article.id, externalID: article.externalID, bodyHTML: body.html(from: article.bodyMarkdown),
            url: article.publishedAt.map {
                SiteURL.article(article.slug, section: article.section.slug, publishedAt: $0, dates: pages.dates).absolute(base: pages.baseURL)
            },
            version: version,
            translations: article.translations.map {
                .init(
                    id: $0.id, slug: $0.slug, headline: $0.headline, language: $0.language ?? pages.language,
                    url: $0.url(pages.dates).absolute(base: pages.baseURL),
                    isOriginal: $0.isOriginal)
            }
        )
    }

    private func json(_ request: Request, _ value: some Encodable, status: HTTPResponse.Status = .ok, lastModified: Date? = nil, keys: [String]? = nil) -> Response {
        ContentAPIResources.response(to: request, value, status: status, lastModified: lastModified, keys: keys)
    }
}

extension ContentAPIResources {
    /// An API answer: JSON, with an ETag and `304`s when it is a success. With `keys` (what
    /// it shows, as `ContentChange` keys) a success is kept by the API's cache until one of
    /// them changes.
    static func response(
        to request: Request, _ value: some Encodable, status: HTTPResponse.Status = .ok, lastModified: Date? = nil, keys: [String]? = nil
    ) -> Response {
        let data = json(value)
        if status != .ok {
            return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return HTTPCaching.response(to: request, body: ByteBuffer(bytes: data), contentType: "application/json", lastModified: lastModified, keys: keys)
    }
}

/// An API failure with the stable JSON shape `{"error": {"status", "code", "message", "fields"?}}`.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var fields: [(field: String, message: String)] = []
    var retryAfter: Int?
    var current: Int?

    init(
        _ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil, fields: [(String, String)] = [], retryAfter: Int? = nil,
        current: Int? = nil
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields.map { (field: $0.0, message: $0.1) } + (field.map { [(field: $0, message: message)] } ?? [])
        self.retryAfter = retryAfter
        self.current = current
    }

    static func forbidden(_ token: APIToken, action: String = "do this") -> APIError {
        APIError(.forbidden, "forbidden", "This token's role (\(token.role.rawValue)) may not \(action).")
    }

    var response: Response {
        let data = ContentAPIResources.json(ContentAPIResources.Failure(error: .init(
            status: Int(status.code), code: code, message: message,
            fields: fields.isEmpty ? nil : fields.map { .init(field: $0.field, message: $0.message) }, currentVersion: current
        )))
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"byline\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Any failure under `/api/` as this JSON shape.
    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError: return error
        case let error as any HTTPResponseError where error.status == .notFound:
            return APIError(.notFound, "not_found", "There is no such API resource.")
        case let error as any HTTPResponseError where error.status.code < 500:
            return APIError(error.status, "bad_request", "The request could not be understood.")
        case StorageError.unavailable:
            return APIError(.serviceUnavailable, "unavailable", "The database is unavailable; try again in a few seconds.", retryAfter: 5)
        default:
            return nil
        }
    }
}

/// Requests a minute per client, counted on this node: a fixed one-minute window per key.
final class RateLimiter: Sendable {
    private let windows = Mutex<[String: (start: Date, count: Int)]>([:])

    /// nil when the request may go ahead; otherwise the seconds until the window resets.
    func take(_ key: String, limit: Int, now: Date = Date()) -> Int? {
        windows.withLock { windows in
            if windows.count > 100_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < 60 } }
            var window = windows[key] ?? (now, 0)
            if now.timeIntervalSince(window.start) >= 60 { window = (now, 0) }
            guard window.count < limit else { return max(1, Int((60 - now.timeIntervalSince(window.start)).rounded(.up))) }
            window.count += 1
            windows[key] = window
            return nil
        }
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

extension ArticleRepository {
    /// The published article an API path names: by ID first, since a slug can be all digits
    /// too ("2024"), then by slug, then by a slug it had before.
    func publishedArticle(idOrSlug key: String) async throws -> Article {
        var article = try await Int64(key).asyncFlatMap { try await publishedArticle(id: $0) }
        if article == nil { article = try await publishedArticle(slug: key) }
        if article == nil, let current = try await currentSlug(forRetiredSlug: key) { article = try await publishedArticle(slug: current) }
        guard let article else { throw APIError(.notFound, "not_found", "No published article has the ID or slug “\(key)”.") }
        return article
    }
}
