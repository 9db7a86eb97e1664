import Foundation

/// Everything the article template shows, computed before rendering so that the template
/// stays logic-free and every value in it is escaped by default.
struct ArticlePageModel: TemplateModel {
    struct CorrectionModel: TemplateModel {
        var label: String
        var text: String
        var time: TimeModel

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "label": .value(label)
            case "text": .value(text)
            case "time": .value(time)
            default: .unknown
            }
        }
    }

    var site: SiteChrome
    var page: PageMeta
    var section: LinkModel
    var headline: String
    var dek: String?
    var authors: [BylineName]
    var published: TimeModel?
    var updated: TimeModel?
    var image: ImageModel?
    /// Already sanitized by `ArticleBodyRenderer`; the only unescaped value on the page.
    var bodyHTML: String
    /// "4 min read", from the body's word count.
    var readingTime: String
    var dateline: String?
    var creditLine: String?
    var corrections: [CorrectionModel]
    var tags: [LinkModel]
    var comments: CommentsModel
    /// The story's language where it isn't the site's: the `lang` on its `<article>`, so that
    /// browsers, screen readers and translators read it as what it is.
    var language: String?
    /// The story in the other languages it is published in, for the switcher.
    var otherLanguages: [AlternateLink]
    /// Up to four other stories sharing tags or the section.
    var related: [ListingPageModel.Item] = []

    init(
        article: Article, site: SiteChrome, page: PageMeta, dates: DateDisplay, catalog: MessageCatalog, body rendered: RenderedBody, comments: CommentsModel
    ) {
        self.site = site
        self.page = page
        section = LinkModel(name: article.section.name, url: SiteURL.section(slug: article.section.slug).path)
        headline = article.headline
        dek = article.dek
        authors = BylineName.list(article.authors, catalog)
        published = article.shownDate.map { TimeModel($0, dates) }
        updated = article.wasUpdated ? TimeModel(article.updatedAt, dates) : nil
        image = article.leadImage.map(ImageModel.init)
        bodyHTML = rendered.html
        readingTime = catalog.plural("{count} min read", "{count} min read", count: rendered.readingMinutes)
        dateline = article.dateline
        creditLine = article.credit.creditMessage.map(catalog.message)
        corrections = article.corrections.map { CorrectionModel(label: catalog.message($0.kind.name), text: $0.text, time: TimeModel($0.date, dates)) }
        tags = article.tags.map { LinkModel(name: $0.name, url: SiteURL.tag(slug: $0.slug).path) }
        language = article.language.flatMap { $0.caseInsensitiveCompare(site.language) == .orderedSame ? nil : $0 }
        self.comments = comments
        // Each language has one version, so the story's own is the one in its language.
        otherLanguages = page.alternates.filter { $0.language != "x-default" && $0.language != (article.language ?? site.language) }
    }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "site": .value(site)
        case "page": .value(page)
        case "section": .value(section)
        case "headline": .value(headline)
        case "dek": .value(dek)
        case "authors": .value(authors)
        case "published": .value(published)
        case "updated": .value(updated)
        case "image": .value(image)
        case "bodyHTML": .value(bodyHTML)
        case "readingTime": .value(readingTime)
        case "dateline": .value(dateline)
        case "creditLine": .value(creditLine)
        case "hasCorrections": .value(!corrections.isEmpty)
        case "languageDirection": .value(language.map(Translations.direction(of:)))
        case "corrections": .value(corrections)
        case "tags": .value(tags)
        case "hasTags": .value(!tags.isEmpty)
        case "comments": .value(comments)
        case "related": .value(related)
        case "hasRelated": .value(!related.isEmpty)
        case "language": .value(language)
        case "otherLanguages": .value(otherLanguages)
        case "hasOtherLanguages": .value(!otherLanguages.isEmpty)
        default: .unknown
        }
    }
}
