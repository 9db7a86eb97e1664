import Foundation

/// The fields a listing (front, section, tag and author pages) needs.
public struct ArticleSummary: Sendable, Hashable {
    public var id: Int64
    public var slug: String
    public var headline: String
    public var dek: String?
    public var section: Section
    public var authors: [Author]
    public var leadImage: LeadImage?
    public var publishedAt: Date
    public var displayDate: Date?
    public var updatedAt: Date
    /// nil: the site's language.
    public var language: String?

    public init(
        id: Int64, slug: String, headline: String, dek: String?, section: Section, authors: [Author],
        leadImage: LeadImage?, publishedAt: Date, displayDate: Date?, updatedAt: Date, language: String? = nil
    ) {
        self.id = id
        self.slug = slug
        self.headline = headline
        self.dek = dek
        self.section = section
        self.authors = authors
        self.leadImage = leadImage
        self.publishedAt = publishedAt
        self.displayDate = displayDate
        self.updatedAt = updatedAt
        self.language = language
    }

    public var shownDate: Date { displayDate ?? publishedAt }
}
