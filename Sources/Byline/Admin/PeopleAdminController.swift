import Foundation
import Hummingbird

/// `/admin/people`: the people (and institutions) the quote index knows. An editor names them
/// properly, describes them, links them to Wikidata, gives them the other names stories use,
/// and merges the duplicates extraction made.
struct PeopleAdminController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let quotes: any QuoteRepository

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.people.route, use: list)
        group.get(SiteURL.Admin.person(.key).route, use: show)
        group.post(SiteURL.Admin.person(.key).route, use: update)
        group.post(SiteURL.Admin.personAliases(.key).route, use: aliases)
        group.post(SiteURL.Admin.mergePerson(.key).route, use: merge)
    }

    struct Row: TemplateModel {
        var name: String
        var kind: String
        var quoteCount: Int
        var url: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "name": .value(name)
            case "kind": .value(kind)
            case "quoteCount": .value(quoteCount)
            case "url": .value(url)
            default: .unknown
            }
        }
    }

    struct ListModel: AdminPageModel {
        var admin: AdminChrome
        var query: String
        var rows: [Row]
        var pagination: PaginationModel?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "query": .value(query)
            case "rows": .value(rows)
            case "isEmpty": .value(rows.isEmpty)
            case "isSearch": .value(!query.isEmpty)
            case "pagination": .value(pagination)
            default: .unknown
            }
        }
    }

    struct PersonModel: AdminPageModel {
        var admin: AdminChrome
        var slug: String
        var name: String
        var kinds: [OptionModel]
        var description: String
        var wikidataID: String
        var aliases: [String]
        var quoteCount: Int
        var quoteCountLabel: String
        var publicURL: String?
        var errors: [FieldErrorModel]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "slug": .value(slug)
            case "name": .value(name)
            case "kinds": .value(kinds)
            case "description": .value(description)
            case "wikidataID": .value(wikidataID)
            case "aliases": .value(aliases)
            case "hasAliases": .value(!aliases.isEmpty)
            case "quoteCount": .value(quoteCount)
            case "quoteCountLabel": .value(quoteCountLabel)
            case "publicURL": .value(publicURL)
            case "errors": .value(errors)
            case "hasErrors": .value(!errors.isEmpty)
            case "updateAction": .value(SiteURL.admin(.person(.value(slug))).path)
            case "aliasAction": .value(SiteURL.admin(.personAliases(.value(slug))).path)
            case "mergeAction": .value(SiteURL.admin(.mergePerson(.value(slug))).path)
            default: .unknown
            }
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageTaxonomy, context)
        let query = (request.formQuery["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let number = request.pageNumber else { throw HTTPError(.notFound) }
        let catalog = newsroom.catalog(for: staff)
        var rows: [Row]
        var pagination: PaginationModel?
        if query.isEmpty {
            let page = try await quotes.mostQuoted(kind: nil, page: PageRequest(number: number, size: 50))
            rows = page.items.map { Self.row($0, catalog) }
            pagination = PaginationModel.of(page) { SiteURL.admin(.people).path(query: ["page": $0]) }
        } else {
            rows = try await quotes.people(matching: query, limit: 100).map { Self.row($0, catalog) }
        }
        let model = ListModel(admin: try await newsroom.chrome(staff, title: Message("People"), current: "people"), query: query, rows: rows, pagination: pagination)
        return newsroom.views.page(model, .people)
    }

    private static func row(_ person: Person, _ catalog: MessageCatalog) -> Row {
        Row(name: person.name, kind: catalog.message(person.kind.name), quoteCount: person.quoteCount, url: SiteURL.admin(.person(.value(person.slug))).path)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageTaxonomy, context)
        let person = try await find(context)
        let catalog = newsroom.catalog(for: staff)
        // Notices are named by key: text from the address would let a link put words in the newsroom's mouth.
        let notice: Message? = switch request.uri.queryParameters.get("notice") {
        case "saved": Message("Saved.")
        case "alias-added": Message("Alias added.")
        case "alias-removed": Message("Alias removed.")
        case "merged": Message("The other record was merged into this one: its quotes, names and decisions are here now.")
        default: nil
        }
        return try await page(person, staff: staff, notice: notice.map(catalog.message))
    }

    struct DetailsForm: Decodable {
        var name: String?
        var kind: Person.Kind?
        var description: String?
        var wikidataID: String?
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageTaxonomy, context)
        let person = try await find(context)
        let form = try (context.form ?? FormFields()).decode(DetailsForm.self)
        let details = Person.Details(name: form.name ?? "", kind: form.kind ?? person.kind, description: form.description, wikidataID: form.wikidataID)
        do {
            _ = try await quotes.update(slug: person.slug, details: details, at: Date())
        } catch let error as QuoteIndexError {
            // What was typed stays in the form, beside what was wrong with it.
            var typed = person
            (typed.name, typed.kind, typed.description, typed.wikidataID) = (details.name, details.kind, details.description, details.wikidataID)
            return try await page(typed, staff: staff, errors: [FieldErrorModel(field: "name", message: error.description)], status: .unprocessableContent)
        }
        return adminRedirect(SiteURL.admin(.person(.value(person.slug))).path(query: ["notice": "saved"]))
    }

    struct AliasForm: Decodable {
        var alias: String?
        var remove: String?
    }

    @Sendable func aliases(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageTaxonomy, context)
        let person = try await find(context)
        let form = try (context.form ?? FormFields()).decode(AliasForm.self)
        do {
            if let remove = form.remove {
                _ = try await quotes.removeAlias(remove, from: person.slug)
            } else {
                _ = try await quotes.addAlias(form.alias ?? "", to: person.slug, at: Date())
            }
        } catch let error as QuoteIndexError {
            return try await page(person, staff: staff, errors: [FieldErrorModel(field: "alias", message: error.description)], status: .unprocessableContent)
        }
        return adminRedirect(SiteURL.admin(.person(.value(person.slug))).path(query: ["notice": form.remove == nil ? "alias-added" : "alias-removed"]))
    }

    struct MergeForm: Decodable {
        var into: String?
    }

    @Sendable func merge(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageTaxonomy, context)
        let person = try await find(context)
        let typed = (try (context.form ?? FormFields()).decode(MergeForm.self).into ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // The one to keep, by slug or by a name or alias that means one person only.
        var target = try await quotes.person(slug: typed)
        if target == nil {
            let named = try await quotes.people(matching: typed, limit: 10).filter {
                QuoteIndex.key($0.name) == QuoteIndex.key(typed) || $0.aliases.contains { QuoteIndex.key($0) == QuoteIndex.key(typed) }
            }
            target = named.count == 1 ? named[0] : nil
        }
        guard let target else {
            return try await page(
                person, staff: staff, errors: [FieldErrorModel(field: "into", message: newsroom.catalog(for: staff).message(
                    "Nobody in the index is called “{name}”. Type their name or the last part of their address.", ["name": typed]))],
                status: .unprocessableContent)
        }
        do {
            _ = try await quotes.merge(person.slug, into: target.slug, at: Date())
        } catch let error as QuoteIndexError {
            return try await page(person, staff: staff, errors: [FieldErrorModel(field: "into", message: error.description)], status: .unprocessableContent)
        }
        return adminRedirect(SiteURL.admin(.person(.value(target.slug))).path(query: ["notice": "merged"]))
    }

    private func find(_ context: Context) async throws -> Person {
        guard let person = try await quotes.person(slug: try context.parameters.require("slug")) else {
            throw HTTPError(.notFound, Message("Nobody in the quote index has that address: they may have been merged into someone else."))
        }
        return person
    }

    private func page(
        _ person: Person, staff: StaffSession, notice: String? = nil, errors: [FieldErrorModel] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let catalog = newsroom.catalog(for: staff)
        let model = PersonModel(
            admin: try await newsroom.chrome(staff, title: person.name, current: "people", notice: notice), slug: person.slug, name: person.name,
            kinds: Person.Kind.allCases.map { OptionModel(value: $0.rawValue, label: catalog.message($0.name), selected: $0 == person.kind) },
            description: person.description ?? "", wikidataID: person.wikidataID ?? "", aliases: person.aliases, quoteCount: person.quoteCount,
            quoteCountLabel: catalog.plural("{count} quote in published stories", "{count} quotes in published stories", count: person.quoteCount),
            publicURL: person.isPublic ? SiteURL.person(slug: person.slug).path : nil, errors: errors)
        return newsroom.views.page(model, .person, status: status)
    }
}
