import Foundation
import Hummingbird

/// `/admin/wire`, for editors: the agency copy coming in, newest first, filtered by source and
/// state; each story's versions and editorial notes; and an update held because the newsroom
/// had changed the story, side by side with the newsroom's version, to apply or set aside.
struct WireController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let wire: any WireRepository
    let editorial: any EditorialRepository
    let taxonomy: any TaxonomyRepository
    let body = ArticleBodyRenderer()

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.wire.route, use: list)
        group.get(SiteURL.Admin.wireItem(.key).route, use: show)
        group.post(SiteURL.Admin.applyWire(.key).route, use: apply)
        group.post(SiteURL.Admin.keepWire(.key).route, use: keep)
    }

    static var pageSize: Int { 50 }

    /// The states the queue filters by; "failed" is the documents that couldn't be read.
    static var states: [(value: String, name: Message)] {
        [("", Message("All"))] + WireQueueItem.State.allCases.map { ($0.rawValue, $0.name) } + [("failed", Message("Failed"))]
    }

    struct Row: TemplateModel {
        var item: WireQueueItem
        var received: String
        var stateLabel: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "url": .value(SiteURL.admin(.wireItem(.value(item.id))).path)
            case "headline": .value(item.headline)
            case "source": .value(item.source)
            case "state": .value(item.state.rawValue)
            case "stateLabel": .value(stateLabel)
            case "version": .value(item.agencyVersion.map(String.init) ?? "–")
            case "pendingVersion": .value(item.pendingVersion.map(String.init))
            case "received": .value(received)
            case "editURL": .value(item.articleID.map { SiteURL.admin(.article(.value($0))).path })
            default: .unknown
            }
        }
    }

    struct Failure: TemplateModel {
        var entry: WireLogEntry
        var received: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "origin": .value(entry.origin)
            case "detail": .value(entry.detail)
            case "received": .value(received)
            default: .unknown
            }
        }
    }

    struct ListModel: AdminPageModel {
        var admin: AdminChrome
        var rows: [Row]
        var failures: [Failure]
        var states: [OptionModel]
        var sources: [OptionModel]
        var showsFailures: Bool
        var previousURL: String?
        var nextURL: String?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "rows": .value(rows)
            case "hasRows": .value(!rows.isEmpty)
            case "failures": .value(failures)
            case "hasFailures": .value(!failures.isEmpty)
            case "showsFailures": .value(showsFailures)
            case "states": .value(states)
            case "sources": .value(sources)
            case "previousURL": .value(previousURL)
            case "nextURL": .value(nextURL)
            default: .unknown
            }
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.ingestWire, context)
        let query = request.uri.queryParameters
        let stateText = query.get("state") ?? ""
        let source = query.get("source").flatMap { $0.isEmpty ? nil : $0 }
        let number = max(1, query.get("page").flatMap { Int($0) } ?? 1)
        let showsFailures = stateText == "failed"
        let catalog = newsroom.catalog(for: staff)
        var rows: [Row] = []
        var failures: [Failure] = []
        var total = 0
        if showsFailures {
            failures = try await wire.log(outcome: .failed, limit: Self.pageSize).filter { source == nil || $0.source == source }
                .map { Failure(entry: $0, received: newsroom.dateTime($0.receivedAt)) }
        } else {
            let page = try await wire.queue(state: WireQueueItem.State(rawValue: stateText), source: source, page: PageRequest(number: number, size: Self.pageSize))
            rows = page.items.map { Row(item: $0, received: newsroom.dateTime($0.updatedAt), stateLabel: catalog.message($0.state.name)) }
            total = page.totalCount
        }
        let known = try await wire.sources().map(\.name)
        let sources = [OptionModel(value: "", label: catalog.message("All sources"), selected: source == nil)] + known.map { OptionModel(value: $0, label: $0, selected: $0 == source) }
        func url(_ page: Int) -> String {
            SiteURL.admin(.wire).path(query: ["state": stateText.isEmpty ? nil : stateText, "source": source, "page": page == 1 ? nil : page])
        }
        let model = ListModel(
            admin: try await newsroom.chrome(staff, title: Message("Wire"), current: "wire"), rows: rows, failures: failures,
            states: Self.states.map { OptionModel(value: $0.value, label: catalog.message($0.name), selected: $0.value == stateText) }, sources: sources, showsFailures: showsFailures,
            previousURL: number > 1 ? url(number - 1) : nil, nextURL: number * Self.pageSize < total ? url(number + 1) : nil)
        return newsroom.views.page(model, .wire)
    }

    struct Version: TemplateModel {
        var label: String
        var headline: String
        var dek: String
        var bodyHTML: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "label": .value(label)
            case "headline": .value(headline)
            case "dek": .value(dek)
            case "bodyHTML": .value(bodyHTML)
            default: .unknown
            }
        }
    }

    struct ItemModel: AdminPageModel {
        var admin: AdminChrome
        var row: Row
        var item: WireQueueItem
        var firstReceived: String
        var embargo: String?
        var newsroomVersion: Version?
        var agencyVersion: Version?
        var changes: [RevisionDiff.FieldChange]
        var articleVersion: Int?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "row": .value(row)
            case "guid": .value(item.guid)
            case "format": .value(item.format)
            case "editorialNote": .value(item.editorialNote)
            case "firstReceived": .value(firstReceived)
            case "embargo": .value(embargo)
            case "isHeld": .value(newsroomVersion != nil && agencyVersion != nil)
            case "isKilled": .value(item.state == .killed)
            case "newsroom": .value(newsroomVersion)
            case "agency": .value(agencyVersion)
            case "changes": .value(changes)
            case "articleVersion": .value(articleVersion)
            case "applyAction": .value(SiteURL.admin(.applyWire(.value(item.id))).path)
            case "keepAction": .value(SiteURL.admin(.keepWire(.value(item.id))).path)
            default: .unknown
            }
        }
    }

    private func item(_ context: Context) async throws -> WireQueueItem {
        guard let id = context.parameters.get("id", as: Int64.self), let item = try await wire.item(id: id) else {
            throw HTTPError(.notFound, Message("There is no such wire story."))
        }
        return item
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.ingestWire, context)
        let item = try await item(context)
        let catalog = newsroom.catalog(for: staff)
        var model = ItemModel(
            admin: try await newsroom.chrome(staff, title: item.headline, current: "wire", notice: Self.notice(request, catalog)),
            row: Row(item: item, received: newsroom.dateTime(item.updatedAt), stateLabel: catalog.message(item.state.name)), item: item, firstReceived: newsroom.dateTime(item.receivedAt),
            embargo: item.embargoedUntil.map(newsroom.dateTime), changes: [])
        if item.state == .held, let articleID = item.articleID, let editable = try await editorial.editable(id: articleID),
            let pending = try await wire.pendingDocument(id: item.id)
        {
            let current = ArticleDocument(editable.article)
            let newsroomLabel = catalog.message("The newsroom’s version ({name})", ["name": editable.lastSavedBy ?? catalog.message("an editor")])
            model.newsroomVersion = Version(label: newsroomLabel, headline: current.headline, dek: current.dek, bodyHTML: body.html(from: current.body))
            let agencyLabel = catalog.message("{source} version {version}", ["source": item.source, "version": item.pendingVersion.map(String.init) ?? ""])
            model.agencyVersion = Version(label: agencyLabel, headline: pending.headline, dek: pending.dek, bodyHTML: body.html(from: pending.body))
            model.changes = RevisionDiff.changes(from: current, to: pending, in: catalog)
            model.articleVersion = editable.version
        }
        return newsroom.views.page(model, .wireItem)
    }

    struct SettleForm: Decodable {
        var version: Int?
    }

    @Sendable func apply(_ request: Request, context: Context) async throws -> Response {
        let item = try await item(context)
        guard item.state == .held, let articleID = item.articleID, let editable = try await editorial.editable(id: articleID),
            var document = try await wire.pendingDocument(id: item.id)
        else { throw HTTPError(.conflict, Message("This update is no longer held: someone applied or set it aside.")) }
        let staff = try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        if editable.status != .draft { try newsroom.require(.publishArticle(ownerID: editable.ownerID), context) }
        let form = try (context.form ?? FormFields()).decode(SettleForm.self)
        // The page was read at a version; an edit since then is the editor's newer word.
        guard form.version == nil || form.version == editable.version else {
            return adminRedirect(SiteURL.admin(.wireItem(.value(item.id))).path(query: ["notice": "changed"]))
        }
        let current = ArticleDocument(editable.article)
        // The newsroom's slug and its corrections stay; the agency's text comes in.
        document.slug = current.slug
        document.corrections = Array(Set(current.corrections + document.corrections)).sorted { $0.date < $1.date }
        let result = try await editorial.save(EditorialSave(
            articleID: articleID, input: document.input(status: editable.article.status, sections: try await taxonomy.sections(), externalID: nil),
            document: document, expectedVersion: editable.version, scheduledAt: editable.scheduledAt, editor: Editor(staff.user),
            note: "Applied \(item.source) version \(item.pendingVersion.map(String.init) ?? "")"), now: Date())
        guard case .saved(_, let version) = result else {
            return adminRedirect(SiteURL.admin(.wireItem(.value(item.id))).path(query: ["notice": "changed"]))
        }
        _ = try await wire.settleHeld(id: item.id, appliedAsVersion: version, now: Date())
        return adminRedirect(SiteURL.admin(.wireItem(.value(item.id))).path(query: ["notice": "applied"]))
    }

    @Sendable func keep(_ request: Request, context: Context) async throws -> Response {
        let item = try await item(context)
        if let articleID = item.articleID, let editable = try await editorial.editable(id: articleID) {
            try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        } else {
            try newsroom.require(.ingestWire, context)
        }
        _ = try await wire.settleHeld(id: item.id, appliedAsVersion: nil, now: Date())
        return adminRedirect(SiteURL.admin(.wireItem(.value(item.id))).path(query: ["notice": "kept"]))
    }

    static func notice(_ request: Request, _ catalog: MessageCatalog) -> String? {
        switch request.uri.queryParameters.get("notice") {
        case "applied": catalog.message("The agency’s update was applied as a new version of the story.")
        case "kept": catalog.message("The newsroom’s version stays. Later versions from the agency will be held again.")
        case "changed": catalog.message("The story was changed while you compared. Look again before applying.")
        default: nil
        }
    }
}

extension WireQueueItem.State {
    var name: Message {
        switch self {
        case .new: Message("New")
        case .updated: Message("Updated")
        case .held: Message("Held for merge")
        case .killed: Message("Killed")
        case .withheld: Message("Withheld")
        }
    }
}
