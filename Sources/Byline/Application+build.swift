import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Builds the whole application: storage, theme, controllers and middleware.
///
/// This is the one place that wires Byline together. `byline serve` calls it, and the
/// tests call it too, so what is tested is what runs.
public func buildApplication(
    _ configuration: Configuration, storage: Storage, logger: Logger = Logger(label: "byline"),
    metrics registry: PrometheusCollectorRegistry? = nil, observability: [any Service] = [],
    onServerRunning: @escaping @Sendable () async -> Void = {}
) async throws -> some ApplicationProtocol {
    let translations: Translations
    do {
        translations = try Translations.load(themeDirectory: configuration.themeDirectory, logger: logger)
    } catch {
        throw StartupError(message: "cannot load the message catalogs: \(error)")
    }
    let theme: Theme
    do {
        theme = try Theme.load(defaultDirectory: BundledResources.defaultTheme, overrideDirectory: configuration.themeDirectory, translations: translations)
    } catch {
        throw StartupError(message: "cannot load the theme: \(error)")
    }
    let live = LiveConfiguration(base: configuration)
    do {
        live.apply(try await storage.settings.load())
    } catch {
        throw StartupError(message: "cannot read the site settings from the database: \(error)")
    }
    let language = live.current.languageTag
    if translations.catalogName(for: language) == nil, !language.lowercased().hasPrefix("en") {
        logger.notice("no message catalog for this language: the interface is shown in English", metadata: [
            "language": .string(language), "catalogs": .string(translations.languages.joined(separator: " ")),
        ])
    }
    let navigation = NavigationCache(taxonomy: storage.taxonomy, pages: storage.standingPages)
    storage.changes.observe(navigation)
    let pages = PageRenderer(theme: theme, navigation: navigation, live: live)

    let signer: Signer
    do {
        signer = Signer(secret: try await storage.secrets.secret(named: "signing"))
    } catch {
        throw StartupError(message: "cannot read the site's signing secret from the database: \(error)")
    }
    let articlePage = ArticlePage(
        articles: storage.articles, comments: storage.comments, pages: pages, body: ArticleBodyRenderer(), forms: CommentTokens(signer: signer)
    )
    let media = mediaLibrary(configuration, storage: storage)
    let previews = PreviewLinks(signer: signer)
    let newsroom = Newsroom(
        views: try AdminViews.load(translations: translations), pendingComments: { try await storage.comments.count(status: .pending) },
        heldWire: { try await storage.wire.heldCount() }, pages: pages,
        signIn: SignIn(users: storage.users, sessions: storage.sessions),
        signer: signer, live: live, uploadLimit: configuration.mediaMaxBytes
    )

    let router = Router(context: BylineRequestContext.self)
    // Outside the error pages, so a 404 or 500 carries the headers too.
    // Outermost of the router's middleware, so that a request's span holds all its work; the
    // incoming traceparent header makes it part of the caller's trace.
    if SiteTracing.isOn { router.add(middleware: TracingMiddleware()) }
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorPageMiddleware(pages: pages))
    router.add(middleware: SiteRedirectMiddleware(imports: storage.imports, articles: storage.articles, pages: pages))
    // A FileMiddleware serves only what the ones inside it could not, so the theme that
    // must win is added last.
    for directory in theme.assetDirectories.reversed() {
        router.add(middleware: FileMiddleware(
            directory, urlBasePath: SiteURL.asset().path,
            // Asset names are not fingerprinted, so browsers revalidate hourly instead of forever.
            cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(3600)])]), logger: logger
        ))
    }
    router.add(middleware: FileMiddleware(
        BundledResources.directory + "/Admin/assets", urlBasePath: SiteURL.admin(.assets).path,
        cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(3600)])]), logger: logger
    ))
    // Routes the page cache never shares: health, comment posting, search and the API (cached
    // apart, below), previews, media (immutable, already cached by browsers for a year) and
    // the newsroom.
    router.addRoutes(HealthController(health: storage.health, readinessDeadline: .milliseconds(configuration.readinessTimeoutMilliseconds)).endpoints)
    router.addRoutes(CommentController(
        page: articlePage, poster: CommentPoster(comments: storage.comments, policy: { live.current.comments })
    ).endpoints)
    // Result pages are kept until the next publish, in a cache of their own: a flood of
    // different queries can push out only other queries, never readers' pages.
    let search = RouteCollection(context: BylineRequestContext.self)
    if let cache = separateCache(configuration, storage, name: "search", share: 8) { search.add(middleware: cache) }
    router.addRoutes(search.addRoutes(SearchController(search: storage.search, quotes: storage.quotes, pages: pages).endpoints))
    let gate = APIGate(tokens: APITokenAdministration(tokens: storage.apiTokens), limiter: RateLimiter(), pages: pages)
    // The API's reads are cached like pages, with their own share of the memory: each read is
    // counted against its client's limit first, so only the router may answer them, never the
    // page cache in front of it.
    let api = RouteCollection(context: BylineRequestContext.self).add(middleware: APIReadGate(gate: gate))
    if let cache = separateCache(configuration, storage, name: "api", share: 4) { api.add(middleware: cache) }
    api.addRoutes(ContentAPIController(
        articles: storage.articles, editorial: storage.editorial, taxonomy: storage.taxonomy, search: storage.search, gate: gate
    ).endpoints)
    api.addRoutes(QuotesAPIController(quotes: storage.quotes, articles: storage.articles, gate: gate).endpoints)
    router.addRoutes(api)
    router.addRoutes(WireAPIController(gate: gate, wire: WireIngest(storage: storage)).endpoints)
    router.addRoutes(PreviewController(page: articlePage, editorial: storage.editorial, links: previews).endpoints)
    router.addRoutes(MediaFileController(library: media).endpoints)

    let admin = router.group(RouterPath(SiteURL.Admin.prefix))
        .add(middleware: AdminSessionMiddleware(newsroom: newsroom))
        .add(middleware: AdminErrorMiddleware(newsroom: newsroom))
    SignInController(newsroom: newsroom, trustedProxies: configuration.comments.trustedProxies).add(to: admin)
    let body = ArticleBodyRenderer()
    let editorPage = ArticleEditorPage(newsroom: newsroom, taxonomy: storage.taxonomy, media: storage.media, previews: previews, body: body, wire: storage.wire, quotes: storage.quotes)
    ArticleListController(newsroom: newsroom, editorial: storage.editorial, taxonomy: storage.taxonomy, comments: storage.comments).add(to: admin)
    ArticleEditorController(newsroom: newsroom, editorial: storage.editorial, taxonomy: storage.taxonomy, library: media, page: editorPage).add(to: admin)
    ArticleRevisionsController(newsroom: newsroom, editorial: storage.editorial, taxonomy: storage.taxonomy, page: editorPage).add(to: admin)
    ArticleCorrectionsController(newsroom: newsroom, editorial: storage.editorial, taxonomy: storage.taxonomy, page: editorPage).add(to: admin)
    ArticleQuotesController(newsroom: newsroom, editorial: storage.editorial, quotes: storage.quotes, page: editorPage).add(to: admin)
    PeopleAdminController(newsroom: newsroom, quotes: storage.quotes).add(to: admin)
    BodyPreviewController(newsroom: newsroom, body: body).add(to: admin)
    MediaController(newsroom: newsroom, library: media).add(to: admin)
    ModerationController(
        newsroom: newsroom, moderation: CommentModeration(storage: storage), comments: storage.comments, maxDepth: { live.current.comments.maxDepth }
    ).add(to: admin)
    TaxonomyController(newsroom: newsroom, taxonomy: storage.taxonomy).add(to: admin)
    PagesController(newsroom: newsroom, pages: storage.standingPages).add(to: admin)
    ImportController(newsroom: newsroom, jobs: storage.importJobs).add(to: admin)
    WireController(newsroom: newsroom, wire: storage.wire, editorial: storage.editorial, taxonomy: storage.taxonomy).add(to: admin)
    UsersController(
        newsroom: newsroom, administration: UserAdministration(users: storage.users, sessions: storage.sessions, policy: try PasswordPolicy.bundled())
    ).add(to: admin)
    SettingsController(newsroom: newsroom, settings: storage.settings).add(to: admin)
    AccountController(newsroom: newsroom, users: storage.users).add(to: admin)
    WebhooksController(newsroom: newsroom, administration: WebhookAdministration(webhooks: storage.webhooks, targets: configuration.webhookTargets)).add(to: admin)

    // Public pages and feeds, the same for every reader: served from the page cache, which
    // applies only to the routes added after it.
    var accessLogger = logger
    accessLogger[metadataKey: "log"] = "access"
    let accessLog = AccessLog(
        logger: configuration.accessLog ? accessLogger : nil, trustedProxies: configuration.comments.trustedProxies,
        countsRequests: registry != nil && configuration.metrics != nil
    )
    let pageCache: PageCache? = configuration.pageCacheBytes > 0 ? PageCache(maxBytes: configuration.pageCacheBytes) : nil
    if let pageCache {
        storage.changes.observe(pageCache)
        router.add(middleware: PageCacheMiddleware(cache: pageCache))
    }
    router.add(middleware: StandingPageMiddleware(view: StandingPageView(pages: storage.standingPages, renderer: pages)))
    router.addRoutes(ArticleController(page: articlePage).endpoints)
    router.addRoutes(FeedController(articles: storage.articles, taxonomy: storage.taxonomy, comments: storage.comments, pages: pages).endpoints)
    router.addRoutes(SitemapController(articles: storage.articles, taxonomy: storage.taxonomy, standingPages: storage.standingPages, pages: pages).endpoints)
    router.addRoutes(PeopleController(quotes: storage.quotes, pages: pages, pageSize: 12).endpoints)
    // Listings last: `/:section` would otherwise claim `/admin`'s neighbours.
    router.addRoutes(ListingController(articles: storage.articles, taxonomy: storage.taxonomy, pages: pages, pageSize: 12).endpoints)

    return Application(
        responder: AccessLogResponder(base: HeadRequestResponder(base: PageCacheResponder(base: router.buildResponder(), cache: pageCache)), log: accessLog),
        // Hits are answered by the first of these that can: the channel pipeline, then the
        // responder in front of the router (while a pipelined request ahead is still pending).
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: pageCache.map { [PageCacheChannelHandler(cache: $0, serverName: "Byline", log: accessLog)] } ?? [],
                // Browsers send a few dozen headers in a few KB; far more is abuse, refused
                // before it costs memory.
                httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 100)
            ),
            limits: configuration.connections, logger: logger
        ),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Byline",
            availableConnectionsDelegate: ConnectionCap(maximum: configuration.connections.maximumConnections, logger: logger)
        ),
        services: storage.background + [
            SettingsReloadService(changes: storage.changes, settings: storage.settings, live: live, logger: logger),
            WebhookDispatcher(webhooks: storage.webhooks, logger: logger, targets: configuration.webhookTargets),
            ImportJobRunner(jobs: storage.importJobs, storage: storage, live: live, logger: logger),
        ] + observability + metricsServices(configuration, registry, logger) + (configuration.wireInbox.map { [WireInbox(folder: URL(fileURLWithPath: $0, isDirectory: true), wire: WireIngest(storage: storage), logger: logger)] } ?? []) + [
            JobScheduler(
                claims: storage.jobs,
                jobs: JobScheduler.standardJobs(storage: storage, comments: { live.current.comments })
                    + (configuration.backupSchedule.map { [BackupSchedule(settings: $0, site: SiteBackup.Site(configuration), logger: logger).job] } ?? []),
                logger: logger
            ),
        ],
        onServerRunning: { _ in await onServerRunning() },
        logger: logger
    )
}

/// The metrics listener, when the configuration asks for one and the process bootstrapped a
/// registry for it.
private func metricsServices(_ configuration: Configuration, _ registry: PrometheusCollectorRegistry?, _ logger: Logger) -> [any Service] {
    guard let settings = configuration.metrics, let registry else { return [] }
    return [MetricsServer.application(registry: registry, settings: settings, logger: logger)]
}

/// A page cache of its own for routes whose answers vary without end (search queries, API
/// cursors), given a share of the page cache's memory; none when the page cache is off.
private func separateCache(_ configuration: Configuration, _ storage: Storage, name: String, share: Int) -> PageCacheMiddleware<BylineRequestContext>? {
    guard configuration.pageCacheBytes > 0 else { return nil }
    let cache = PageCache(maxBytes: max(1 << 20, configuration.pageCacheBytes / share), name: name)
    storage.changes.observe(cache)
    return PageCacheMiddleware(cache: cache)
}

/// The media library over the store the configuration names: a folder, or the database.
func mediaLibrary(_ configuration: Configuration, storage: Storage) -> MediaLibrary {
    let store: any MediaStore = switch configuration.mediaStore {
    case .directory(let directory): DirectoryMediaStore(directory: directory)
    case .database: storage.mediaBlobs
    }
    return MediaLibrary(media: storage.media, store: store, maxBytes: configuration.mediaMaxBytes)
}

/// Opens the database a configuration names, creating and migrating it when needed, and
/// seeds the demo newsroom into a brand-new site unless told not to.

public func openStorage(_ configuration: Configuration, now: Date = Date(), logger: Logger = Logger(label: "byline")) async throws -> Storage {
    let changes = ChangeBroadcaster()
    let storage: Storage
    switch configuration.database {
    case .sqlite(let path):
        do {
            let (database, isNew) = try SQLiteDatabase.open(path: path)
            storage = database.storage(isNew: isNew, changes: changes)
        } catch {
            throw StartupError(message: "cannot open the SQLite database at \(path): \(error)")
        }
    case .postgres(let settings):
        let (database, isNew) = try await PostgresDatabase.open(settings, logger: logger)
        storage = database.storage(isNew: isNew, changes: changes)
    }
    do {
        // A database from before search existed gets its articles indexed once, a batch at a time.
        while try await storage.search.indexMissing(limit: 500) > 0 {}
    } catch {
        throw StartupError(message: "cannot index articles for search: \(error)")
    }
    if storage.isNew, configuration.seedsDemoContent {
        try await DemoContent.seed(into: storage, now: now)
    }
    return storage
}

/// A reason Byline cannot start, in one line for the operator.
public struct StartupError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}
