import Foundation

/// Stores articles with their authors, tags and corrections.
///
/// Implementations promise that `save` is atomic: a batch is stored whole or not at all.
/// They do not promise any ordering of `unchanged` saves relative to concurrent writers.
public protocol ArticleRepository: Sendable {
    /// A published article by its current slug; drafts are invisible here by design.
    func publishedArticle(slug: String) async throws -> Article?
    /// A published article by its ID.
    func publishedArticle(id: Int64) async throws -> Article?
    /// A story taken down because its agency killed it: what its address answers instead.
    func withdrawnArticle(slug: String) async throws -> WithdrawnArticle?
    /// The current slug of the published article that once used `oldSlug`.
    func currentSlug(forRetiredSlug oldSlug: String) async throws -> String?
    /// Published articles newest first (by the date readers see).
    func publishedSummaries(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary>
    /// Any article, whatever its status, by slug.
    func article(slug: String) async throws -> Article?
    /// Published articles newest first, after a position in that order: the Content API's
    /// cursor pagination, which stays correct while new stories are published.
    func publishedSummaries(_ listing: ArticleListing, updatedSince: Date?, after cursor: ListingCursor?, limit: Int) async throws -> [ArticleSummary]
    /// Published articles for sitemaps, oldest first so that sitemap pages stay stable.
    func sitemapEntries(offset: Int, limit: Int) async throws -> [SitemapEntry]
    func publishedCount() async throws -> Int
    /// Published articles first published at or after `date`, newest first (Google News).
    func publishedSince(_ date: Date, limit: Int) async throws -> [SitemapEntry]
    /// Other published articles sharing the most tags with this one, then its section, newest first.
    func related(to article: Article, limit: Int) async throws -> [ArticleSummary]
    /// Creates or updates articles in one transaction, matching by external ID, then by slug.
    /// Throws `StorageError` when a constraint refuses the batch.
    func save(_ inputs: [ArticleInput], now: Date) async throws -> [ArticleSaveOutcome]
}

/// What readers are told of a story its agency killed. The agency's own note is for the
/// newsroom and stays there.
public struct WithdrawnArticle: Sendable, Equatable {
    public var headline: String
    public var credit: String?
    public var withdrawnAt: Date
}
