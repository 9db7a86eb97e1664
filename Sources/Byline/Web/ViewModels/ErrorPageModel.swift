/// The 404 and 500 pages: a plain message, never the underlying error.
struct ErrorPageModel: TemplateModel {
    var site: SiteChrome
    var page: PageMeta
    var status: Int
    var heading: String
    var message: String

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "site": .value(site)
        case "page": .value(page)
        case "status": .value(status)
        case "heading": .value(heading)
        case "message": .value(message)
        default: .unknown
        }
    }
}
