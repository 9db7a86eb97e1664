import Foundation

/// An `<option>` or a radio button.
struct OptionModel: Sendable {
    var value: String
    var label: String
    var selected: Bool
}

/// A field's message, for `aria-describedby` and the summary at the top of the form.
struct FieldErrorModel: Sendable {
    var field: String
    var message: String
}

/// The editor page: the document being edited, what the person may do with it, and what
/// went wrong the last time they sent it.
struct EditorModel: Sendable {
    struct ImageModel: Sendable {
        var src: String
        var width: Int
        var height: Int
        var alt: String
        var caption: String
        var credit: String
    }

    struct ConflictModel: Sendable {
        var by: String
        var at: String
        var compareURL: String
        var currentVersion: Int
    }

    struct CorrectionRow: Sendable {
        var label: String
        var text: String
        var date: String
    }

    var admin: AdminChrome
    var isNew: Bool
    var formAction: String
    var id: Int64?
    var version: Int
    var status: String
    var statusLabel: String
    var isPublished: Bool
    var isScheduled: Bool

    var headline: String
    var dek: String
    var slug: String
    var authors: String
    var sections: [OptionModel]
    var tags: String
    var dateline: String
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
    var hasErrors: Bool
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
}

/// One message per field of the editor, or none.
struct EditorFieldErrors: Sendable {
    var headline: String?
    var dek: String?
    var slug: String?
    var authors: String?
    var section: String?
    var tags: String?
    var creditSource: String?
    var leadImage: String?
    var leadImageAlt: String?
    var body: String?
    var commentsCloseAt: String?
    var displayDate: String?
    var scheduledAt: String?

    init(_ problems: ArticleDocument.Problems, extra: [String: String] = [:]) {
        headline = problems[.headline]
        dek = problems[.dek]
        slug = problems[.slug]
        authors = problems[.authors]
        section = problems[.section]
        tags = problems[.tags]
        creditSource = problems[.creditSource]
        leadImage = problems[.leadImage] ?? extra["lead_image"]
        leadImageAlt = problems[.leadImageAlt]
        body = problems[.body]
        commentsCloseAt = problems[.commentsCloseAt] ?? extra["comments_close_at"]
        displayDate = extra["display_date"]
        scheduledAt = extra["scheduled_at"]
    }
}
