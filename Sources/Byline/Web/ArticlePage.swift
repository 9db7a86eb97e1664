import Foundation
import Hummingbird

/// Renders an article page with its discussion, for the article route and for the comment
/// form when it has to be shown again (422, 403) with what the reader typed.
struct ArticlePage: Sendable {
    let articles: any ArticleRepository
    let comments: any CommentRepository
    let pages: PageRenderer
    let body: ArticleBodyRenderer
    let forms: CommentTokens
    var policy: CommentPolicy { pages.live.current.comments }

    static let heldCookie = "byline_held"

    /// The published article behind a slug, following a renamed slug.
    func published(slug: String) async throws -> Article? {
        if let article = try await articles.publishedArticle(slug: slug) { return article }
        guard let current = try await articles.currentSlug(forRetiredSlug: slug) else { return nil }
        return try await articles.publishedArticle(slug: current)
    }

    func canonicalURL(of article: Article) -> SiteURL {
        SiteURL.article(article.slug, section: article.section.slug, publishedAt: article.publishedAt ?? article.updatedAt, dates: pages.dates)
    }

    /// The page for `article`. `form` carries a failed submission back to the reader.
    func response(
        to request: Request, article: Article, commentsPage: Int, form: CommentFormModel? = nil, status: HTTPResponse.Status = .ok,
        personal forcedPersonal: Bool = false, now: Date = Date()
    ) async throws -> Response {
        let canonical = canonicalURL(of: article)
        let discussion = try await comments.approvedThreads(articleID: article.id, page: PageRequest(number: commentsPage, size: policy.threadsPerPage))
        guard commentsPage == 1 || commentsPage <= discussion.pageCount else { throw HTTPError(.notFound) }
        let heldIDs = heldCommentIDs(request)
        let held = try await comments.pending(ids: heldIDs, articleID: article.id)
        // The comment being answered: the one a refused form was replying to, or the reply link's.
        let replyTo = form?.parentID ?? request.uri.queryParameters.get("replytocom").flatMap { Int64($0) }
        let replyTarget: Comment? = if let replyTo { try await comments.comment(id: replyTo) } else { nil }

        var formModel = form ?? CommentFormModel(articleID: article.id, token: forms.token(articleID: article.id, now: now), cancelReplyURL: "")
        formModel.cancelReplyURL = canonical.path + "#respond"
        if let replyTarget, replyTarget.articleID == article.id, replyTarget.status == .approved {
            formModel.parentID = replyTarget.id
            formModel.replyingTo = replyTarget.authorName
        }
        let open = policy.acceptsComments(on: article, at: now)
        let pageURL = { (page: Int) in canonical.path + (page > 1 ? "?cpage=\(page)" : "") }
        let item = { (comment: Comment, awaiting: Bool) in
            CommentsModel.Item(
                id: comment.id, anchor: "comment-\(comment.id)", authorName: comment.authorName, authorURL: comment.authorURL,
                time: TimeModel(comment.createdAt, pages.dates), permalink: pageURL(commentsPage) + "#comment-\(comment.id)",
                bodyHTML: TextCache.comments.rendered(comment.body), depth: comment.depth,
                replyURL: open && !awaiting ? pageURL(commentsPage) + (commentsPage > 1 ? "&" : "?") + "replytocom=\(comment.id)#respond" : nil,
                awaitingModeration: awaiting, isStaff: comment.isStaff
            )
        }
        let count = discussion.approvedCount
        let catalog = pages.catalog
        let commentsModel = CommentsModel(
            heading: count == 0 ? catalog.message("Comments") : catalog.plural("{count} comment", "{count} comments", count: count),
            isEmpty: count == 0, items: discussion.comments.map { item($0, false) }, pending: held.map { item($0, true) },
            pagination: discussion.pageCount > 1
                ? .init(
                    current: commentsPage, count: discussion.pageCount,
                    previousURL: commentsPage > 1 ? pageURL(commentsPage - 1) + "#comments" : nil,
                    nextURL: commentsPage < discussion.pageCount ? pageURL(commentsPage + 1) + "#comments" : nil
                ) : nil,
            open: open, form: formModel
        )
        // The page and its JSON-LD read the same rendered body.
        let rendered = body.rendered(article.bodyMarkdown)
        var meta = pages.meta(title: article.headline, description: article.dek, url: canonical)
        let absolute = canonical.absolute(base: pages.baseURL)
        let data = pages.structured
        meta.metaTags = data.articleTags(article, canonical: absolute)
        meta.alternates = AlternateLink.versions(of: article, url: absolute, siteLanguage: pages.language, dates: pages.dates, base: pages.baseURL)
        meta.jsonLD = [
            StructuredData.script(data.newsArticle(article, body: rendered, canonical: absolute, commentCount: count)),
            StructuredData.script(data.breadcrumbs([
                (catalog.message("Home"), SiteURL.front().absolute(base: pages.baseURL)), (article.section.name, SiteURL.section(slug: article.section.slug).absolute(base: pages.baseURL)),
                (article.headline, absolute),
            ])),
        ]
        meta.feeds = FeedController<BylineRequestContext>.links(for: .front(), name: pages.siteName, catalog: catalog)
            + [FeedLink(title: catalog.message("Comments on “{headline}” (Atom)", ["headline": article.headline]), type: Feeds.Format.atom.linkType, url: SiteURL.commentsFeed(of: canonical).path)]
        let related = article.status == .published ? try await articles.related(to: article, limit: 4) : []
        var model = ArticlePageModel(
            article: article, site: try await pages.chrome(currentSection: article.section.slug, now: now), page: meta, dates: pages.dates, catalog: catalog,
            body: rendered, comments: commentsModel
        )
        model.related = related.map { ListingPageModel.Item($0, dates: pages.dates, catalog: catalog) }
        // A page that shows one reader's held comments or typed values is theirs alone.
        let personal = forcedPersonal || !held.isEmpty || form != nil
        return pages.respond(
            to: request, with: model, as: .article, lastModified: personal ? nil : article.updatedAt, status: status,
            cacheControl: personal ? "private, no-store" : HTTPCaching.pageCacheControl,
            keys: personal ? nil : [ContentChange.articleKey(article.id), ContentChange.commentsKey(article.id)]
        )
    }

    /// The held comments this browser posted, from a cookie only this site can have signed.
    func heldCommentIDs(_ request: Request) -> [Int64] {
        guard let value = request.cookies[Self.heldCookie]?.value, let payload = forms.signer.verify(value) else { return [] }
        return payload.split(separator: "-").compactMap { Int64($0) }
    }
}

/// Comment form tokens: signed for one article, so that a form can be cached for everyone and
/// still be refused once it is a day old or was made for another article.
struct CommentTokens: Sendable {
    let signer: Signer

    func token(articleID: Int64, now: Date) -> String { signer.formToken(purpose: "comment.\(articleID)", now: now) }

    func isValid(_ token: String, articleID: Int64, now: Date) -> Bool {
        signer.isValidFormToken(token, purpose: "comment.\(articleID)", now: now)
    }
}
