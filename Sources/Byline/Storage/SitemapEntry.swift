import Foundation

/// A published article as a sitemap lists it.
public struct SitemapEntry: Sendable, Hashable {
    public var slug: String
    public var sectionSlug: String
    public var headline: String
    public var publishedAt: Date
    public var updatedAt: Date
    /// nil: the site's language.
    public var language: String?
    /// The story's other published versions, for the sitemap's hreflang links.
    public var translations: [ArticleTranslation] = []

    public init(slug: String, sectionSlug: String, headline: String, publishedAt: Date, updatedAt: Date) {
        self.slug = slug
        self.sectionSlug = sectionSlug
        self.headline = headline
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
    }
}
