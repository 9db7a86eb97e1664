import Foundation
import Hummingbird

/// The editor page, shown to write and to show what went wrong: after a refused save, a
/// conflict with another editor's save, or a revision or note that could not be applied.
struct ArticleEditorPage: Sendable {
    let newsroom: Newsroom
    let taxonomy: any TaxonomyRepository
    let media: any MediaRepository
    let previews: PreviewLinks
    let body: ArticleBodyRenderer
    let wire: any WireRepository
    let quotes: any QuoteRepository

    func response(
        _ document: ArticleDocument, editable: EditableArticle?, staff: StaffSession, problems: ArticleDocument.Problems = .init(),
        extra: [String: String] = [:], times: EditorTimes? = nil, version: Int? = nil, conflict: EditableArticle? = nil, notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let sections = try await taxonomy.sections()
        let dates = newsroom.pages.dates
        let user = staff.user
        let id = editable?.article.id
        let ownerID = editable?.ownerID ?? user.id
        let editorialStatus = editable?.status ?? .draft
        let library = try await media.items(query: nil, page: PageRequest(number: 1, size: 60))
        let startVersion = version ?? editable?.version ?? 1
        let catalog = newsroom.catalog(for: staff)
        let errors = problems.messages.map { FieldErrorModel(field: $0.key.rawValue, message: catalog.message($0.value)) }.sorted { $0.field < $1.field }
            + extra.sorted { $0.key < $1.key }.map { FieldErrorModel(field: $0.key, message: $0.value) }
        let article = editable?.article
        let agency: WireQueueItem? = if let id { try await wire.item(articleID: id) } else { nil }
        var model = EditorModel(
            admin: try await newsroom.chrome(
                staff, title: id == nil ? catalog.message("New article") : catalog.message("Edit: {headline}", ["headline": article?.headline ?? ""]),
                current: id == nil ? "new" : "articles", notice: notice
            ),
            formAction: id.map { SiteURL.admin(.article(.value($0))).path } ?? SiteURL.admin(.articles).path, id: id,
            version: startVersion, status: editorialStatus.rawValue, statusLabel: catalog.message(editorialStatus.name),
            headline: document.headline, dek: document.dek, slug: document.slug, authors: document.authors.joined(separator: ", "),
            sections: sections.map { OptionModel(value: $0.slug, label: $0.name, selected: $0.slug == document.section) },
            tags: document.tags.joined(separator: ", "), dateline: document.dateline,
            languages: Self.languageChoices(chosen: document.language, site: newsroom.pages.language),
            translationOf: document.translationOf ?? "",
            translations: Self.translations(of: article),
            translateURL: id.map { SiteURL.admin(.newArticle).path(query: ["translation_of": $0]) },
            credits: Credit.Kind.allCases.map { OptionModel(value: $0.rawValue, label: catalog.message($0.name), selected: $0 == document.creditKind) },
            creditSource: document.creditSource,
            leadImage: document.leadImage.map {
                .init(src: $0.src, width: $0.width, height: $0.height, alt: $0.alt, caption: $0.caption ?? "", credit: $0.credit ?? "")
            },
            mediaChoices: [OptionModel(value: "", label: "— \(catalog.message("keep the current image")) —", selected: true)]
                + library.items.map { OptionModel(value: String($0.id), label: Self.mediaLabel($0), selected: false) },
            body: document.body, previewHTML: body.html(from: document.body), commentsOpen: document.commentsOpen,
            commentsCloseAt: document.commentsCloseAt.map(dates.localInput) ?? "",
            displayDate: document.displayDate.map(dates.localInput) ?? "",
            scheduledAt: editable?.scheduledAt.map(dates.localInput) ?? "", timeZone: dates.timeZone.identifier,
            errors: errors, fieldErrors: EditorFieldErrors(problems, extra: extra, catalog),
            conflict: conflict.map {
                .init(
                    by: $0.lastSavedBy ?? catalog.message("someone"), at: newsroom.dateTime($0.lastSavedAt),
                    compareURL: SiteURL.admin(.compare(.value($0.article.id))).path(query: ["from": startVersion, "to": $0.version]), currentVersion: $0.version
                )
            },
            canPublish: user.may(.publishArticle(ownerID: ownerID)),
            canDelete: id != nil && user.may(.deleteArticle(ownerID: ownerID, status: editorialStatus)), canUpload: user.may(.uploadMedia),
            previewURL: id.map { previews.url(articleID: $0) }, publicURL: editorialStatus == .published ? article.map(publicURL) : nil,
            revisionsURL: id.map { SiteURL.admin(.revisions(.value($0))).path }, deleteURL: id.map { SiteURL.admin(.deleteArticle(.value($0))).path },
            correctionsURL: editorialStatus == .published && user.may(.publishArticle(ownerID: ownerID)) ? id.map { SiteURL.admin(.corrections(.value($0))).path } : nil,
            corrections: (article?.corrections ?? []).map { .init(label: catalog.message($0.kind.name), text: $0.text, date: newsroom.dateTime($0.date)) },
            correctionKinds: Correction.Kind.allCases.map { OptionModel(value: $0.rawValue, label: catalog.message($0.name), selected: $0 == .correction) },
            authorSuggestions: try await taxonomy.authors().map(\.name),
            tagSuggestions: try await taxonomy.tags().map(\.tag.name),
            lastSaved: editable.flatMap { e in
                e.lastSavedBy.map { catalog.message("Last saved by {name}, {date}", ["name": $0, "date": newsroom.dateTime(e.lastSavedAt)]) }
            }
        )
        // A time that could not be read is shown as it was typed, beside what is wrong with it.
        if let times {
            model.scheduledAt = times.typed["scheduled_at"] ?? model.scheduledAt
            model.displayDate = times.typed["display_date"] ?? model.displayDate
            model.commentsCloseAt = times.typed["comments_close_at"] ?? model.commentsCloseAt
            model.repeatedTimes = .init(byField: times.repeated)
        }
        model.wire = agency.map { item in
            .init(
                source: item.source, version: item.agencyVersion.map(String.init) ?? "–", note: item.editorialNote, url: SiteURL.admin(.wireItem(.value(item.id))).path,
                heldVersion: item.state == .held ? item.pendingVersion : nil, embargo: item.embargoedUntil.map(newsroom.dateTime), killed: item.state == .killed)
        }
        if let id, user.may(.publishArticle(ownerID: ownerID)) {
            let found = try await quotes.quotes(articleID: id)
            model.quotes = EditorModel.QuotesPanel(
                action: SiteURL.admin(.quotes(.value(id))).path, rows: found.enumerated().map { EditorModel.QuoteRow($1, number: $0 + 1) },
                peopleSuggestions: Array(Set(found.compactMap { $0.speaker?.name })).sorted())
        }
        return newsroom.views.page(model, .editor, status: status)
    }

    /// The languages a newsroom most often publishes in, each in its own name, with the chosen
    /// one added when it is another.
    static func languageChoices(chosen: String?, site: String) -> [OptionModel] {
        let chosen = chosen.flatMap(LanguageTag.normalized) ?? site
        var tags = ["ar", "de", "en", "es", "fa", "fr", "he", "hi", "it", "ja", "ko", "nl", "pl", "pt", "ru", "sv", "tr", "uk", "ur", "zh"]
        for tag in [site, chosen] where !tags.contains(where: { $0.caseInsensitiveCompare(tag) == .orderedSame }) { tags.append(tag) }
        return tags.map { tag in
            OptionModel(value: tag, label: "\(LanguageTag.nativeName(of: tag)) (\(tag))", selected: tag.caseInsensitiveCompare(chosen) == .orderedSame)
        }.sorted { $0.label.localizedStandardCompare($1.label) == .orderedAscending }
    }

    static func translations(of article: Article?) -> [EditorModel.TranslationRow] {
        guard let article else { return [] }
        var rows = article.translations.map {
            EditorModel.TranslationRow(
                language: $0.language.map(LanguageTag.nativeName) ?? "", headline: $0.headline,
                editURL: SiteURL.admin(.article(.value($0.id))).path, isOriginal: $0.isOriginal)
        }
        // An unpublished original is not among the versions readers see, but the desk still works on it.
        if let original = article.translationOf, !article.translations.contains(where: { $0.id == original.id }) {
            rows.insert(.init(language: "", headline: original.slug, editURL: SiteURL.admin(.article(.value(original.id))).path, isOriginal: true), at: 0)
        }
        return rows
    }

    static func mediaLabel(_ item: MediaItem) -> String {
        let name = item.caption.isEmpty ? (item.alt.isEmpty ? item.originalName : item.alt) : item.caption
        return "\(name.prefix(80)) (\(item.width)×\(item.height))"
    }

    private func publicURL(_ article: Article) -> String {
        SiteURL.article(article.slug, section: article.section.slug, publishedAt: article.publishedAt ?? article.updatedAt, dates: newsroom.pages.dates).path
    }
}
