import Hummingbird

extension SiteURL {
    /// The newsroom's pages, under `/admin`. Its routes are registered on the `/admin` group,
    /// so each page also knows its path inside it.
    enum Admin: Sendable, Hashable {
        case dashboard
        case login
        case logout
        case assets
        case articles
        case newArticle
        case article(Parameter<Int64>)
        case deleteArticle(Parameter<Int64>)
        case revisions(Parameter<Int64>)
        case compare(Parameter<Int64>)
        case restore(Parameter<Int64>, version: Parameter<Int>)
        case corrections(Parameter<Int64>)
        case quotes(Parameter<Int64>)
        case bodyPreview
        case media
        case mediaItem(Parameter<Int64>)
        case deleteMedia(Parameter<Int64>)
        case comments
        case editComment(Parameter<Int64>)
        case replyToComment(Parameter<Int64>)
        case banCommenter(Parameter<Int64>)
        case sections
        case section(Parameter<Int64>)
        case tags
        case tag(Parameter<Int64>)
        case mergeTag(Parameter<Int64>)
        case pages
        case newPage
        case page(Parameter<Int64>)
        case imports
        case importJob(Parameter<Int64>)
        case confirmImport(Parameter<Int64>)
        case wire
        case wireItem(Parameter<Int64>)
        case applyWire(Parameter<Int64>)
        case keepWire(Parameter<Int64>)
        case users
        /// The signed-in member's own settings: their newsroom language.
        case account
        case userRole(Parameter<Int64>)
        case settings
        case webhooks
        case deleteWebhook(Parameter<Int64>)
        case people
        case person(Parameter<String>)
        case personAliases(Parameter<String>)
        case mergePerson(Parameter<String>)

        /// The group every newsroom route is registered in.
        static let prefix = "admin"

        /// The path inside `/admin`, as the group registers it.
        var pathInGroup: String {
            switch self {
            case .dashboard: ""
            case .login: "login"
            case .logout: "logout"
            case .assets: "assets"
            case .articles: "articles"
            case .newArticle: "articles/new"
            case .article(let id): "articles/" + id.segment("id")
            case .deleteArticle(let id): "articles/\(id.segment("id"))/delete"
            case .revisions(let id): "articles/\(id.segment("id"))/revisions"
            case .compare(let id): "articles/\(id.segment("id"))/compare"
            case .restore(let id, let version): "articles/\(id.segment("id"))/revisions/\(version.segment("version"))/restore"
            case .corrections(let id): "articles/\(id.segment("id"))/corrections"
            case .quotes(let id): "articles/\(id.segment("id"))/quotes"
            case .bodyPreview: "preview"
            case .media: "media"
            case .mediaItem(let id): "media/" + id.segment("id")
            case .deleteMedia(let id): "media/\(id.segment("id"))/delete"
            case .comments: "comments"
            case .editComment(let id): "comments/\(id.segment("id"))/edit"
            case .replyToComment(let id): "comments/\(id.segment("id"))/reply"
            case .banCommenter(let id): "comments/\(id.segment("id"))/ban"
            case .sections: "sections"
            case .section(let id): "sections/" + id.segment("id")
            case .tags: "tags"
            case .tag(let id): "tags/" + id.segment("id")
            case .mergeTag(let id): "tags/\(id.segment("id"))/merge"
            case .pages: "pages"
            case .newPage: "pages/new"
            case .page(let id): "pages/" + id.segment("id")
            case .imports: "import"
            case .importJob(let id): "import/" + id.segment("id")
            case .confirmImport(let id): "import/\(id.segment("id"))/confirm"
            case .wire: "wire"
            case .wireItem(let id): "wire/" + id.segment("id")
            case .applyWire(let id): "wire/\(id.segment("id"))/apply"
            case .keepWire(let id): "wire/\(id.segment("id"))/keep"
            case .users: "users"
            case .account: "account"
            case .userRole(let id): "users/\(id.segment("id"))/role"
            case .settings: "settings"
            case .webhooks: "webhooks"
            case .deleteWebhook(let id): "webhooks/\(id.segment("id"))/delete"
            case .people: "people"
            case .person(let slug): "people/" + slug.segment("slug")
            case .personAliases(let slug): "people/\(slug.segment("slug"))/aliases"
            case .mergePerson(let slug): "people/\(slug.segment("slug"))/merge"
            }
        }

        var path: String { "/" + Self.prefix + (pathInGroup.isEmpty ? "" : "/" + pathInGroup) }

        /// The pattern a route is registered with inside the `/admin` group.
        var route: RouterPath { RouterPath(pathInGroup) }

        func path(query: KeyValuePairs<String, (any CustomStringConvertible)?>) -> String { SiteURL.adding(query, to: path) }
    }
}
