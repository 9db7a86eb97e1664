import Foundation

/// Everything the article template shows, computed before rendering so that the template
/// stays logic-free and every value in it is escaped by default.
struct ArticlePageModel: Sendable {
    struct CorrectionModel: Sendable {
        var label: String
        var text: String
        var time: TimeModel
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
    var dateline: String?
    var creditLine: String?
    var hasCorrections: Bool
    var corrections: [CorrectionModel]
    var tags: [LinkModel]
    var hasTags: Bool
    var comments: CommentsModel
    /// Up to four other stories sharing tags or the section.
    var related: [ListingPageModel.Item] = []
    var hasRelated = false

    init(article: Article, site: SiteChrome, page: PageMeta, dates: DateDisplay, body: ArticleBodyRenderer, comments: CommentsModel) {
        self.site = site
        self.page = page
        section = LinkModel(name: article.section.name, url: SiteURL.section(slug: article.section.slug).path)
        headline = article.headline
        dek = article.dek
        authors = BylineName.list(article.authors)
        published = article.shownDate.map { TimeModel($0, dates) }
        updated = article.wasUpdated ? TimeModel(article.updatedAt, dates) : nil
        image = article.leadImage.map(ImageModel.init)
        bodyHTML = body.html(from: article.bodyMarkdown)
        dateline = article.dateline
        creditLine = article.credit.creditLine
        corrections = article.corrections.map { CorrectionModel(label: $0.kind.label, text: $0.text, time: TimeModel($0.date, dates)) }
        hasCorrections = !corrections.isEmpty
        tags = article.tags.map { LinkModel(name: $0.name, url: SiteURL.tag(slug: $0.slug).path) }
        hasTags = !tags.isEmpty
        self.comments = comments
    }
}
