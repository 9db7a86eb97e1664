import Foundation
import Hummingbird

/// An article's revisions: the list, two versions compared field by field, and restoring one
/// as a new version.
struct ArticleRevisionsController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let editorial: any EditorialRepository
    let taxonomy: any TaxonomyRepository
    let page: ArticleEditorPage

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.revisions(.key).route, use: list)
        group.get(SiteURL.Admin.compare(.key).route, use: compare)
        group.post(SiteURL.Admin.restore(.key, version: .key).route, use: restore)
    }

    struct RevisionsModel: AdminPageModel {
        struct Row: TemplateModel {
            var version: Int
            var savedBy: String
            var savedAt: String
            var note: String
            var isCurrent: Bool
            var isFrom: Bool
            var isTo: Bool

            func field(_ mustacheName: String) -> TemplateField {
                switch mustacheName {
                case "version": .value(version)
                case "savedBy": .value(savedBy)
                case "savedAt": .value(savedAt)
                case "note": .value(note)
                case "isCurrent": .value(isCurrent)
                case "isFrom": .value(isFrom)
                case "isTo": .value(isTo)
                default: .unknown
                }
            }
        }

        var admin: AdminChrome
        var headline: String
        var editURL: String
        var compareAction: String
        var rows: [Row]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "headline": .value(headline)
            case "editURL": .value(editURL)
            case "compareAction": .value(compareAction)
            case "rows": .value(rows)
            default: .unknown
            }
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let editable = try await editorial.editable(context.parameters)
        let staff = try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        let revisions = try await editorial.revisions(articleID: editable.article.id)
        let catalog = newsroom.catalog(for: staff)
        let model = RevisionsModel(
            admin: try await newsroom.chrome(staff, title: Message("Revisions"), current: "articles"), headline: editable.article.headline,
            editURL: SiteURL.admin(.article(.value(editable.article.id))).path, compareAction: SiteURL.admin(.compare(.value(editable.article.id))).path,
            rows: revisions.enumerated().map { index, revision in
                .init(
                    version: revision.version, savedBy: RevisionNote.shown(revision.savedBy, catalog), savedAt: newsroom.dateTime(revision.savedAt),
                    note: RevisionNote.shown(revision.note, catalog),
                    isCurrent: revision.version == editable.version, isFrom: index == 1, isTo: index == 0
                )
            }
        )
        return newsroom.views.page(model, .revisions)
    }

    struct CompareModel: AdminPageModel {
        var admin: AdminChrome
        var headline: String
        var from: Int
        var to: Int
        var fromBy: String
        var toBy: String
        var changes: [RevisionDiff.FieldChange]
        var same: Bool
        var revisionsURL: String
        var restoreAction: String
        var currentVersion: Int
        var canRestore: Bool

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "headline": .value(headline)
            case "from": .value(from)
            case "to": .value(to)
            case "fromBy": .value(fromBy)
            case "toBy": .value(toBy)
            case "changes": .value(changes)
            case "same": .value(same)
            case "revisionsURL": .value(revisionsURL)
            case "restoreAction": .value(restoreAction)
            case "currentVersion": .value(currentVersion)
            case "canRestore": .value(canRestore)
            default: .unknown
            }
        }
    }

    @Sendable func compare(_ request: Request, context: Context) async throws -> Response {
        let editable = try await editorial.editable(context.parameters)
        let staff = try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        let parameters = request.uri.queryParameters
        guard let fromVersion = parameters.get("from").flatMap({ Int($0) }), let toVersion = parameters.get("to").flatMap({ Int($0) }),
            let from = try await editorial.revision(articleID: editable.article.id, version: fromVersion),
            let to = try await editorial.revision(articleID: editable.article.id, version: toVersion)
        else { throw HTTPError(.notFound, Message("Those revisions don’t exist. Pick two from the list of revisions.")) }
        let catalog = newsroom.catalog(for: staff)
        let changes = RevisionDiff.changes(from: from.document, to: to.document, in: catalog)
        let model = CompareModel(
            admin: try await newsroom.chrome(staff, title: Message("Compare revisions"), current: "articles"), headline: editable.article.headline,
            from: fromVersion, to: toVersion, fromBy: "\(RevisionNote.shown(from.savedBy, catalog)), \(newsroom.dateTime(from.savedAt))",
            toBy: "\(RevisionNote.shown(to.savedBy, catalog)), \(newsroom.dateTime(to.savedAt))", changes: changes, same: changes.isEmpty,
            revisionsURL: SiteURL.admin(.revisions(.value(editable.article.id))).path,
            restoreAction: SiteURL.admin(.restore(.value(editable.article.id), version: .value(fromVersion))).path, currentVersion: editable.version,
            canRestore: fromVersion != editable.version
        )
        return newsroom.views.page(model, .compare)
    }

    /// The version the restorer was looking at, so that a save since then is a conflict.
    struct RestoreForm: Decodable {
        var version: Int?
    }

    @Sendable func restore(_ request: Request, context: Context) async throws -> Response {
        let editable = try await editorial.editable(context.parameters)
        let staff = try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        if editable.status != .draft { try newsroom.require(.publishArticle(ownerID: editable.ownerID), context) }
        let form = try (context.form ?? FormFields()).decode(RestoreForm.self)
        guard let version = context.parameters.get("version", as: Int.self),
            let revision = try await editorial.revision(articleID: editable.article.id, version: version)
        else { throw HTTPError(.notFound) }
        var document = revision.document
        // Corrections are a public record: restoring old text never takes one back.
        document.corrections = ArticleDocument(editable.article).corrections
        // A revision from before stories had languages says nothing of its language.
        document.language = document.language ?? editable.article.language
        let sections = try await taxonomy.sections()
        let problems = editable.status == .draft ? document.draftProblems(sections: sections) : document.publicationProblems(sections: sections)
        guard problems.isEmpty else {
            return try await page.response(document, editable: editable, staff: staff, problems: problems, status: .unprocessableContent)
        }
        let result: EditorialSaveResult
        do {
            result = try await editorial.save(EditorialSave(
                articleID: editable.article.id, input: document.input(status: editable.article.status, sections: sections, externalID: nil),
                document: document, expectedVersion: form.version ?? editable.version, scheduledAt: editable.scheduledAt,
                editor: Editor(staff.user), note: RevisionNote.restored(version: version)
            ), now: Date())
        } catch StorageError.translationRefused(let reason) {
            // The story it translated then may be gone, or have a version in this language now.
            var problems = ArticleDocument.Problems()
            problems.messages[.translationOf] = Message.verbatim(reason)
            return try await page.response(document, editable: editable, staff: staff, problems: problems, status: .unprocessableContent)
        } catch StorageError.slugTaken(let slug) {
            var problems = ArticleDocument.Problems()
            problems.messages[.slug] = Message("Another article already uses the slug “{slug}”. Choose another.", ["slug": slug])
            return try await page.response(document, editable: editable, staff: staff, problems: problems, status: .conflict)
        }
        switch result {
        case .saved(let id, _): return adminRedirect(SiteURL.admin(.article(.value(id))).path(query: ["notice": ArticleNotice.restored.rawValue]))
        case .conflict(let current):
            return try await page.response(ArticleDocument(current.article), editable: current, staff: staff, conflict: current, status: .conflict)
        case .missing: throw HTTPError(.notFound)
        }
    }
}

// The diff is a public domain type, so the engine's entry point must be declared public here.
extension RevisionDiff.FieldChange: TemplateModel {
    public func child(named name: String) -> Any? { field(name).lookedUp }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "field": .value(field)
        case "lines": .value(lines)
        default: .unknown
        }
    }
}

extension RevisionDiff.Line: TemplateModel {
    public func child(named name: String) -> Any? { field(name).lookedUp }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "text": .value(text)
        case "isAdded": .value(kind == .added)
        case "isRemoved": .value(kind == .removed)
        default: .unknown
        }
    }
}
