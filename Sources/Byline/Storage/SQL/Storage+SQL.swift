import Foundation
import ServiceLifecycle

extension Storage {
    /// The repositories, written once, over one backend's database.
    init(
        sql unmeasured: any SQLDatabase, health: any DatabaseHealth, changes: ChangeBroadcaster, background: [any Service], isNew: Bool
    ) {
        let database = MeasuredDatabase(base: unmeasured)
        self.init(
            articles: ArticleSQLRepository(database: database), taxonomy: TaxonomySQLRepository(database: database),
            comments: CommentSQLRepository(database: database), secrets: SiteSecretSQLRepository(database: database),
            users: UserSQLRepository(database: database), sessions: SessionSQLRepository(database: database),
            editorial: EditorialSQLRepository(database: database), media: MediaSQLRepository(database: database),
            settings: SiteSettingsSQLRepository(database: database), search: SearchSQLRepository(database: database),
            apiTokens: APITokenSQLRepository(database: database), webhooks: WebhookSQLRepository(database: database),
            mediaBlobs: DatabaseMediaStore(database: database), health: health, changes: changes, background: background,
            jobs: JobClaimSQLRepository(database: database), imports: ImportSQLRepository(database: database),
            standingPages: PageSQLRepository(database: database), importJobs: ImportJobSQLRepository(database: database),
            wire: WireSQLRepository(database: database), quotes: QuoteSQLRepository(database: database), isNew: isNew
        )
    }
}
