import Foundation

/// Everything needed to create or update an article, with related records named by slug
/// so that a repository can find or create them in the same transaction.
public struct ArticleInput: Sendable, Hashable {
    public struct SectionRef: Sendable, Hashable {
        public var slug: String
        public var name: String
        public init(slug: String, name: String) {
            self.slug = slug
            self.name = name
        }
    }

    public struct AuthorRef: Sendable, Hashable {
        public var slug: String
        public var name: String
        /// nil leaves an existing author's bio alone.
        public var bio: String?
        public init(slug: String, name: String, bio: String? = nil) {
            self.slug = slug
            self.name = name
            self.bio = bio
        }
    }

    public struct TagRef: Sendable, Hashable {
        public var slug: String
        public var name: String
        public init(slug: String, name: String) {
            self.slug = slug
            self.name = name
        }
    }

    public var externalID: String?
    public var slug: String
    public var headline: String
    public var dek: String?
    public var authors: [AuthorRef]
    public var dateline: String?
    public var credit: Credit
    public var section: SectionRef
    public var tags: [TagRef]
    public var leadImage: LeadImage?
    public var bodyMarkdown: String
    public var status: Article.Status
    /// nil means "now" for a first publication, and "unchanged" afterwards.
    public var publishedAt: Date?
    /// nil means "now" when anything changed.
    public var updatedAt: Date?
    public var displayDate: Date?
    public var corrections: [Correction]
    public var comments: CommentSettings
    /// BCP 47 (`LanguageTag.normalized`); nil for a story saved without one, which is in the
    /// site's language.
    public var language: String?
    /// The slug of the story this one translates; nil for an original.
    public var translationOf: String?

    public init(
        externalID: String? = nil, slug: String, headline: String, dek: String? = nil, authors: [AuthorRef],
        dateline: String? = nil, credit: Credit = .staff, section: SectionRef, tags: [TagRef] = [],
        leadImage: LeadImage? = nil, bodyMarkdown: String, status: Article.Status, publishedAt: Date? = nil,
        updatedAt: Date? = nil, displayDate: Date? = nil, corrections: [Correction] = [],
        comments: CommentSettings = .init(), language: String? = nil, translationOf: String? = nil
    ) {
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
    }
}
