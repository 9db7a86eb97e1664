import Foundation
import ServiceLifecycle

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
    public var imports: any ImportRepository
    public var standingPages: any PageRepository
    public var importJobs: any ImportJobRepository
    public var wire: any WireRepository
    public var quotes: any QuoteRepository
    /// Whether the database was created by this start: the demo content goes only into a new site.
    public var isNew: Bool

    public init(
        articles: any ArticleRepository, taxonomy: any TaxonomyRepository, comments: any CommentRepository, secrets: any SiteSecretRepository, users: any UserRepository,
        sessions: any SessionRepository, editorial: any EditorialRepository,
        media: any MediaRepository, settings: any SiteSettingsRepository,
        search: any SearchRepository, apiTokens: any APITokenRepository,
        webhooks: any WebhookRepository, mediaBlobs: any MediaStore, health: any DatabaseHealth,
        changes: ChangeBroadcaster, background: [any Service], jobs: any JobClaimRepository, imports: any ImportRepository, standingPages: any PageRepository, importJobs: any ImportJobRepository, wire: any WireRepository, quotes: any QuoteRepository, isNew: Bool
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
        self.imports = imports
        self.standingPages = standingPages
        self.importJobs = importJobs
        self.wire = wire
        self.quotes = quotes
        self.isNew = isNew
    }
}
