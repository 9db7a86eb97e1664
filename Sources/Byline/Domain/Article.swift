import Foundation

/// A story, modelled on the Washington Post's ANS schema. Loaded whole for its own page;
/// listings use `ArticleSummary`.
public struct Article: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        case draft, published
    }

    public var id: Int64
    /// An identifier from the system the story came from (a wire feed's ID), used to
    /// make imports idempotent across slug changes.
    public var externalID: String?
    public var slug: String
    public var headline: String
    public var dek: String?
    public var authors: [Author]
    public var dateline: String?
    public var credit: Credit
    public var section: Section
    public var tags: [Tag]
    public var leadImage: LeadImage?
    public var bodyMarkdown: String
    public var status: Status
    /// First publication; nil while a draft has never been published.
    public var publishedAt: Date?
    public var updatedAt: Date
    /// The date shown to readers when it differs from first publication.
    public var displayDate: Date?
    public var corrections: [Correction]
    public var comments: CommentSettings
    /// BCP 47, when the story is in another language than the site (a wire story in German on
    /// an English site); nil for the site's own.
    public var language: String?
    /// The original, for a translation (whether or not the original is published).
    public var translationOf: ArticleReference?
    /// The story's other published versions, the original first: filled in when the article
    /// is loaded for its page.
    public var translations: [ArticleTranslation] = []

    public init(
        id: Int64, externalID: String? = nil, slug: String, headline: String, dek: String? = nil,
        authors: [Author], dateline: String? = nil, credit: Credit = .staff, section: Section, tags: [Tag] = [],
        leadImage: LeadImage? = nil, bodyMarkdown: String, status: Status, publishedAt: Date?, updatedAt: Date,
        displayDate: Date? = nil, corrections: [Correction] = [], comments: CommentSettings = .init(), language: String? = nil,
        translationOf: ArticleReference? = nil, translations: [ArticleTranslation] = []
    ) {
        self.id = id
        self.externalID = externalID
        self.slug = slug
        self.headline = headline
        self.dek = dek
        self.authors = authors
        self.dateline = dateline
        self.credit = credit
        self.section = section
        self.tags = tags
        self.leadImage = leadImage
        self.bodyMarkdown = bodyMarkdown
        self.status = status
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.displayDate = displayDate
        self.corrections = corrections
        self.comments = comments
        self.language = language
        self.translationOf = translationOf
        self.translations = translations
    }

    /// The date a reader sees as "published".
    public var shownDate: Date? { displayDate ?? publishedAt }

    /// True when the story changed meaningfully after it first went out; a silent
    /// re-save within a minute of publication doesn't earn an "Updated" line.
    public var wasUpdated: Bool {
        guard let shownDate else { return false }
        return updatedAt.timeIntervalSince(shownDate) >= 60
    }
}

/// Another language's version of a story, as the story's page links to it.
public struct ArticleTranslation: Sendable, Hashable {
    public var id: Int64
    public var slug: String
    public var headline: String
    /// nil: the site's language.
    public var language: String?
    public var isOriginal: Bool
    /// What its address is made of.
    public var sectionSlug: String
    public var publishedAt: Date

    public init(id: Int64, slug: String, headline: String, language: String?, isOriginal: Bool, sectionSlug: String, publishedAt: Date) {
        self.id = id
        self.slug = slug
        self.headline = headline
        self.language = language
        self.isOriginal = isOriginal
        self.sectionSlug = sectionSlug
        self.publishedAt = publishedAt
    }
}

extension ArticleTranslation {
    /// The version's address: every page, feed and API that links to it uses this one.
    func url(_ dates: DateDisplay) -> SiteURL {
        SiteURL.article(slug, section: sectionSlug, publishedAt: publishedAt, dates: dates)
    }
}

/// Another article, by the keys that find it.
public struct ArticleReference: Sendable, Hashable {
    public var id: Int64
    public var slug: String

    public init(id: Int64, slug: String) {
        self.id = id
        self.slug = slug
    }
}
