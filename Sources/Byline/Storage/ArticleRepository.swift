import Foundation
import ServiceLifecycle

/// Which published articles a listing shows.
public enum ArticleListing: Sendable, Hashable {
    case all
    case section(id: Int64)
    case tag(id: Int64)
    case author(id: Int64)
}

/// Stores articles with their authors, tags and corrections.
///
/// Implementations promise that `save` is atomic: a batch is stored whole or not at all.
/// They do not promise any ordering of `unchanged` saves relative to concurrent writers.
public protocol ArticleRepository: Sendable {
    /// A published article by its current slug; drafts are invisible here by design.
    func publishedArticle(slug: String) async throws -> Article?
    /// A published article by its ID.
    func publishedArticle(id: Int64) async throws -> Article?
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

/// A position in the newest-first order of published articles: the date readers see, then the ID.
public struct ListingCursor: Sendable, Hashable {
    public var date: Date
    public var id: Int64

    public init(date: Date, id: Int64) {
        self.date = date
        self.id = id
    }

    public init(after summary: ArticleSummary) { self.init(date: summary.shownDate, id: summary.id) }

    /// An opaque token for clients: `microseconds.id`, base64url.
    public var token: String {
        Signer.base64URL(Data("\(Int64((date.timeIntervalSince1970 * 1_000_000).rounded())).\(id)".utf8))
    }

    public init?(token: String) {
        guard token.count <= 100, let data = Signer.data(base64URL: token), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = Int64(parts[1]), id > 0 else { return nil }
        self.init(date: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
    }
}

/// A published article as a sitemap lists it.
public struct SitemapEntry: Sendable, Hashable {
    public var slug: String
    public var sectionSlug: String
    public var headline: String
    public var publishedAt: Date
    public var updatedAt: Date

    public init(slug: String, sectionSlug: String, headline: String, publishedAt: Date, updatedAt: Date) {
        self.slug = slug
        self.sectionSlug = sectionSlug
        self.headline = headline
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
    }
}

/// Sections, tags and authors: the names articles are filed under.
public protocol TaxonomyRepository: Sendable {
    func sections() async throws -> [Section]
    func section(slug: String) async throws -> Section?
    func tag(slug: String) async throws -> Tag?
    func author(slug: String) async throws -> Author?
    /// Every byline, by name.
    func authors() async throws -> [Author]
    /// Every tag with how many articles carry it, by name.
    func tags() async throws -> [TagUsage]
    /// Throws `StorageError.slugTaken` when the slug is used.
    func createSection(slug: String, name: String, description: String) async throws -> Section
    /// Renames a section; its old slug keeps redirecting. Returns false when there is no such section.
    func updateSection(id: Int64, slug: String, name: String, description: String) async throws -> Bool
    /// Renames a tag; its old slug keeps redirecting. Returns false when there is no such tag.
    func renameTag(id: Int64, slug: String, name: String) async throws -> Bool
    /// Moves every article of one tag to another and removes the first; its URL redirects to the second.
    func mergeTag(id: Int64, into targetID: Int64) async throws -> Bool
    /// The current slug of a renamed section or tag.
    func currentSectionSlug(forRetiredSlug slug: String) async throws -> String?
    func currentTagSlug(forRetiredSlug slug: String) async throws -> String?
}

/// A tag and how many articles carry it.
public struct TagUsage: Sendable, Hashable {
    public var tag: Tag
    public var articleCount: Int

    public init(tag: Tag, articleCount: Int) {
        self.tag = tag
        self.articleCount = articleCount
    }
}

/// Failures a person can act on; anything else from a backend is a bug.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    /// Another article already uses this slug.
    case slugTaken(String)
    /// A value broke a rule the schema enforces (the message names it).
    case constraintViolated(String)
    /// The database cannot be reached right now; the request may succeed later.
    case unavailable

    public var description: String {
        switch self {
        case .slugTaken(let slug): "the slug \"\(slug)\" is already used by another article"
        case .constraintViolated(let detail): "the database refused the change: \(detail)"
        case .unavailable: "the database is unavailable"
        }
    }
}

/// Whether this node can reach its database, for `/readyz`.
public protocol DatabaseHealth: Sendable {
    /// Throws when a trivial query cannot be answered now.
    func checkReady() async throws
}

/// The repositories one backend provides, handed to the web layer and the CLI.
public struct Storage: Sendable {
    public var articles: any ArticleRepository
    public var taxonomy: any TaxonomyRepository
    public var comments: any CommentRepository
    public var secrets: any SiteSecretRepository
    public var users: any UserRepository
    public var sessions: any SessionRepository
    public var editorial: any EditorialRepository
    public var media: any MediaRepository
    public var settings: any SiteSettingsRepository
    public var search: any SearchRepository
    public var apiTokens: any APITokenRepository
    public var webhooks: any WebhookRepository
    /// Image bytes kept in the database itself (PostgreSQL sites use it unless given a folder).
    public var mediaBlobs: any MediaStore
    public var health: any DatabaseHealth
    /// Content changes made by any node (or process) sharing the database.
    public var changes: ChangeBroadcaster
    /// Work that must run while the node serves, such as listening for other nodes' changes.
    public var background: [any Service]
    public var jobs: any JobClaimRepository
    /// Whether the database was created by this start: the demo content goes only into a new site.
    public var isNew: Bool

    public init(
        articles: any ArticleRepository, taxonomy: any TaxonomyRepository, comments: any CommentRepository, secrets: any SiteSecretRepository, users: any UserRepository,
        sessions: any SessionRepository, editorial: any EditorialRepository,
        media: any MediaRepository, settings: any SiteSettingsRepository,
        search: any SearchRepository, apiTokens: any APITokenRepository,
        webhooks: any WebhookRepository, mediaBlobs: any MediaStore, health: any DatabaseHealth,
        changes: ChangeBroadcaster, background: [any Service], jobs: any JobClaimRepository, isNew: Bool
    ) {
        self.articles = articles
        self.taxonomy = taxonomy
        self.comments = comments
        self.secrets = secrets
        self.users = users
        self.sessions = sessions
        self.editorial = editorial
        self.media = media
        self.settings = settings
        self.search = search
        self.apiTokens = apiTokens
        self.webhooks = webhooks
        self.mediaBlobs = mediaBlobs
        self.health = health
        self.changes = changes
        self.background = background
        self.jobs = jobs
        self.isNew = isNew
    }
}
