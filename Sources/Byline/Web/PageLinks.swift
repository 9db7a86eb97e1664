/// A page's model with the addresses its layout links to beside it, as `{{links.…}}`, so a
/// template (a site's theme too) takes every path from `SiteURL` instead of spelling it.
struct WithLinks<Model: TemplateModel, Links: TemplateModel>: TemplateModel {
    let model: Model
    let links: Links

    func field(_ mustacheName: String) -> TemplateField {
        mustacheName == "links" ? .value(links) : model.field(mustacheName)
    }
}

/// The readers' side: `{{links.search}}`, and `{{links.assets}}/css/byline.css` for a theme's files.
struct SiteLinks: TemplateModel {
    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "front": .value(SiteURL.front().path)
        case "search": .value(SiteURL.search.path)
        case "comments": .value(SiteURL.comments.path)
        case "assets": .value(SiteURL.asset().path)
        default: .unknown
        }
    }
}

/// The newsroom's pages, for its layout, forms and "back to" links.
struct AdminLinks: TemplateModel {
    func field(_ mustacheName: String) -> TemplateField {
        let page: SiteURL.Admin? = switch mustacheName {
        case "dashboard": .dashboard
        case "login": .login
        case "logout": .logout
        case "assets": .assets
        case "articles": .articles
        case "newArticle": .newArticle
        case "media": .media
        case "comments": .comments
        case "sections": .sections
        case "tags": .tags
        case "pages": .pages
        case "newPage": .newPage
        case "imports": .imports
        case "wire": .wire
        case "people": .people
        case "users": .users
        case "account": .account
        case "settings": .settings
        case "webhooks": .webhooks
        case "bodyPreview": .bodyPreview
        default: nil
        }
        if let page { return .value(SiteURL.admin(page).path) }
        switch mustacheName {
        case "site": return .value(SiteURL.front().path)
        case "siteAssets": return .value(SiteURL.asset().path)
        default: return .unknown
        }
    }
}
