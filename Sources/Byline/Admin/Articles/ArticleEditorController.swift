import Foundation
import Hummingbird

/// Writing and saving: a new article, the editor, its workflow (save, publish, schedule,
/// unpublish) and deleting.
struct ArticleEditorController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let editorial: any EditorialRepository
    let taxonomy: any TaxonomyRepository
    let library: MediaLibrary
    let page: ArticleEditorPage

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.newArticle.route, use: new)
        group.post(SiteURL.Admin.articles.route, use: create)
        group.get(SiteURL.Admin.article(.key).route, use: edit)
        group.post(SiteURL.Admin.article(.key).route, use: update)
        group.get(SiteURL.Admin.deleteArticle(.key).route, use: confirmDelete)
        group.post(SiteURL.Admin.deleteArticle(.key).route, use: delete)
    }

    @Sendable func new(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.writeDrafts, context)
        var document = ArticleDocument()
        document.authors = [staff.user.name]
        document.section = try await taxonomy.sections().first?.slug ?? ""
        document.language = newsroom.pages.language
        // "Translate this story": the new version shares the original's section, tags, place,
        // credit and picture, as a desk translating it would keep them.
        if let id = request.uri.queryParameters.get("translation_of").flatMap({ Int64($0) }),
            let original = try await editorial.editable(id: id)?.article
        {
            document.translationOf = original.slug
            document.section = original.section.slug
            document.tags = original.tags.map(\.name)
            document.dateline = original.dateline ?? ""
            (document.creditKind, document.creditSource) = (original.credit.kind, original.credit.source ?? "")
            document.leadImage = original.leadImage
            document.language = nil
        }
        return try await page.response(document, editable: nil, staff: staff)
    }

    @Sendable func edit(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let editable = try await editorial.editable(context.parameters)
        try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        return try await page.response(ArticleDocument(editable.article), editable: editable, staff: staff, notice: ArticleNotice.message(for: request, newsroom.catalog(for: staff)))
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.writeDrafts, context)
        return try await save(nil, context: context)
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        let editable = try await editorial.editable(context.parameters)
        try newsroom.require(.editArticle(ownerID: editable.ownerID, status: editable.status), context)
        return try await save(editable, context: context)
    }

    /// What the form's buttons ask for.
    enum Intent: String, Decodable {
        case save, publish, schedule, unpublish

        /// What the newsroom is told once it is done.
        var notice: ArticleNotice {
            switch self {
            case .save: .save
            case .publish: .publish
            case .schedule: .schedule
            case .unpublish: .unpublish
            }
        }
    }

    /// The editor's fields. Dates are in the site's time zone, as `<input type=datetime-local>` sends them.
    struct Form: Decodable {
        var intent: Intent?
        var headline: String?
        var dek: String?
        var slug: String?
        var authors: String?
        var section: String?
        var tags: String?
        var dateline: String?
        var language: String?
        var translationOf: String?
        var creditKind: Credit.Kind?
        var creditSource: String?
        var body: String?
        var commentsOpen: Bool
        var commentsCloseAt: String?
        var displayDate: String?
        var scheduledAt: String?
        var scheduledAtChoice: String?
        var displayDateChoice: String?
        var commentsCloseAtChoice: String?
        var leadImageAlt: String?
        var leadImageCaption: String?
        var leadImageCredit: String?
        var leadImageRemove: Bool
        var leadImageMedia: Int64?
        var leadImageSrc: String?
        var leadImageWidth: Int?
        var leadImageHeight: Int?
        var version: Int?
        var overwriteVersion: Int?

        enum CodingKeys: String, CodingKey {
            case intent, headline, dek, slug, authors, section, tags, dateline, body, version, language
            case translationOf = "translation_of"
            case creditKind = "credit_kind", creditSource = "credit_source", commentsOpen = "comments_open"
            case commentsCloseAt = "comments_close_at", displayDate = "display_date", scheduledAt = "scheduled_at"
            case scheduledAtChoice = "scheduled_at_choice", displayDateChoice = "display_date_choice", commentsCloseAtChoice = "comments_close_at_choice"
            case leadImageAlt = "lead_image_alt", leadImageCaption = "lead_image_caption", leadImageCredit = "lead_image_credit"
            case leadImageRemove = "lead_image_remove", leadImageMedia = "lead_image_media", leadImageSrc = "lead_image_src"
            case leadImageWidth = "lead_image_width", leadImageHeight = "lead_image_height", overwriteVersion = "overwrite_version"
        }
    }

    private func save(_ existing: EditableArticle?, context: Context) async throws -> Response {
        let staff = try newsroom.staff(context)
        let fields = context.form ?? FormFields()
        let form = try fields.decode(Form.self)
        let intent = form.intent ?? .save
        let ownerID = existing?.ownerID ?? staff.user.id
        // Changing what readers see (or when they see it) is publishing, whatever the button says.
        if intent != .save || existing?.status == .published || existing?.status == .scheduled {
            try newsroom.require(.publishArticle(ownerID: ownerID), context)
        }
        let sections = try await taxonomy.sections()
        var extra: [String: String] = [:]
        let catalog = newsroom.catalog(for: staff)
        var times = EditorTimes(dates: newsroom.pages.dates, catalog: catalog)
        var document = try await document(from: form, upload: fields.files["lead_image_file"], staff: staff, times: &times, extra: &extra)
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
            let future = Message("Give a date and time in the future ({zone}) to publish at.", ["zone": newsroom.pages.dates.timeZone.identifier])
            if let date = times.read(form.scheduledAt ?? "", field: "scheduled_at", choice: form.scheduledAtChoice, unreadable: future) {
                if date > Date() { scheduledAt = date } else { times.problems["scheduled_at"] = catalog.message(future) }
            }
        case .save:
            status = existing?.article.status ?? .draft
            scheduledAt = existing?.scheduledAt
        }
        let goesOut = status == .published || scheduledAt != nil
        let problems = goesOut ? document.publicationProblems(sections: sections) : document.draftProblems(sections: sections)
        extra.merge(times.problems) { first, _ in first }
        if !problems.isEmpty || !extra.isEmpty {
            return try await page.response(
                document, editable: existing, staff: staff, problems: problems, extra: extra, times: times, version: form.version, status: .unprocessableContent
            )
        }
        let note: String = switch intent {
        case .publish: (existing?.status == .published ? RevisionNote.updatedPublished : RevisionNote.published).id
        case .schedule: RevisionNote.scheduled(for: newsroom.dateTime(scheduledAt))
        case .unpublish: RevisionNote.unpublished.id
        case .save: (existing == nil ? RevisionNote.created : RevisionNote.saved).id
        }
        let expected = form.overwriteVersion ?? form.version
        let result: EditorialSaveResult
        do {
            result = try await editorial.save(EditorialSave(
                articleID: existing?.article.id, input: document.input(status: status, sections: sections, externalID: nil), document: document,
                expectedVersion: existing == nil ? nil : expected, scheduledAt: scheduledAt, editor: Editor(staff.user), note: note
            ), now: Date())
        } catch StorageError.slugTaken(let slug) {
            var problems = problems
            problems.messages[.slug] = Message("Another article already uses the slug “{slug}”. Choose another.", ["slug": slug])
            return try await page.response(document, editable: existing, staff: staff, problems: problems, version: expected, status: .conflict)
        } catch StorageError.publicationRefused(let reason) {
            var extra = extra
            extra["scheduled_at"] = reason
            return try await page.response(document, editable: existing, staff: staff, problems: problems, extra: extra, version: expected, status: .conflict)
        } catch StorageError.translationRefused(let reason) {
            var problems = problems
            problems.messages[.translationOf] = Message.verbatim(reason)
            return try await page.response(document, editable: existing, staff: staff, problems: problems, version: expected, status: .unprocessableContent)
        }
        switch result {
        case .saved(let id, _):
            return adminRedirect(SiteURL.admin(.article(.value(id))).path(query: ["notice": intent.notice.rawValue]))
        case .conflict(let current):
            return try await page.response(document, editable: current, staff: staff, version: expected, conflict: current, status: .conflict)
        case .missing:
            throw HTTPError(.notFound, Message("This article was deleted while you were editing it. Copy your text before leaving this page."))
        }
    }

    /// The document the form describes, uploading a new lead image into the media library.
    private func document(
        from form: Form, upload: UploadedFile?, staff: StaffSession, times: inout EditorTimes, extra: inout [String: String]
    ) async throws -> ArticleDocument {
        var document = ArticleDocument()
        document.headline = form.headline ?? ""
        document.dek = form.dek ?? ""
        document.slug = (form.slug ?? "").trimmingCharacters(in: .whitespaces)
        document.authors = ArticleDocument.list(form.authors ?? "")
        document.section = form.section ?? ""
        document.tags = ArticleDocument.list(form.tags ?? "")
        document.dateline = form.dateline ?? ""
        // A story saved without a language is in the site's: it is named, so that search and
        // the story's translations know it even after the site's language changes.
        let language = (form.language ?? "").trimmingCharacters(in: .whitespaces)
        document.language = language.isEmpty ? newsroom.pages.language : language
        document.translationOf = form.translationOf.map { $0.trimmingCharacters(in: .whitespaces) }
        document.creditKind = form.creditKind ?? .staff
        document.creditSource = document.creditKind == .staff ? "" : (form.creditSource ?? "")
        document.body = (form.body ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        document.commentsOpen = form.commentsOpen
        if let text = form.commentsCloseAt {
            document.commentsCloseAt = times.read(
                text, field: "comments_close_at", choice: form.commentsCloseAtChoice, unreadable: Message("Give a date and time, or leave this empty."))
        }
        if let text = form.displayDate {
            document.displayDate = times.read(
                text, field: "display_date", choice: form.displayDateChoice, unreadable: Message("Give a date and time, or leave this empty to show the publication date."))
        }
        let (alt, caption, credit) = (form.leadImageAlt ?? "", form.leadImageCaption ?? "", form.leadImageCredit ?? "")
        if form.leadImageRemove {
            document.leadImage = nil
        } else if let file = upload {
            if staff.user.may(.uploadMedia) {
                do {
                    let item = try await library.upload(file.data, originalName: file.filename, alt: alt, caption: caption, credit: credit, by: staff.user.id)
                    document.leadImage = LeadImage(src: item.url, width: item.width, height: item.height, alt: alt, caption: caption, credit: credit)
                } catch let problem as MediaLibrary.UploadProblem {
                    extra["lead_image"] = problem.description
                }
            } else {
                extra["lead_image"] = times.catalog.message("Your role cannot upload images; choose one from the media library.")
            }
        } else if let id = form.leadImageMedia, let item = try await library.media.item(id: id) {
            document.leadImage = LeadImage(
                src: item.url, width: item.width, height: item.height, alt: alt.isEmpty ? item.alt : alt,
                caption: caption.isEmpty ? item.caption : caption, credit: credit.isEmpty ? item.credit : credit
            )
        } else if let src = form.leadImageSrc, let width = form.leadImageWidth, let height = form.leadImageHeight, width > 0, height > 0 {
            document.leadImage = LeadImage(src: src, width: width, height: height, alt: alt, caption: caption, credit: credit)
        }
        return document
    }

    // MARK: Delete

    struct ConfirmModel: AdminPageModel {
        var admin: AdminChrome
        var heading: String
        var message: String
        var action: String
        var button: String
        var cancelURL: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "heading": .value(heading)
            case "message": .value(message)
            case "action": .value(action)
            case "button": .value(button)
            case "cancelURL": .value(cancelURL)
            default: .unknown
            }
        }
    }

    @Sendable func confirmDelete(_ request: Request, context: Context) async throws -> Response {
        let editable = try await editorial.editable(context.parameters)
        let staff = try newsroom.require(.deleteArticle(ownerID: editable.ownerID, status: editable.status), context)
        let catalog = newsroom.catalog(for: staff)
        let model = ConfirmModel(
            admin: try await newsroom.chrome(staff, title: Message("Delete article"), current: "articles"),
            heading: catalog.message("Delete “{headline}”?", ["headline": editable.article.headline]),
            message: catalog.message(editable.status == .published
                ? Message("This article is published. Deleting it removes it from the site, with its comments and revisions, for good. Unpublishing keeps it as a draft instead.")
                : Message("This removes the draft with its revisions, for good.")),
            action: SiteURL.admin(.deleteArticle(.value(editable.article.id))).path, button: catalog.message("Delete for good"), cancelURL: SiteURL.admin(.article(.value(editable.article.id))).path
        )
        return newsroom.views.page(model, .confirm)
    }

    @Sendable func delete(_ request: Request, context: Context) async throws -> Response {
        let editable = try await editorial.editable(context.parameters)
        try newsroom.require(.deleteArticle(ownerID: editable.ownerID, status: editable.status), context)
        _ = try await editorial.delete(id: editable.article.id)
        return adminRedirect(SiteURL.admin(.articles).path(query: ["notice": ArticleNotice.deleted.rawValue]))
    }
}
