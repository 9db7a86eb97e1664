import HTTPTypes
import Foundation
import Hummingbird

/// `POST /comments`: the comment form, with WordPress's field names.
///
/// Works without JavaScript: every outcome is a redirect or a full page. A state-changing
/// request from another site is refused twice over: by the Origin / Sec-Fetch-Site headers
/// browsers send, and by the signed form token.
struct CommentController<Context: RemoteAddressRequestContext>: Sendable {
    let page: ArticlePage
    let poster: CommentPoster
    var policy: CommentPolicy { page.policy }
    var baseURL: String { page.pages.baseURL }

    static var honeypotField: String { "contact_phone" }
    /// 10,000 four-byte characters, percent-encoded, plus the other fields, with room to spare.
    static var maximumBody: Int { 256 * 1024 }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post(SiteURL.comments.route, use: create)
        return routes
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        var request = request
        let fields: FormFields
        do {
            fields = try await FormFields.read(&request, limit: Self.maximumBody)
        } catch .tooLarge {
            return await page.pages.errorResponse(
                to: request, status: .contentTooLarge, heading: Message("Comment too long"), message: Message("That comment is longer than this site accepts.")
            )
        } catch {
            return await page.pages.errorResponse(
                to: request, status: .badRequest, heading: Message("Comment not sent"), message: Message("The form that was sent is not one this site's comment form sends.")
            )
        }
        guard let articleID = fields["comment_post_ID"].flatMap({ Int64($0) }),
            let article = try await page.articles.publishedArticle(id: articleID)
        else { throw HTTPError(.notFound) }

        let now = Date()
        let submission = CommentSubmission(
            author: fields["author"] ?? "", email: fields["email"] ?? "", url: fields["url"] ?? "", comment: fields["comment"] ?? "",
            parentID: fields["comment_parent"].flatMap { Int64($0) }.flatMap { $0 > 0 ? $0 : nil }
        )
        // What the reader typed comes back to them as typed, less invisible control and
        // direction-override characters.
        var form = CommentFormModel(
            articleID: article.id, token: page.forms.token(articleID: article.id, now: now),
            author: CommentText.normalizeLine(submission.author), email: CommentText.normalizeLine(submission.email),
            url: CommentText.normalizeLine(submission.url), comment: CommentText.normalize(submission.comment),
            parentID: submission.parentID, cancelReplyURL: ""
        )

        // A closed discussion is refused first: no other answer would help the reader.
        guard policy.acceptsComments(on: article, at: now) else { return await closed(request) }
        guard request.isSameOrigin(baseURL: baseURL), page.forms.isValid(fields["_token"] ?? "", articleID: article.id, now: now) else {
            form.generalError = page.pages.catalog.message("This form has expired or was sent from another site. Your comment is below: please send it again.")
            return try await page.response(to: request, article: article, commentsPage: 1, form: form, status: .forbidden, now: now)
        }

        let ip = request.clientIP(peer: context.remoteAddress, trustedProxies: policy.trustedProxies)
        let outcome = try await poster.post(submission, .init(
            article: article, ip: ip?.description, userAgent: request.headers[.userAgent], honeypot: fields[Self.honeypotField] ?? "", now: now
        ))
        switch outcome {
        case .stored(let comment):
            return try await redirect(to: comment, article: article, request: request)
        case .silentlyDropped:
            return Response(status: .seeOther, headers: [.location: page.canonicalURL(of: article).path + "#comments"])
        case .invalid(let problems):
            let catalog = page.pages.catalog
            form.authorError = problems.messages[CommentSubmission.Field.author].map(catalog.message)
            form.emailError = problems.messages[CommentSubmission.Field.email].map(catalog.message)
            form.urlError = problems.messages[CommentSubmission.Field.url].map(catalog.message)
            form.commentError = problems.messages[CommentSubmission.Field.comment].map(catalog.message)
            form.errorSummary = true
            return try await page.response(to: request, article: article, commentsPage: 1, form: form, status: .unprocessableContent, now: now)
        case .closed:
            // The discussion closed between the check above and the post (an editor, or the clock).
            return await closed(request)
        case .banned:
            return await page.pages.errorResponse(
                to: request, status: .forbidden, heading: Message("Your comment could not be posted"), message: Message("This site is not accepting your comment.")
            )
        case .tooSoon(let retryAfter):
            return await tooMany(request, retryAfter: retryAfter, message: Message("You are posting comments too quickly. Please wait {seconds} seconds and try again.", numbers: ["seconds": retryAfter]))
        case .rateLimited(let retryAfter):
            return await tooMany(request, retryAfter: retryAfter, message: Message("Too many comments are coming from your network right now. Please try again in {seconds} seconds.", numbers: ["seconds": retryAfter]))
        case .duplicate:
            return await page.pages.errorResponse(
                to: request, status: .conflict, heading: Message("Duplicate comment"), message: Message("It looks as though you’ve already said that here.")
            )
        }
    }

    private func redirect(to comment: Comment, article: Article, request: Request) async throws -> Response {
        let canonical = page.canonicalURL(of: article).path
        var location = canonical + "#comment-\(comment.id)"
        var response = Response(status: .seeOther)
        if comment.status == .approved {
            // The comment shows on its thread's page (a new thread is its own root, on the last page).
            // Counting the threads before it avoids loading a whole page of comments.
            let threadPage = try await page.comments.threadPosition(rootID: comment.rootID, articleID: article.id) / policy.threadsPerPage + 1
            if threadPage > 1 { location = canonical + "?cpage=\(threadPage)#comment-\(comment.id)" }
        } else if comment.status == .pending {
            let held = (page.heldCommentIDs(request) + [comment.id]).suffix(20)
            response.setCookie(Cookie(
                name: ArticlePage.heldCookie, value: page.forms.signer.sign(held.map(String.init).joined(separator: "-")),
                maxAge: 14 * 86400, path: "/", secure: baseURL.hasPrefix("https://"), httpOnly: true, sameSite: .lax
            ))
        }
        response.headers[.location] = location
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func closed(_ request: Request) async -> Response {
        await page.pages.errorResponse(
            to: request, status: .forbidden, heading: Message("Comments are closed"),
            message: Message("This article no longer accepts comments, so yours was not posted.")
        )
    }

    private func tooMany(_ request: Request, retryAfter: Int, message: Message) async -> Response {
        var response = await page.pages.errorResponse(to: request, status: .tooManyRequests, heading: Message("Please slow down"), message: message)
        response.headers[.retryAfter] = String(retryAfter)
        return response
    }
}
