import Foundation
import Hummingbird

/// The newsroom's front door and its list of articles, filtered by status, section, author
/// and headline.
struct ArticleListController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let editorial: any EditorialRepository
    let taxonomy: any TaxonomyRepository
    let comments: any CommentRepository

    static var pageSize: Int { 20 }

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.dashboard.route, use: dashboard)
        group.get(SiteURL.Admin.articles.route, use: list)
    }

    struct DashboardModel: AdminPageModel {
        var admin: AdminChrome
        var drafts: Int
        var scheduled: Int
        var published: Int
        /// "drafts", "scheduled"…: the words after each count, in the member's language.
        var labels: [String: String]
        var pendingComments: Pending?
        var recent: [ArticleRowModel]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "drafts": .value(drafts)
            case "scheduled": .value(scheduled)
            case "published": .value(published)
            case "draftsLabel": .value(labels["drafts"])
            case "scheduledLabel": .value(labels["scheduled"])
            case "publishedLabel": .value(labels["published"])
            case "pendingLabel": .value(labels["pending"])
            case "pendingComments": .value(pendingComments)
            case "recent": .value(recent)
            case "hasRecent": .value(!recent.isEmpty)
            default: .unknown
            }
        }
    }

    struct Pending: TemplateModel {
        var count: Int
        var waiting: Bool

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "count": .value(count)
            case "waiting": .value(waiting)
            default: .unknown
            }
        }
    }

    struct ArticleRowModel: TemplateModel {
        var headline: String
        var editURL: String?
        var status: String
        var statusLabel: String
        var section: String
        var authors: String
        var updated: String
        var when: String
        var wireFlag: String?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "headline": .value(headline)
            case "editURL": .value(editURL)
            case "status": .value(status)
            case "statusLabel": .value(statusLabel)
            case "section": .value(section)
            case "authors": .value(authors)
            case "updated": .value(updated)
            case "when": .value(when)
            case "wireFlag": .value(wireFlag)
            default: .unknown
            }
        }
    }

    @Sendable func dashboard(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let counts = try await editorial.statusCounts()
        let recent = try await editorial.articles(.init(), page: PageRequest(number: 1, size: 8))
        var pending: Pending?
        if staff.user.may(.moderateComments) {
            let count = try await comments.count(status: .pending)
            pending = Pending(count: count, waiting: count > 0)
        }
        let catalog = newsroom.catalog(for: staff)
        let (drafts, scheduled, published) = (counts[.draft] ?? 0, counts[.scheduled] ?? 0, counts[.published] ?? 0)
        let model = DashboardModel(
            admin: try await newsroom.chrome(staff, title: catalog.message("Dashboard"), current: "dashboard"), drafts: drafts,
            scheduled: scheduled, published: published,
            labels: [
                "drafts": catalog.plural("draft", "drafts", count: drafts), "scheduled": catalog.plural("scheduled", "scheduled", count: scheduled),
                "published": catalog.plural("published", "published", count: published),
                "pending": catalog.plural("comment pending", "comments pending", count: pending?.count ?? 0),
            ],
            pendingComments: pending, recent: recent.items.map { row(for: $0, staff: staff, catalog) }
        )
        return newsroom.views.page(model, .dashboard)
    }

    struct ListModel: AdminPageModel {
        var admin: AdminChrome
        var query: String
        var statuses: [OptionModel]
        var sections: [OptionModel]
        var authors: [OptionModel]
        var rows: [ArticleRowModel]
        var total: Int
        var totalLabel: String
        var pagination: PaginationModel?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "query": .value(query)
            case "statuses": .value(statuses)
            case "sections": .value(sections)
            case "authors": .value(authors)
            case "rows": .value(rows)
            case "isEmpty": .value(rows.isEmpty)
            case "total": .value(total)
            case "totalLabel": .value(totalLabel)
            case "pagination": .value(pagination)
            default: .unknown
            }
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let parameters = request.uri.queryParameters
        let status = parameters.get("status").flatMap(EditorialStatus.init(rawValue:))
        let sections = try await taxonomy.sections()
        let authors = try await taxonomy.authors()
        let sectionSlug = parameters.get("section") ?? ""
        let authorSlug = parameters.get("author") ?? ""
        let query = String((request.formQuery["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
        guard let number = request.pageNumber else { throw HTTPError(.notFound) }
        let filter = NewsroomArticleFilter(
            status: status, sectionID: sections.first { $0.slug == sectionSlug }?.id, authorID: authors.first { $0.slug == authorSlug }?.id,
            query: query.isEmpty ? nil : query
        )
        let page = try await editorial.articles(filter, page: PageRequest(number: number, size: Self.pageSize))
        let given = { (text: String) in text.isEmpty ? nil : text }
        let pageURL = { (n: Int) -> String in
            SiteURL.admin(.articles).path(query: [
                "status": status?.rawValue, "section": given(sectionSlug), "author": given(authorSlug), "q": given(query), "page": n > 1 ? n : nil,
            ])
        }
        let catalog = newsroom.catalog(for: staff)
        let model = ListModel(
            admin: try await newsroom.chrome(
                staff, title: catalog.message("Articles"), current: "articles", notice: ArticleNotice.message(for: request, catalog)
            ), query: query,
            statuses: [OptionModel(value: "", label: catalog.message("All statuses"), selected: status == nil)]
                + EditorialStatus.allCases.map { OptionModel(value: $0.rawValue, label: catalog.message($0.name), selected: $0 == status) },
            sections: [OptionModel(value: "", label: catalog.message("All sections"), selected: sectionSlug.isEmpty)]
                + sections.map { OptionModel(value: $0.slug, label: $0.name, selected: $0.slug == sectionSlug) },
            authors: [OptionModel(value: "", label: catalog.message("All authors"), selected: authorSlug.isEmpty)]
                + authors.map { OptionModel(value: $0.slug, label: $0.name, selected: $0.slug == authorSlug) },
            rows: page.items.map { row(for: $0, staff: staff, catalog) }, total: page.totalCount,
            totalLabel: catalog.plural("{count} found", "{count} found", count: page.totalCount),
            pagination: PaginationModel.of(page, url: pageURL)
        )
        return newsroom.views.page(model, .articles)
    }

    private func row(for article: NewsroomArticleRow, staff: StaffSession, _ catalog: MessageCatalog) -> ArticleRowModel {
        let when: String = switch article.status {
        case .scheduled: catalog.message("Goes out {date}", ["date": newsroom.dateTime(article.scheduledAt)])
        case .published: catalog.message("Published {date}", ["date": newsroom.dateTime(article.publishedAt)])
        case .draft: catalog.message(EditorialStatus.draft.name)
        }
        return ArticleRowModel(
            headline: article.headline,
            editURL: staff.user.may(.editArticle(ownerID: article.ownerID, status: article.status)) ? SiteURL.admin(.article(.value(article.id))).path : nil,
            status: article.status.rawValue, statusLabel: catalog.message(article.status.name), section: article.sectionName,
            authors: article.authorNames.joined(separator: ", "), updated: newsroom.dateTime(article.updatedAt), when: when,
            wireFlag: article.wireFlag.map { catalog.message($0 == .held ? Message("Agency update waiting") : Message("Killed by the agency")) }
        )
    }
}
