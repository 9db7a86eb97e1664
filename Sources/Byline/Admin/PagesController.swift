import Foundation
import Hummingbird

/// `/admin/pages`: the standing pages (About us, Contact, the policies), their drafts and
/// revisions, and which of them the footer's menu shows.
struct PagesController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let pages: any PageRepository

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.pages.route, use: list)
        group.post(SiteURL.Admin.pages.route, use: create)
        group.get(SiteURL.Admin.newPage.route, use: new)
        group.get(SiteURL.Admin.page(.key).route, use: edit)
        group.post(SiteURL.Admin.page(.key).route, use: update)
    }

    struct Row: TemplateModel {
        var page: StandingPage
        var updated: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "title": .value(page.title)
            case "path": .value(page.path)
            case "editURL": .value(SiteURL.admin(.page(.value(page.id))).path)
            case "viewURL": .value(page.status == .published ? SiteURL.page(path: page.path).path : nil)
            case "isDraft": .value(page.status == .draft)
            case "inMenu": .value(page.menuPosition != nil)
            case "depth": .value(page.path.split(separator: "/").count)
            case "updated": .value(updated)
            default: .unknown
            }
        }
    }

    struct ListModel: AdminPageModel {
        var admin: AdminChrome
        var rows: [Row]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "rows": .value(rows)
            case "isEmpty": .value(rows.isEmpty)
            default: .unknown
            }
        }
    }

    /// The form as typed: what a refused save shows again.
    struct Form: Decodable, Sendable {
        var title: String?
        var slug: String?
        var parent: String?
        var body: String?
        var status: String?
        var inMenu: String?
        var menuPosition: String?

        init(_ page: StandingPage?) {
            title = page?.title
            slug = page?.slug
            parent = page?.parentID.map(String.init)
            body = page?.bodyMarkdown
            status = page?.status.rawValue ?? "draft"
            inMenu = page?.menuPosition == nil ? nil : "1"
            menuPosition = page?.menuPosition.map(String.init)
        }

        var input: PageInput {
            let title = (title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let typedSlug = (slug ?? "").trimmingCharacters(in: .whitespaces)
            let position = Int((menuPosition ?? "").trimmingCharacters(in: .whitespaces)) ?? 0
            return PageInput(
                parentID: parent.flatMap { Int64($0) }, slug: typedSlug.isEmpty ? Slug.make(from: title) : typedSlug, title: title,
                bodyMarkdown: (body ?? "").replacingOccurrences(of: "\r\n", with: "\n"), status: status == "published" ? .published : .draft,
                menuPosition: inMenu == "1" ? max(0, min(position, 999)) : nil)
        }
    }

    struct ParentChoice: TemplateModel {
        var id: Int64
        var label: String
        var selected: Bool

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "id": .value(id)
            case "label": .value(label)
            case "selected": .value(selected)
            default: .unknown
            }
        }
    }

    struct RevisionRow: TemplateModel {
        var revision: PageRevision
        var saved: String
        var note: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "version": .value(revision.version)
            case "title": .value(revision.title)
            case "editor": .value(revision.editor)
            case "note": .value(note)
            case "saved": .value(saved)
            default: .unknown
            }
        }
    }

    struct EditorModel: AdminPageModel {
        var admin: AdminChrome
        var action: String
        var form: Form
        var parents: [ParentChoice]
        var publicURL: String?
        var error: String?
        var revisions: [RevisionRow]
        var previewHTML: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "action": .value(action)
            case "title": .value(form.title ?? "")
            case "slug": .value(form.slug ?? "")
            case "body": .value(form.body ?? "")
            case "isPublished": .value(form.status == "published")
            case "inMenu": .value(form.inMenu == "1")
            case "menuPosition": .value(form.menuPosition ?? "")
            case "parents": .value(parents)
            case "publicURL": .value(publicURL)
            case "error": .value(error)
            case "revisions": .value(revisions)
            case "hasRevisions": .value(!revisions.isEmpty)
            case "previewHTML": .value(previewHTML)
            default: .unknown
            }
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.managePages, context)
        let rows = try await pages.pages().map { Row(page: $0, updated: newsroom.dateTime($0.updatedAt)) }
        let notice = request.uri.queryParameters.get("notice") == "saved" ? newsroom.catalog(for: staff).message("The page was saved.") : nil
        let model = ListModel(admin: try await newsroom.chrome(staff, title: Message("Pages"), current: "pages", notice: notice), rows: rows)
        return newsroom.views.page(model, .pages)
    }

    @Sendable func new(_ request: Request, context: Context) async throws -> Response {
        try await editor(context, page: nil, form: Form(nil))
    }

    @Sendable func edit(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.managePages, context)
        let page = try await existing(context)
        let notice = request.uri.queryParameters.get("notice") == "saved" ? Message("The page was saved.") : nil
        return try await editor(context, page: page, form: Form(page), notice: notice)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        try await save(context, page: nil)
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.managePages, context)
        return try await save(context, page: try await existing(context))
    }

    private func existing(_ context: Context) async throws -> StandingPage {
        guard let id = context.parameters.get("id", as: Int64.self), let page = try await pages.page(id: id) else { throw HTTPError(.notFound) }
        return page
    }

    private func save(_ context: Context, page: StandingPage?) async throws -> Response {
        let staff = try newsroom.require(.managePages, context)
        let form = try (context.form ?? FormFields()).decode(Form.self)
        let input = form.input
        if let problem = input.problem {
            return try await editor(context, page: page, form: form, error: Message.verbatim(problem), status: .unprocessableContent)
        }
        do {
            let note = (page == nil ? RevisionNote.created : RevisionNote.edited).id
            let saved = try await pages.save(input, id: page?.id, editor: staff.user.name, note: note, now: Date())
            return adminRedirect(SiteURL.admin(.page(.value(saved.page.id))).path(query: ["notice": "saved"]))
        } catch StorageError.pathTaken(let path, let holder) {
            return try await editor(context, page: page, form: form, error: Message("The address {path} is already {holder}. Choose another slug or parent.", ["path": path, "holder": holder]), status: .conflict)
        } catch StorageError.constraintViolated {
            return try await editor(context, page: page, form: form, error: Message("Choose a parent from the list."), status: .unprocessableContent)
        }
    }

    private func editor(
        _ context: Context, page: StandingPage?, form: Form, error: Message? = nil, notice: Message? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let staff = try newsroom.require(.managePages, context)
        let catalog = newsroom.catalog(for: staff)
        let all = try await pages.pages()
        // A page can sit under any page but itself and those under it, above the deepest level.
        let parents = all.filter { candidate in
            guard let page else { return candidate.path.split(separator: "/").count < StandingPage.maximumDepth }
            return !candidate.path.hasPrefix(page.path) && candidate.path.split(separator: "/").count < StandingPage.maximumDepth
        }.map { ParentChoice(id: $0.id, label: "\($0.title) (\($0.path))", selected: form.parent == String($0.id)) }
        let revisions = if let page { try await pages.revisions(pageID: page.id) } else { [PageRevision]() }
        let model = EditorModel(
            admin: try await newsroom.chrome(staff, title: page.map { catalog.message("Edit “{title}”", ["title": $0.title]) } ?? catalog.message("New page"), current: "pages",
                notice: notice.map(catalog.message)),
            action: page.map { SiteURL.admin(.page(.value($0.id))).path } ?? SiteURL.admin(.pages).path, form: form, parents: parents,
            publicURL: page.flatMap { $0.status == .published ? SiteURL.page(path: $0.path).path : nil }, error: error.map(catalog.message),
            revisions: revisions.map {
                RevisionRow(revision: $0, saved: newsroom.dateTime($0.savedAt), note: RevisionNote.shown($0.note, catalog))
            },
            previewHTML: ArticleBodyRenderer().html(from: form.body ?? ""))
        return newsroom.views.page(model, .pageEditor, status: status)
    }
}
