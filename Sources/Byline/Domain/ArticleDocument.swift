import Foundation

/// An article as the newsroom edits it: what the editor's form holds, what a revision keeps,
/// and what two revisions are compared by. Related records are named as people type them
/// (author and tag names, a section's slug), not by database IDs, so that an old revision
/// still means something after a tag was merged or an author removed.
public struct ArticleDocument: Codable, Sendable, Hashable {
    public var headline = ""
    public var dek = ""
    public var slug = ""
    public var authors: [String] = []
    public var section = ""
    public var tags: [String] = []
    public var dateline = ""
    public var creditKind = Credit.Kind.staff
    public var creditSource = ""
    public var leadImage: LeadImage?
    public var body = ""
    public var commentsOpen = true
    public var commentsCloseAt: Date?
    /// The date readers see instead of the first publication, for a story re-dated on purpose.
    public var displayDate: Date?
    public var corrections: [CorrectionDocument] = []
    /// BCP 47 as typed or chosen; nil or empty for the site's language. Optional, like the
    /// next, so that revisions saved before stories had languages still read.
    public var language: String?
    /// The slug of the story this one translates; nil or empty for an original.
    public var translationOf: String?

    public init() {}

    public struct CorrectionDocument: Codable, Sendable, Hashable {
        public var kind: Correction.Kind
        public var text: String
        public var date: Date
    }

    public init(_ article: Article) {
        headline = article.headline
        dek = article.dek ?? ""
        slug = article.slug
        authors = article.authors.map(\.name)
        section = article.section.slug
        tags = article.tags.map(\.name)
        dateline = article.dateline ?? ""
        creditKind = article.credit.kind
        creditSource = article.credit.source ?? ""
        leadImage = article.leadImage
        body = article.bodyMarkdown
        commentsOpen = article.comments.open
        commentsCloseAt = article.comments.closesAt
        displayDate = article.displayDate
        corrections = article.corrections.map { CorrectionDocument(kind: $0.kind, text: $0.text, date: $0.date) }
        language = article.language
        translationOf = article.translationOf?.slug
    }

    /// What a revision records of an article that arrived through the API or an import.
    public init(_ input: ArticleInput) {
        headline = input.headline
        dek = input.dek ?? ""
        slug = input.slug
        authors = input.authors.map(\.name)
        section = input.section.slug
        tags = input.tags.map(\.name)
        dateline = input.dateline ?? ""
        creditKind = input.credit.kind
        creditSource = input.credit.source ?? ""
        leadImage = input.leadImage
        body = input.bodyMarkdown
        commentsOpen = input.comments.open
        commentsCloseAt = input.comments.closesAt
        displayDate = input.displayDate
        corrections = input.corrections.map { CorrectionDocument(kind: $0.kind, text: $0.text, date: $0.date) }
        language = input.language
        translationOf = input.translationOf
    }

    /// The fields a person fills in, named as the editor's form names them.
    public enum Field: String, Sendable, CaseIterable {
        case headline, dek, slug, authors, section, tags, dateline, creditSource = "credit_source"
        case leadImage = "lead_image", leadImageAlt = "lead_image_alt", body, commentsCloseAt = "comments_close_at", displayDate = "display_date"
        case language, translationOf = "translation_of"
    }

    /// What is wrong with a document, per field, in words for the person editing it.
    public struct Problems: Error, Sendable, Equatable {
        public var messages: [Field: Message] = [:]
        public var isEmpty: Bool { messages.isEmpty }
        public subscript(field: Field) -> Message? { messages[field] }
    }

    /// What a draft needs before it can be stored at all.
    public func draftProblems(sections: [Section]) -> Problems {
        var problems = Problems()
        let headline = headline.trimmingCharacters(in: .whitespacesAndNewlines)
        if headline.isEmpty { problems.messages[.headline] = Message("Give the article a headline, even a working one.") }
        if headline.count > 300 { problems.messages[.headline] = Message("Keep the headline under 300 characters.") }
        if dek.count > 1000 { problems.messages[.dek] = Message("Keep the standfirst under 1,000 characters.") }
        let slug = effectiveSlug
        if !slug.isEmpty, !Slug.isValid(slug) {
            let example = Slug.make(from: self.slug).isEmpty ? "city-council-vote" : Slug.make(from: self.slug)
            problems.messages[.slug] = Message("Use lowercase letters, digits and single hyphens, such as {example}.", ["example": example])
        } else if slug.isEmpty, problems[.headline] == nil {
            problems.messages[.slug] = Message("Give a slug of Latin letters or digits: the headline has none to make one from.")
        }
        if !sections.contains(where: { $0.slug == section }) { problems.messages[.section] = Message("Choose a section.") }
        if authors.contains(where: { Slug.make(from: $0).isEmpty }) {
            problems.messages[.authors] = Message("Each author needs a name with at least one Latin letter or digit.")
        }
        if tags.contains(where: { Slug.make(from: $0).isEmpty }) {
            problems.messages[.tags] = Message("Each tag needs at least one Latin letter or digit.")
        }
        if creditKind != .staff, creditSource.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.messages[.creditSource] = creditKind == .wires ? Message("Name the agency, such as AFP or Reuters.") : Message("Name the publication the story comes from.")
        }
        if !typedLanguage.isEmpty, LanguageTag.normalized(typedLanguage) == nil {
            problems.messages[.language] = Message("Give a language tag such as fr, de or pt-BR.")
        }
        if !typedOriginal.isEmpty, !Slug.isValid(typedOriginal) {
            problems.messages[.translationOf] = Message("Give the slug of the story this one translates, such as city-council-vote.")
        }
        if let image = leadImage, image.alt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.messages[.leadImageAlt] = Message("Describe the image for readers who cannot see it (alt text).")
        }
        return problems
    }

    /// What publication needs on top of a draft's requirements.
    public func publicationProblems(sections: [Section]) -> Problems {
        var problems = draftProblems(sections: sections)
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.messages[.body] = Message("Write the story before publishing it: the body is empty.") }
        if authors.isEmpty { problems.messages[.authors] = Message("Add at least one author: every published story has a byline.") }
        return problems
    }

    private var typedLanguage: String { (language ?? "").trimmingCharacters(in: .whitespaces) }
    private var typedOriginal: String { (translationOf ?? "").trimmingCharacters(in: .whitespaces) }

    /// The slug to use: the one typed, or one made from the headline.
    public var effectiveSlug: String {
        let typed = slug.trimmingCharacters(in: .whitespaces)
        return typed.isEmpty ? Slug.make(from: headline) : typed
    }

    /// The repository's input for this document. Call only once `draftProblems` is empty.
    public func input(status: Article.Status, sections: [Section], externalID: String?, publishedAt: Date? = nil) -> ArticleInput {
        let section = sections.first { $0.slug == self.section }!
        let trimmed = { (text: String) -> String? in
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        return ArticleInput(
            externalID: externalID, slug: effectiveSlug, headline: headline.trimmingCharacters(in: .whitespacesAndNewlines), dek: trimmed(dek),
            authors: Self.unique(authors).map { .init(slug: Slug.make(from: $0), name: $0) }, dateline: trimmed(dateline),
            credit: Credit(kind: creditKind, source: trimmed(creditSource)) ?? .staff,
            section: .init(slug: section.slug, name: section.name),
            tags: Self.unique(tags).map { .init(slug: Slug.make(from: $0), name: $0) },
            leadImage: leadImage.map {
                LeadImage(src: $0.src, width: $0.width, height: $0.height, alt: $0.alt.trimmingCharacters(in: .whitespacesAndNewlines),
                    caption: $0.caption.flatMap(trimmed), credit: $0.credit.flatMap(trimmed))
            },
            bodyMarkdown: body, status: status, publishedAt: publishedAt, displayDate: displayDate,
            corrections: corrections.map { Correction(kind: $0.kind, text: $0.text, date: $0.date) },
            comments: CommentSettings(open: commentsOpen, closesAt: commentsCloseAt),
            language: LanguageTag.normalized(typedLanguage), translationOf: typedOriginal.isEmpty ? nil : typedOriginal
        )
    }

    /// Names as typed, trimmed, blanks dropped, and each slug only once.
    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty && seen.insert(Slug.make(from: $0)).inserted }
    }

    /// A comma-separated list as typed into one text field.
    public static func list(_ text: String) -> [String] {
        unique(text.split(separator: ",").map(String.init))
    }
}

extension ArticleDocument {
    /// The form a revision is stored in. Keys are sorted so that equal documents are equal text.
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding plain strings, numbers and dates cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(json: String) -> ArticleDocument {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? decoder.decode(ArticleDocument.self, from: Data(json.utf8))) ?? ArticleDocument()
    }
}
