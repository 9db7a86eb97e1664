/// The 404 and 500 pages: a plain message, never the underlying error.
struct ErrorPageModel: Sendable {
    var site: SiteChrome
    var page: PageMeta
    var status: Int
    var heading: String
    var message: String
}
