import Foundation
import Hummingbird

/// The newsroom's articles: the dashboard, the list, the editor and the workflow around it
/// (preview, publish, schedule, unpublish, delete, revisions, corrections).
struct ArticlesController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let media: MediaLibrary
    let previews: PreviewLinks
    let body = ArticleBodyRenderer()

    static var pageSize: Int { 20 }

    func add(to group: RouterGroup<Context>) {
        group.get("", use: dashboard)
        group.get("articles", use: list)
        group.get("articles/new", use: new)
        group.post("articles", use: create)
        group.get("articles/:id", use: edit)
        group.post("articles/:id", use: update)
        group.get("articles/:id/delete", use: confirmDelete)
        group.post("articles/:id/delete", use: delete)
        group.get("articles/:id/revisions", use: revisions)
        group.get("articles/:id/compare", use: compare)
        group.post("articles/:id/revisions/:version/restore", use: restore)
        group.post("articles/:id/corrections", use: addCorrection)
        group.post("preview", use: previewBody)
    }

    // MARK: Dashboard and list

    struct DashboardModel: Sendable {
        var admin: AdminChrome
        var drafts: Int
        var scheduled: Int
        var published: Int
        var pendingComments: Pending?
        var recent: [ArticleRowModel]
        var hasRecent: Bool
    }

    struct Pending: Sendable {
        var count: Int
        var waiting: Bool
    }

    struct ArticleRowModel: Sendable {
        var headline: String
        var editURL: String?
        var status: String
        var statusLabel: String
        var section: String
        var authors: String
        var updated: String
        var when: String
    }

    @Sendable func dashboard(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let counts = try await newsroom.storage.editorial.statusCounts()
        let recent = try await newsroom.storage.editorial.articles(.init(), page: PageRequest(number: 1, size: 8))
        var pending: Pending?
        if staff.user.may(.moderateComments) {
            let count = try await newsroom.storage.comments.count(status: .pending)
            pending = Pending(count: count, waiting: count > 0)
        }
        let model = DashboardModel(
            admin: try await newsroom.chrome(staff, title: "Dashboard", current: "dashboard"), drafts: counts[.draft] ?? 0,
            scheduled: counts[.scheduled] ?? 0, published: counts[.published] ?? 0, pendingComments: pending,
            recent: recent.items.map { row(for: $0, staff: staff) }, hasRecent: !recent.items.isEmpty
        )
        return newsroom.views.page(model, .dashboard)
    }

    struct ListModel: Sendable {
        var admin: AdminChrome
        var query: String
        var statuses: [OptionModel]
        var sections: [OptionModel]
        var authors: [OptionModel]
        var rows: [ArticleRowModel]
        var isEmpty: Bool
        var total: Int
        var pagination: PaginationModel?
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let parameters = request.uri.queryParameters
        let status = parameters.get("status").flatMap(EditorialStatus.init(rawValue:))
        let sections = try await newsroom.storage.taxonomy.sections()
        let authors = try await newsroom.storage.taxonomy.authors()
        let sectionSlug = parameters.get("section") ?? ""
        let authorSlug = parameters.get("author") ?? ""
        let query = String((request.formQuery["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
        guard let number = request.pageNumber else { throw HTTPError(.notFound) }
        let filter = NewsroomArticleFilter(
            status: status, sectionID: sections.first { $0.slug == sectionSlug }?.id, authorID: authors.first { $0.slug == authorSlug }?.id,
            query: query.isEmpty ? nil : query
        )
        let page = try await newsroom.storage.editorial.articles(filter, page: PageRequest(number: number, size: Self.pageSize))
        var components = URLComponents()
        components.queryItems = [("status", status?.rawValue ?? ""), ("section", sectionSlug), ("author", authorSlug), ("q", query)]
            .filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
        let pageURL = { (n: Int) -> String in
            var items = components.queryItems ?? []
            if n > 1 { items.append(URLQueryItem(name: "page", value: String(n))) }
            var copy = components
            copy.queryItems = items.isEmpty ? nil : items
            return "/admin/articles" + (copy.string ?? "")
        }
        let model = ListModel(
            admin: try await newsroom.chrome(staff, title: "Articles", current: "articles", notice: Self.notice(request)), query: query,
            statuses: [OptionModel(value: "", label: "All statuses", selected: status == nil)]
                + EditorialStatus.allCases.map { OptionModel(value: $0.rawValue, label: $0.label, selected: $0 == status) },
            sections: [OptionModel(value: "", label: "All sections", selected: sectionSlug.isEmpty)]
                + sections.map { OptionModel(value: $0.slug, label: $0.name, selected: $0.slug == sectionSlug) },
            authors: [OptionModel(value: "", label: "All authors", selected: authorSlug.isEmpty)]
                + authors.map { OptionModel(value: $0.slug, label: $0.name, selected: $0.slug == authorSlug) },
            rows: page.items.map { row(for: $0, staff: staff) }, isEmpty: page.items.isEmpty, total: page.totalCount,
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
            editURL: staff.user.may(.editArticle(ownerID: article.ownerID, status: article.status)) ? "/admin/articles/\(article.id)" : nil,
            status: article.status.rawValue, statusLabel: article.status.label, section: article.sectionName,
            authors: article.authorNames.joined(separator: ", "), updated: newsroom.dateTime(article.updatedAt), when: when
        )
    }

    // MARK: Editor

    @Sendable func new(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.writeDrafts, context)
        var document = ArticleDocument()
        document.authors = [staff.user.name]
        document.section = try await newsroom.storage.taxonomy.sections().first?.slug ?? ""
        return try await editor(document, editable: nil, staff: staff)
    }

    @Sendable func edit(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let editable = try await load(context)
        try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        return try await editor(ArticleDocument(editable.article), editable: editable, staff: staff, notice: Self.notice(request))
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.writeDrafts, context)
        return try await save(nil, context: context)
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        let editable = try await load(context)
        try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        return try await save(editable, context: context)
    }

    /// What the form's buttons ask for.
    enum Intent: String {
        case save, publish, schedule, unpublish
    }

    private func save(_ existing: EditableArticle?, context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let form = context.form ?? FormFields()
        let intent = Intent(rawValue: form["intent"] ?? "save") ?? .save
        let ownerID = existing?.ownerID ?? staff.user.id
        // Changing what readers see (or when they see it) is publishing, whatever the button says.
        if intent != .save || existing?.status == .published || existing?.status == .scheduled {
            try newsroom.require(.publishArticle(ownerID: ownerID), context)
        }
        let sections = try await newsroom.storage.taxonomy.sections()
        var extra: [String: String] = [:]
        var document = try await document(from: form, staff: staff, extra: &extra)
        document.corrections = existing.map { ArticleDocument($0.article).corrections } ?? []

        let status: Article.Status
        var scheduledAt: Date?
        switch intent {
        case .publish:
            status = .published
        case .unpublish:
            status = .draft
        case .schedule:
            status = .draft
            if let date = newsroom.pages.dates.parseLocalInput(form["scheduled_at"] ?? ""), date > Date() {
                scheduledAt = date
            } else {
                extra["scheduled_at"] = "Give a date and time in the future (\(newsroom.pages.dates.timeZone.identifier)) to publish at."
            }
        case .save:
            status = existing?.article.status ?? .draft
            scheduledAt = existing?.scheduledAt
        }
        let goesOut = status == .published || scheduledAt != nil
        let problems = goesOut ? document.publicationProblems(sections: sections) : document.draftProblems(sections: sections)
        if !problems.isEmpty || !extra.isEmpty {
            return try await editor(
                document, editable: existing, staff: staff, problems: problems, extra: extra, version: Int(form["version"] ?? ""),
                status: .unprocessableContent
            )
        }
        let note: String = switch intent {
        case .publish: existing?.status == .published ? "Updated the published article" : "Published"
        case .schedule: "Scheduled for " + newsroom.dateTime(scheduledAt)
        case .unpublish: "Unpublished"
        case .save: existing == nil ? "Created" : "Saved"
        }
        let expected = Int(form["overwrite_version"] ?? "") ?? Int(form["version"] ?? "")
        let result: EditorialSaveResult
        do {
            result = try await newsroom.storage.editorial.save(EditorialSave(
                articleID: existing?.article.id, input: document.input(status: status, sections: sections, externalID: nil), document: document,
                expectedVersion: existing == nil ? nil : expected, scheduledAt: scheduledAt, editor: Editor(staff.user), note: note
            ), now: Date())
        } catch StorageError.slugTaken(let slug) {
            var problems = problems
            problems.messages[.slug] = "Another article already uses the slug “\(slug)”. Choose another."
            return try await editor(document, editable: existing, staff: staff, problems: problems, version: expected, status: .conflict)
        }
        switch result {
        case .saved(let id, _):
            return adminRedirect("/admin/articles/\(id)?notice=\(intent.rawValue)")
        case .conflict(let current):
            return try await editor(document, editable: current, staff: staff, version: expected, conflict: current, status: .conflict)
        case .missing:
            throw HTTPError(.notFound, message: "This article was deleted while you were editing it. Copy your text before leaving this page.")
        }
    }

    /// The document the form describes, uploading a new lead image into the media library.
    private func document(from form: FormFields, staff: StaffSession, extra: inout [String: String]) async throws -> ArticleDocument {
        var document = ArticleDocument()
        document.headline = form["headline"] ?? ""
        document.dek = form["dek"] ?? ""
        document.slug = (form["slug"] ?? "").trimmingCharacters(in: .whitespaces)
        document.authors = ArticleDocument.list(form["authors"] ?? "")
        document.section = form["section"] ?? ""
        document.tags = ArticleDocument.list(form["tags"] ?? "")
        document.dateline = form["dateline"] ?? ""
        document.creditKind = Credit.Kind(rawValue: form["credit_kind"] ?? "") ?? .staff
        document.creditSource = document.creditKind == .staff ? "" : (form["credit_source"] ?? "")
        document.body = (form["body"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        document.commentsOpen = form.isChecked("comments_open")
        let closeText = form["comments_close_at"] ?? ""
        if !closeText.isEmpty {
            if let date = newsroom.pages.dates.parseLocalInput(closeText) {
                document.commentsCloseAt = date
            } else {
                extra["comments_close_at"] = "Give a date and time, or leave this empty."
            }
        }
        let displayText = form["display_date"] ?? ""
        if !displayText.isEmpty {
            if let date = newsroom.pages.dates.parseLocalInput(displayText) {
                document.displayDate = date
            } else {
                extra["display_date"] = "Give a date and time, or leave this empty to show the publication date."
            }
        }
        let alt = form["lead_image_alt"] ?? ""
        let caption = form["lead_image_caption"] ?? ""
        let credit = form["lead_image_credit"] ?? ""
        if form.isChecked("lead_image_remove") {
            document.leadImage = nil
        } else if let file = form.files["lead_image_file"] {
            if staff.user.may(.uploadMedia) {
                do {
                    let item = try await media.upload(file.data, originalName: file.filename, alt: alt, caption: caption, credit: credit, by: staff.user.id)
                    document.leadImage = LeadImage(src: item.url, width: item.width, height: item.height, alt: alt, caption: caption, credit: credit)
                } catch let problem as MediaLibrary.UploadProblem {
                    extra["lead_image"] = problem.description
                }
            } else {
                extra["lead_image"] = "Your role cannot upload images; choose one from the media library."
            }
        } else if let id = Int64(form["lead_image_media"] ?? ""), let item = try await newsroom.storage.media.item(id: id) {
            document.leadImage = LeadImage(
                src: item.url, width: item.width, height: item.height, alt: alt.isEmpty ? item.alt : alt,
                caption: caption.isEmpty ? item.caption : caption, credit: credit.isEmpty ? item.credit : credit
            )
        } else if let src = form["lead_image_src"], !src.isEmpty, let width = Int(form["lead_image_width"] ?? ""),
            let height = Int(form["lead_image_height"] ?? ""), width > 0, height > 0
        {
            document.leadImage = LeadImage(src: src, width: width, height: height, alt: alt, caption: caption, credit: credit)
        }
        return document
    }

    private func editor(
        _ document: ArticleDocument, editable: EditableArticle?, staff: StaffSession, problems: ArticleDocument.Problems = .init(),
        extra: [String: String] = [:], version: Int? = nil, conflict: EditableArticle? = nil, notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let sections = try await newsroom.storage.taxonomy.sections()
        let dates = newsroom.pages.dates
        let user = staff.user
        let id = editable?.article.id
        let ownerID = editable?.ownerID ?? user.id
        let editorialStatus = editable?.status ?? .draft
        let media = try await newsroom.storage.media.items(query: nil, page: PageRequest(number: 1, size: 60))
        let startVersion = version ?? editable?.version ?? 1
        let errors = problems.messages.map { FieldErrorModel(field: $0.key.rawValue, message: $0.value) }.sorted { $0.field < $1.field }
            + extra.sorted { $0.key < $1.key }.map { FieldErrorModel(field: $0.key, message: $0.value) }
        let article = editable?.article
        let model = EditorModel(
            admin: try await newsroom.chrome(
                staff, title: id == nil ? "New article" : "Edit: \(article?.headline ?? "")", current: id == nil ? "new" : "articles", notice: notice
            ),
            isNew: id == nil, formAction: id.map { "/admin/articles/\($0)" } ?? "/admin/articles", id: id,
            version: startVersion, status: editorialStatus.rawValue, statusLabel: editorialStatus.label,
            isPublished: editorialStatus == .published, isScheduled: editorialStatus == .scheduled,
            headline: document.headline, dek: document.dek, slug: document.slug, authors: document.authors.joined(separator: ", "),
            sections: sections.map { OptionModel(value: $0.slug, label: $0.name, selected: $0.slug == document.section) },
            tags: document.tags.joined(separator: ", "), dateline: document.dateline,
            credits: Credit.Kind.allCases.map { OptionModel(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == document.creditKind) },
            creditSource: document.creditSource,
            leadImage: document.leadImage.map {
                .init(src: $0.src, width: $0.width, height: $0.height, alt: $0.alt, caption: $0.caption ?? "", credit: $0.credit ?? "")
            },
            mediaChoices: [OptionModel(value: "", label: "— keep the current image —", selected: true)]
                + media.items.map { OptionModel(value: String($0.id), label: Self.mediaLabel($0), selected: false) },
            body: document.body, previewHTML: body.html(from: document.body), commentsOpen: document.commentsOpen,
            commentsCloseAt: document.commentsCloseAt.map(dates.localInput) ?? "",
            displayDate: document.displayDate.map(dates.localInput) ?? "",
            scheduledAt: editable?.scheduledAt.map(dates.localInput) ?? "", timeZone: dates.timeZone.identifier,
            errors: errors, hasErrors: !errors.isEmpty, fieldErrors: EditorFieldErrors(problems, extra: extra),
            conflict: conflict.map {
                .init(
                    by: $0.lastSavedBy ?? "someone", at: newsroom.dateTime($0.lastSavedAt),
                    compareURL: "/admin/articles/\($0.article.id)/compare?from=\(startVersion)&to=\($0.version)", currentVersion: $0.version
                )
            },
            canPublish: user.may(.publishArticle(ownerID: ownerID)),
            canDelete: id != nil && user.may(.deleteArticle(ownerID: ownerID, status: editorialStatus)), canUpload: user.may(.uploadMedia),
            previewURL: id.map { previews.url(articleID: $0) }, publicURL: editorialStatus == .published ? article.map(publicURL) : nil,
            revisionsURL: id.map { "/admin/articles/\($0)/revisions" }, deleteURL: id.map { "/admin/articles/\($0)/delete" },
            correctionsURL: editorialStatus == .published && user.may(.publishArticle(ownerID: ownerID)) ? id.map { "/admin/articles/\($0)/corrections" } : nil,
            corrections: (article?.corrections ?? []).map { .init(label: $0.kind.label, text: $0.text, date: newsroom.dateTime($0.date)) },
            correctionKinds: Correction.Kind.allCases.map { OptionModel(value: $0.rawValue, label: $0.label, selected: $0 == .correction) },
            authorSuggestions: try await newsroom.storage.taxonomy.authors().map(\.name),
            tagSuggestions: try await newsroom.storage.taxonomy.tags().map(\.tag.name),
            lastSaved: editable.flatMap { e in e.lastSavedBy.map { "Last saved by \($0), \(newsroom.dateTime(e.lastSavedAt))" } }
        )
        return newsroom.views.page(model, .editor, status: status)
    }

    static func mediaLabel(_ item: MediaItem) -> String {
        let name = item.caption.isEmpty ? (item.alt.isEmpty ? item.originalName : item.alt) : item.caption
        return "\(name.prefix(80)) (\(item.width)×\(item.height))"
    }

    private func publicURL(_ article: Article) -> String {
        SiteURL.article(article.slug, section: article.section.slug, publishedAt: article.publishedAt ?? article.updatedAt, dates: newsroom.pages.dates).path
    }

    /// The HTML of a Markdown body, made by the same renderer as the public page.
    @Sendable func previewBody(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.writeDrafts, context)
        let html = body.html(from: context.form?["body"] ?? "")
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    // MARK: Delete

    struct ConfirmModel: Sendable {
        var admin: AdminChrome
        var heading: String
        var message: String
        var action: String
        var button: String
        var cancelURL: String
    }

    @Sendable func confirmDelete(_ request: Request, context: Context) async throws -> Response {
        let editable = try await load(context)
        let staff = try newsroom.require(.deleteArticle(ownerID: editable.ownerID, status: editable.status), context)
        let model = ConfirmModel(
            admin: try await newsroom.chrome(staff, title: "Delete article", current: "articles"), heading: "Delete “\(editable.article.headline)”?",
            message: editable.status == .published
                ? "This article is published. Deleting it removes it from the site, with its comments and revisions, for good. Unpublishing keeps it as a draft instead."
                : "This removes the draft with its revisions, for good.",
            action: "/admin/articles/\(editable.article.id)/delete", button: "Delete for good", cancelURL: "/admin/articles/\(editable.article.id)"
        )
        return newsroom.views.page(model, .confirm)
    }

    @Sendable func delete(_ request: Request, context: Context) async throws -> Response {
        let editable = try await load(context)
        try newsroom.require(.deleteArticle(ownerID: editable.ownerID, status: editable.status), context)
        _ = try await newsroom.storage.editorial.delete(id: editable.article.id)
        return adminRedirect("/admin/articles?notice=deleted")
    }

    // MARK: Revisions

    struct RevisionsModel: Sendable {
        struct Row: Sendable {
            var version: Int
            var savedBy: String
            var savedAt: String
            var note: String
            var isCurrent: Bool
            var isFrom: Bool
            var isTo: Bool
        }

        var admin: AdminChrome
        var headline: String
        var editURL: String
        var compareAction: String
        var rows: [Row]
    }

    @Sendable func revisions(_ request: Request, context: Context) async throws -> Response {
        let editable = try await load(context)
        let staff = try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        let revisions = try await newsroom.storage.editorial.revisions(articleID: editable.article.id)
        let model = RevisionsModel(
            admin: try await newsroom.chrome(staff, title: "Revisions", current: "articles"), headline: editable.article.headline,
            editURL: "/admin/articles/\(editable.article.id)", compareAction: "/admin/articles/\(editable.article.id)/compare",
            rows: revisions.enumerated().map { index, revision in
                .init(
                    version: revision.version, savedBy: revision.savedBy, savedAt: newsroom.dateTime(revision.savedAt), note: revision.note,
                    isCurrent: revision.version == editable.version, isFrom: index == 1, isTo: index == 0
                )
            }
        )
        return newsroom.views.page(model, .revisions)
    }

    struct CompareModel: Sendable {
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
    }

    @Sendable func compare(_ request: Request, context: Context) async throws -> Response {
        let editable = try await load(context)
        let staff = try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        let parameters = request.uri.queryParameters
        guard let fromVersion = parameters.get("from").flatMap({ Int($0) }), let toVersion = parameters.get("to").flatMap({ Int($0) }),
            let from = try await newsroom.storage.editorial.revision(articleID: editable.article.id, version: fromVersion),
            let to = try await newsroom.storage.editorial.revision(articleID: editable.article.id, version: toVersion)
        else { throw HTTPError(.notFound, message: "Those revisions don’t exist. Pick two from the list of revisions.") }
        let changes = RevisionDiff.changes(from: from.document, to: to.document)
        let model = CompareModel(
            admin: try await newsroom.chrome(staff, title: "Compare revisions", current: "articles"), headline: editable.article.headline,
            from: fromVersion, to: toVersion, fromBy: "\(from.savedBy), \(newsroom.dateTime(from.savedAt))",
            toBy: "\(to.savedBy), \(newsroom.dateTime(to.savedAt))", changes: changes, same: changes.isEmpty,
            revisionsURL: "/admin/articles/\(editable.article.id)/revisions",
            restoreAction: "/admin/articles/\(editable.article.id)/revisions/\(fromVersion)/restore", currentVersion: editable.version,
            canRestore: fromVersion != editable.version
        )
        return newsroom.views.page(model, .compare)
    }

    @Sendable func restore(_ request: Request, context: Context) async throws -> Response {
        let editable = try await load(context)
        let staff = try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        if editable.status != .draft { try newsroom.require(.publishArticle(ownerID: editable.ownerID), context) }
        guard let version = context.parameters.get("version", as: Int.self),
            let revision = try await newsroom.storage.editorial.revision(articleID: editable.article.id, version: version)
        else { throw HTTPError(.notFound) }
        var document = revision.document
        // Corrections are a public record: restoring old text never takes one back.
        document.corrections = ArticleDocument(editable.article).corrections
        let sections = try await newsroom.storage.taxonomy.sections()
        let problems = editable.status == .draft ? document.draftProblems(sections: sections) : document.publicationProblems(sections: sections)
        guard problems.isEmpty else {
            return try await editor(document, editable: editable, staff: staff, problems: problems, status: .unprocessableContent)
        }
        let result = try await newsroom.storage.editorial.save(EditorialSave(
            articleID: editable.article.id, input: document.input(status: editable.article.status, sections: sections, externalID: nil),
            document: document, expectedVersion: Int(context.form?["version"] ?? "") ?? editable.version, scheduledAt: editable.scheduledAt,
            editor: Editor(staff.user), note: "Restored version \(version)"
        ), now: Date())
        switch result {
        case .saved(let id, _): return adminRedirect("/admin/articles/\(id)?notice=restored")
        case .conflict(let current): return try await editor(ArticleDocument(current.article), editable: current, staff: staff, conflict: current, status: .conflict)
        case .missing: throw HTTPError(.notFound)
        }
    }

    // MARK: Corrections

    @Sendable func addCorrection(_ request: Request, context: Context) async throws -> Response {
        let editable = try await load(context)
        let staff = try newsroom.require(.publishArticle(ownerID: editable.ownerID), context)
        let form = context.form ?? FormFields()
        let text = (form["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let kind = Correction.Kind(rawValue: form["kind"] ?? "") ?? .correction
        guard !text.isEmpty, text.count <= 2000 else {
            return try await editor(
                ArticleDocument(editable.article), editable: editable, staff: staff, extra: ["correction": "Write the \(kind.label.lowercased()) (up to 2,000 characters)."],
                status: .unprocessableContent
            )
        }
        let now = Date()
        var document = ArticleDocument(editable.article)
        document.corrections.append(.init(kind: kind, text: text, date: now))
        let sections = try await newsroom.storage.taxonomy.sections()
        let result = try await newsroom.storage.editorial.save(EditorialSave(
            articleID: editable.article.id, input: document.input(status: editable.article.status, sections: sections, externalID: nil),
            document: document, expectedVersion: editable.version, scheduledAt: editable.scheduledAt, editor: Editor(staff.user),
            note: "Added a \(kind.label.lowercased())"
        ), now: now)
        guard case .saved = result else {
            return try await editor(document, editable: editable, staff: staff, conflict: try await load(context), status: .conflict)
        }
        return adminRedirect("/admin/articles/\(editable.article.id)?notice=corrected")
    }

    // MARK: Helpers

    private func load(_ context: Context) async throws -> EditableArticle {
        guard let id = context.parameters.get("id", as: Int64.self), let editable = try await newsroom.storage.editorial.editable(id: id) else {
            throw HTTPError(.notFound, message: "There is no such article: it may have been deleted.")
        }
        return editable
    }

    static func notice(_ request: Request) -> String? {
        switch request.uri.queryParameters.get("notice") {
        case "save": "Saved."
        case "publish": "Published. It is live on the site."
        case "schedule": "Scheduled. It will be published at the time you chose."
        case "unpublish": "Unpublished. Readers no longer see it; it is a draft again."
        case "deleted": "The article was deleted."
        case "restored": "The revision was restored as a new version."
        case "corrected": "The note was added and is shown on the article."
        default: nil
        }
    }
}

/// Signed, expiring links that show an unpublished article exactly as readers will see it,
/// to anyone who has the link (an editor on the phone, a lawyer reading before publication).
struct PreviewLinks: Sendable {
    let signer: Signer
    static let lifetime: TimeInterval = 7 * 86400

    func url(articleID: Int64, now: Date = Date()) -> String {
        let expires = Int64(now.addingTimeInterval(Self.lifetime).timeIntervalSince1970)
        return "/preview/" + signer.sign("preview.\(articleID).\(expires)")
    }

    func articleID(token: String, now: Date = Date()) -> Int64? {
        guard let payload = signer.verify(token) else { return nil }
        let parts = payload.split(separator: ".")
        guard parts.count == 3, parts[0] == "preview", let id = Int64(parts[1]), let expires = Int64(parts[2]),
            Double(expires) > now.timeIntervalSince1970
        else { return nil }
        return id
    }
}
