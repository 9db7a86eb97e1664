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
        var pendingComments: Pending?
        var recent: [ArticleRowModel]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "drafts": .value(drafts)
            case "scheduled": .value(scheduled)
            case "published": .value(published)
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
        let model = DashboardModel(
            admin: try await newsroom.chrome(staff, title: "Dashboard", current: "dashboard"), drafts: counts[.draft] ?? 0,
            scheduled: counts[.scheduled] ?? 0, published: counts[.published] ?? 0, pendingComments: pending,
            recent: recent.items.map { row(for: $0, staff: staff) }
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
        let model = ListModel(
            admin: try await newsroom.chrome(staff, title: "Articles", current: "articles", notice: ArticleNotice.message(for: request)), query: query,
            statuses: [OptionModel(value: "", label: "All statuses", selected: status == nil)]
                + EditorialStatus.allCases.map { OptionModel(value: $0.rawValue, label: $0.label, selected: $0 == status) },
            sections: [OptionModel(value: "", label: "All sections", selected: sectionSlug.isEmpty)]
                + sections.map { OptionModel(value: $0.slug, label: $0.name, selected: $0.slug == sectionSlug) },
            authors: [OptionModel(value: "", label: "All authors", selected: authorSlug.isEmpty)]
                + authors.map { OptionModel(value: $0.slug, label: $0.name, selected: $0.slug == authorSlug) },
            rows: page.items.map { row(for: $0, staff: staff) }, total: page.totalCount,
            pagination: PaginationModel.of(page, url: pageURL)
        )
        return newsroom.views.page(model, .articles)
    }

    private func row(for article: NewsroomArticleRow, staff: StaffSession) -> ArticleRowModel {
        let when: String = switch article.status {
        case .scheduled: "Goes out " + newsroom.dateTime(article.scheduledAt)
        case .published: "Published " + newsroom.dateTime(article.publishedAt)
        case .draft: "Draft"
        }
        return ArticleRowModel(
            headline: article.headline,
            editURL: staff.user.may(.editArticle(ownerID: article.ownerID, status: article.status)) ? SiteURL.admin(.article(.value(article.id))).path : nil,
            status: article.status.rawValue, statusLabel: article.status.label, section: article.sectionName,
            authors: article.authorNames.joined(separator: ", "), updated: newsroom.dateTime(article.updatedAt), when: when,
            wireFlag: article.wireFlag.map { $0 == .held ? "Agency update waiting" : "Killed by the agency" }
        )
    }
}
