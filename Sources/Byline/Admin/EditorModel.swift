import Foundation

/// An `<option>` or a radio button.
struct OptionModel: TemplateModel {
    var value: String
    var label: String
    var selected: Bool

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "value": .value(value)
        case "label": .value(label)
        case "selected": .value(selected)
        default: .unknown
        }
    }
}

/// A field's message, for `aria-describedby` and the summary at the top of the form.
struct FieldErrorModel: TemplateModel {
    var field: String
    var message: String

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "field": .value(field)
        case "message": .value(message)
        default: .unknown
        }
    }
}

/// The editor page: the document being edited, what the person may do with it, and what
/// went wrong the last time they sent it.
struct EditorModel: AdminPageModel {
    struct ImageModel: TemplateModel {
        var src: String
        var width: Int
        var height: Int
        var alt: String
        var caption: String
        var credit: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "src": .value(src)
            case "width": .value(width)
            case "height": .value(height)
            case "alt": .value(alt)
            case "caption": .value(caption)
            case "credit": .value(credit)
            default: .unknown
            }
        }
    }

    struct ConflictModel: TemplateModel {
        var by: String
        var at: String
        var compareURL: String
        var currentVersion: Int

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "by": .value(by)
            case "at": .value(at)
            case "compareURL": .value(compareURL)
            case "currentVersion": .value(currentVersion)
            default: .unknown
            }
        }
    }

    struct CorrectionRow: TemplateModel {
        var label: String
        var text: String
        var date: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "label": .value(label)
            case "text": .value(text)
            case "date": .value(date)
            default: .unknown
            }
        }
    }

    var admin: AdminChrome
    var formAction: String
    var id: Int64?
    var version: Int
    var status: String
    var statusLabel: String

    var headline: String
    var dek: String
    var slug: String
    var authors: String
    var sections: [OptionModel]
    var tags: String
    var dateline: String
    var languages: [OptionModel]
    var translationOf: String
    /// The story's other versions, and where to start another.
    var translations: [TranslationRow]
    var translateURL: String?
    var credits: [OptionModel]
    var creditSource: String
    var leadImage: ImageModel?
    var mediaChoices: [OptionModel]
    var body: String
    var previewHTML: String
    var commentsOpen: Bool
    var commentsCloseAt: String
    var displayDate: String
    var scheduledAt: String
    var timeZone: String

    var errors: [FieldErrorModel]
    var fieldErrors: EditorFieldErrors
    var conflict: ConflictModel?

    var canPublish: Bool
    var canDelete: Bool
    var canUpload: Bool
    var previewURL: String?
    var publicURL: String?
    var revisionsURL: String?
    var deleteURL: String?
    var correctionsURL: String?
    var corrections: [CorrectionRow]
    var correctionKinds: [OptionModel]
    var authorSuggestions: [String]
    var tagSuggestions: [String]
    var lastSaved: String?
    /// Where the story came from when it is agency copy: the agency's note for the newsroom,
    /// and an update of it that waits to be merged.
    var wire: WireNotice?
    /// Who the story quotes, as the quote index read it, for an editor to confirm or correct.
    var quotes: QuotesPanel?
    var repeatedTimes = RepeatedTimes()

    /// A time the clocks pass twice, and its two instants to choose between.
    struct RepeatedTime: TemplateModel {
        var name: String
        var first: String
        var second: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "name": .value(name)
            case "first": .value(first)
            case "second": .value(second)
            default: .unknown
            }
        }
    }

    /// The repeated times of the form's three date fields.
    struct RepeatedTimes: TemplateModel {
        var byField: [String: RepeatedTime] = [:]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "scheduledAt": .value(byField["scheduled_at"])
            case "displayDate": .value(byField["display_date"])
            case "commentsCloseAt": .value(byField["comments_close_at"])
            default: .unknown
            }
        }
    }

    struct TranslationRow: TemplateModel {
        var language: String
        var headline: String
        var editURL: String
        var isOriginal: Bool

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "language": .value(language)
            case "headline": .value(headline)
            case "editURL": .value(editURL)
            case "isOriginal": .value(isOriginal)
            default: .unknown
            }
        }
    }

    struct QuotesPanel: TemplateModel {
        var action: String
        var rows: [QuoteRow]
        var peopleSuggestions: [String]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "action": .value(action)
            case "rows": .value(rows)
            case "isEmpty": .value(rows.isEmpty)
            case "count": .value(rows.count == 1 ? "1 quote" : "\(rows.count) quotes")
            case "peopleSuggestions": .value(peopleSuggestions)
            default: .unknown
            }
        }
    }

    struct QuoteRow: TemplateModel {
        var number: Int
        var fingerprint: String
        var text: String
        var paragraph: Int
        var speaker: String?
        var speakerURL: String?
        var isOrganisation: Bool
        /// What the extractor read, when an editor credited someone else.
        var found: String?
        var cue: String?
        var unnamedSource: String?
        var confirmed: Bool
        var hidden: Bool
        var scare: Bool

        init(_ quote: StoredQuote, number: Int) {
            self.number = number
            fingerprint = quote.fingerprint
            text = quote.text
            paragraph = quote.paragraph + 1
            speaker = quote.speaker?.name
            speakerURL = quote.speaker.map { SiteURL.admin(.person(.value($0.slug))).path }
            isOrganisation = quote.speaker?.kind == .organisation
            found = quote.confirmed && quote.foundSpeaker != quote.speaker?.name ? (quote.foundSpeaker ?? "nobody") : nil
            cue = quote.cue
            unnamedSource = quote.unnamedSource
            confirmed = quote.confirmed
            hidden = quote.hidden
            scare = quote.isScareQuote
        }

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "number": .value(number)
            case "fingerprint": .value(fingerprint)
            case "text": .value(text)
            case "paragraph": .value(paragraph)
            case "speaker": .value(speaker)
            case "speakerURL": .value(speakerURL)
            case "isOrganisation": .value(isOrganisation)
            case "found": .value(found)
            case "cue": .value(cue)
            case "unnamedSource": .value(unnamedSource)
            case "confirmed": .value(confirmed)
            case "decided": .value(confirmed || hidden)
            case "hidden": .value(hidden)
            case "scare": .value(scare)
            default: .unknown
            }
        }
    }

    struct WireNotice: TemplateModel {
        var source: String
        var version: String
        var note: String?
        var url: String
        var heldVersion: Int?
        var embargo: String?
        var killed: Bool

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "source": .value(source)
            case "version": .value(version)
            case "note": .value(note)
            case "url": .value(url)
            case "heldVersion": .value(heldVersion)
            case "embargo": .value(embargo)
            case "killed": .value(killed)
            default: .unknown
            }
        }
    }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "admin": .value(admin)
        case "isNew": .value(id == nil)
        case "formAction": .value(formAction)
        case "id": .value(id)
        case "version": .value(version)
        case "status": .value(status)
        case "statusLabel": .value(statusLabel)
        case "isPublished": .value(status == EditorialStatus.published.rawValue)
        case "isScheduled": .value(status == EditorialStatus.scheduled.rawValue)
        case "headline": .value(headline)
        case "dek": .value(dek)
        case "slug": .value(slug)
        case "authors": .value(authors)
        case "sections": .value(sections)
        case "tags": .value(tags)
        case "dateline": .value(dateline)
        case "languages": .value(languages)
        case "translationOf": .value(translationOf)
        case "translations": .value(translations)
        case "hasTranslations": .value(!translations.isEmpty)
        case "translateURL": .value(translateURL)
        case "credits": .value(credits)
        case "creditSource": .value(creditSource)
        case "leadImage": .value(leadImage)
        case "mediaChoices": .value(mediaChoices)
        case "body": .value(body)
        case "previewHTML": .value(previewHTML)
        case "commentsOpen": .value(commentsOpen)
        case "commentsCloseAt": .value(commentsCloseAt)
        case "displayDate": .value(displayDate)
        case "scheduledAt": .value(scheduledAt)
        case "timeZone": .value(timeZone)
        case "errors": .value(errors)
        case "hasErrors": .value(!errors.isEmpty)
        case "fieldErrors": .value(fieldErrors)
        case "conflict": .value(conflict)
        case "canPublish": .value(canPublish)
        case "canDelete": .value(canDelete)
        case "canUpload": .value(canUpload)
        case "previewURL": .value(previewURL)
        case "publicURL": .value(publicURL)
        case "revisionsURL": .value(revisionsURL)
        case "deleteURL": .value(deleteURL)
        case "correctionsURL": .value(correctionsURL)
        case "corrections": .value(corrections)
        case "correctionKinds": .value(correctionKinds)
        case "authorSuggestions": .value(authorSuggestions)
        case "tagSuggestions": .value(tagSuggestions)
        case "lastSaved": .value(lastSaved)
        case "wire": .value(wire)
        case "quotes": .value(quotes)
        case "repeatedTimes": .value(repeatedTimes)
        default: .unknown
        }
    }
}

/// One message per field of the editor, or none.
struct EditorFieldErrors: TemplateModel {
    var headline: String?
    var dek: String?
    var slug: String?
    var authors: String?
    var section: String?
    var tags: String?
    var creditSource: String?
    var language: String?
    var translationOf: String?
    var leadImage: String?
    var leadImageAlt: String?
    var body: String?
    var commentsCloseAt: String?
    var displayDate: String?
    var scheduledAt: String?

    init(_ problems: ArticleDocument.Problems, extra: [String: String] = [:], _ catalog: MessageCatalog) {
        func said(_ field: ArticleDocument.Field) -> String? { problems[field].map(catalog.message) }
        headline = said(.headline)
        dek = said(.dek)
        slug = said(.slug)
        authors = said(.authors)
        section = said(.section)
        tags = said(.tags)
        creditSource = said(.creditSource)
        language = said(.language)
        translationOf = said(.translationOf)
        leadImage = said(.leadImage) ?? extra["lead_image"]
        leadImageAlt = said(.leadImageAlt)
        body = said(.body)
        commentsCloseAt = said(.commentsCloseAt) ?? extra["comments_close_at"]
        displayDate = extra["display_date"]
        scheduledAt = extra["scheduled_at"]
    }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "headline": .value(headline)
        case "dek": .value(dek)
        case "slug": .value(slug)
        case "authors": .value(authors)
        case "section": .value(section)
        case "tags": .value(tags)
        case "creditSource": .value(creditSource)
        case "language": .value(language)
        case "translationOf": .value(translationOf)
        case "leadImage": .value(leadImage)
        case "leadImageAlt": .value(leadImageAlt)
        case "body": .value(body)
        case "commentsCloseAt": .value(commentsCloseAt)
        case "displayDate": .value(displayDate)
        case "scheduledAt": .value(scheduledAt)
        default: .unknown
        }
    }
}
