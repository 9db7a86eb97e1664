import Foundation
import Hummingbird

/// `/admin/comments`: the moderation queue. Commenters' emails and IP addresses appear here
/// and nowhere else; every action goes through `CommentModeration`, which the CLI uses too.
struct ModerationController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let moderation: CommentModeration
    let comments: any CommentRepository
    let maxDepth: @Sendable () -> Int

    static var pageSize: Int { 30 }

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.comments.route, use: queue)
        group.post(SiteURL.Admin.comments.route, use: act)
        group.get(SiteURL.Admin.editComment(.key).route, use: editForm)
        group.post(SiteURL.Admin.editComment(.key).route, use: edit)
        group.post(SiteURL.Admin.replyToComment(.key).route, use: reply)
        group.post(SiteURL.Admin.banCommenter(.key).route, use: ban)
    }

    struct TabModel: TemplateModel {
        var label: String
        var url: String
        var count: Int
        var current: Bool

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "label": .value(label)
            case "url": .value(url)
            case "count": .value(count)
            case "current": .value(current)
            default: .unknown
            }
        }
    }

    struct ItemModel: TemplateModel {
        var id: Int64
        var authorName: String
        var authorEmail: String
        var authorURL: String?
        var ip: String?
        var userAgent: String?
        var time: String
        var bodyHTML: String
        var articleHeadline: String
        var articleURL: String
        var reason: String
        var decidedBy: String
        var isStaff: Bool
        var isReply: Bool
        var canReply: Bool
        var editURL: String
        var replyAction: String
        var banAction: String
        var actions: [OptionModel]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "id": .value(id)
            case "authorName": .value(authorName)
            case "authorEmail": .value(authorEmail)
            case "authorURL": .value(authorURL)
            case "ip": .value(ip)
            case "userAgent": .value(userAgent)
            case "time": .value(time)
            case "bodyHTML": .value(bodyHTML)
            case "articleHeadline": .value(articleHeadline)
            case "articleURL": .value(articleURL)
            case "reason": .value(reason)
            case "decidedBy": .value(decidedBy)
            case "isStaff": .value(isStaff)
            case "isReply": .value(isReply)
            case "canReply": .value(canReply)
            case "editURL": .value(editURL)
            case "replyAction": .value(replyAction)
            case "banAction": .value(banAction)
            case "actions": .value(actions)
            default: .unknown
            }
        }
    }

    struct QueueModel: AdminPageModel {
        var admin: AdminChrome
        var status: String
        var tabs: [TabModel]
        var items: [ItemModel]
        var emptyMessage: String
        var bulkActions: [OptionModel]
        var pagination: PaginationModel?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "status": .value(status)
            case "tabs": .value(tabs)
            case "items": .value(items)
            case "isEmpty": .value(items.isEmpty)
            case "emptyMessage": .value(emptyMessage)
            case "bulkActions": .value(bulkActions)
            case "pagination": .value(pagination)
            default: .unknown
            }
        }
    }

    @Sendable func queue(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.moderateComments, context)
        let status = request.uri.queryParameters.get("status").flatMap(Comment.Status.init(rawValue:)) ?? .pending
        guard let number = request.pageNumber else { throw HTTPError(.notFound) }
        let page = try await comments.moderationQueue(status: status, page: PageRequest(number: number, size: Self.pageSize))
        let catalog = newsroom.catalog(for: staff)
        var tabs: [TabModel] = []
        for tab in Comment.Status.allCases {
            tabs.append(TabModel(
                label: catalog.message(Self.name(of: tab)), url: SiteURL.admin(.comments).path(query: ["status": tab.rawValue]),
                count: try await comments.count(status: tab), current: tab == status
            ))
        }
        let actions = Self.actions(for: status, catalog)
        let items = page.items.map { item in
            ItemModel(
                id: item.comment.id, authorName: item.comment.authorName, authorEmail: item.comment.authorEmail, authorURL: item.comment.authorURL,
                ip: item.ip, userAgent: item.userAgent, time: newsroom.dateTime(item.comment.createdAt), bodyHTML: TextCache.comments.rendered(item.comment.body),
                articleHeadline: item.articleHeadline, articleURL: SiteURL.admin(.article(.value(item.comment.articleID))).path, reason: item.reason,
                decidedBy: item.decidedBy, isStaff: item.comment.isStaff, isReply: item.comment.parentID != nil,
                canReply: item.comment.status == .approved, editURL: SiteURL.admin(.editComment(.value(item.comment.id))).path,
                replyAction: SiteURL.admin(.replyToComment(.value(item.comment.id))).path, banAction: SiteURL.admin(.banCommenter(.value(item.comment.id))).path,
                actions: actions.map { OptionModel(value: "\($0.value):\(item.comment.id)", label: $0.label, selected: false) }
            )
        }
        let model = QueueModel(
            admin: try await newsroom.chrome(staff, title: Message("Comments"), current: "comments", notice: Self.notice(request, catalog)),
            status: status.rawValue, tabs: tabs, items: items,
            emptyMessage: catalog.message(Self.empty(status)),
            bulkActions: actions,
            pagination: PaginationModel.of(page) { SiteURL.admin(.comments).path(query: ["status": status.rawValue, "page": $0]) }
        )
        return newsroom.views.page(model, .comments)
    }

    static func empty(_ status: Comment.Status) -> Message {
        switch status {
        case .pending: Message("Nothing is waiting for moderation.")
        case .approved: Message("No approved comments.")
        case .spam: Message("No comments in spam.")
        case .trash: Message("No comments in the trash.")
        }
    }

    static func name(of status: Comment.Status) -> Message {
        switch status {
        case .pending: Message("Pending")
        case .approved: Message("Approved")
        case .spam: Message("Spam")
        case .trash: Message("Trash")
        }
    }

    /// What a moderator can do from a tab: move elsewhere, or delete from spam and trash.
    static func actions(for status: Comment.Status, _ catalog: MessageCatalog) -> [OptionModel] {
        var actions: [OptionModel] = []
        func add(_ value: String, _ label: Message) { actions.append(.init(value: value, label: catalog.message(label), selected: false)) }
        if status != .approved { add("approve", Message("Approve")) }
        if status == .approved { add("unapprove", Message("Unapprove")) }
        if status != .spam { add("spam", Message("Mark as spam")) }
        if status != .trash { add("trash", Message("Move to the trash")) }
        if status == .spam || status == .trash { add("delete", Message("Delete for good")) }
        return actions
    }

    /// One button (`single=ACTION:ID`) or the bulk bar (`action` with checked `ids`), and the
    /// tab to go back to.
    struct ActionForm: Decodable {
        var single: String?
        var action: String?
        var ids: [String]
        var status: Comment.Status?
    }

    @Sendable func act(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.moderateComments, context)
        let form = try (context.form ?? FormFields()).decode(ActionForm.self)
        let action: String
        let ids: [Int64]
        if let single = form.single, let colon = single.lastIndex(of: ":"), let id = Int64(single[single.index(after: colon)...]) {
            action = String(single[..<colon])
            ids = [id]
        } else {
            action = form.action ?? ""
            ids = form.ids.compactMap { Int64($0) }
        }
        let status = (form.status ?? .pending).rawValue
        guard !ids.isEmpty else { return adminRedirect(SiteURL.admin(.comments).path(query: ["status": status, "notice": "none-selected"])) }
        let moderator = staff.user.name
        let changed: Int = switch action {
        case "approve": try await moderation.decide(ids, status: .approved, by: moderator, reason: "approved by a moderator")
        case "unapprove": try await comments.setStatus(ids, to: .pending, by: moderator, reason: "unapproved by a moderator", at: Date())
        case "spam": try await moderation.decide(ids, status: .spam, by: moderator, reason: "marked as spam by a moderator")
        case "trash": try await moderation.decide(ids, status: .trash, by: moderator, reason: "trashed by a moderator")
        case "delete": try await moderation.delete(ids)
        default: throw HTTPError(.badRequest, Message("Choose what to do with the selected comments."))
        }
        return adminRedirect(SiteURL.admin(.comments).path(query: ["status": status, "notice": action, "count": changed]))
    }

    struct EditModel: AdminPageModel {
        var admin: AdminChrome
        var id: Int64
        var authorName: String
        var body: String
        var error: String?
        var action: String
        var back: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "id": .value(id)
            case "authorName": .value(authorName)
            case "body": .value(body)
            case "error": .value(error)
            case "action": .value(action)
            case "back": .value(back)
            default: .unknown
            }
        }
    }

    @Sendable func editForm(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.moderateComments, context)
        let comment = try await load(context)
        return try await editPage(staff, comment: comment, body: comment.body)
    }

    /// A comment's text, edited or written in reply.
    struct TextForm: Decodable {
        var comment: String?
    }

    @Sendable func edit(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.moderateComments, context)
        let comment = try await load(context)
        let body = CommentText.normalize(try (context.form ?? FormFields()).decode(TextForm.self).comment ?? "")
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, body.count <= CommentSubmission.limits[.comment]! else {
            return try await editPage(staff, comment: comment, body: body, error: newsroom.catalog(for: staff).message("A comment needs 1 to 10,000 characters."), status: .unprocessableContent)
        }
        _ = try await comments.edit(id: comment.id, body: body, by: staff.user.name, at: Date())
        return adminRedirect(SiteURL.admin(.comments).path(query: ["status": comment.status.rawValue, "notice": "edited"]))
    }

    private func editPage(
        _ staff: StaffSession, comment: Comment, body: String, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let model = EditModel(
            admin: try await newsroom.chrome(staff, title: Message("Edit comment"), current: "comments"), id: comment.id, authorName: comment.authorName,
            body: body, error: error, action: SiteURL.admin(.editComment(.value(comment.id))).path, back: SiteURL.admin(.comments).path(query: ["status": comment.status.rawValue])
        )
        return newsroom.views.page(model, .commentEdit, status: status)
    }

    /// A reply from the newsroom: approved at once and marked "Staff" on the page.
    @Sendable func reply(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.moderateComments, context)
        let parent = try await load(context)
        let body = CommentText.normalize(try (context.form ?? FormFields()).decode(TextForm.self).comment ?? "")
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, body.count <= CommentSubmission.limits[.comment]! else {
            return adminRedirect(SiteURL.admin(.comments).path(query: ["status": parent.status.rawValue, "notice": "empty-reply"]))
        }
        guard parent.status == .approved else { return adminRedirect(SiteURL.admin(.comments).path(query: ["status": parent.status.rawValue, "notice": "reply-unapproved"])) }
        let now = Date()
        _ = try await comments.add(NewComment(
            articleID: parent.articleID, parentID: parent.id, authorName: staff.user.name, authorEmail: staff.user.email, authorURL: nil, body: body,
            status: .approved, reason: "staff reply", ip: nil, userAgent: nil, createdAt: now, staffUserID: staff.user.id
        ), maxDepth: maxDepth())
        return adminRedirect(SiteURL.admin(.comments).path(query: ["status": "approved", "notice": "replied"]))
    }

    /// What a ban covers: the commenter's email, their address, or their address's network.
    struct BanForm: Decodable {
        enum Kind: String, Decodable { case email, ip, network }
        var kind: Kind?
    }

    @Sendable func ban(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.moderateComments, context)
        let comment = try await load(context)
        let kind = try (context.form ?? FormFields()).decode(BanForm.self).kind
        let back = { (notice: String) in SiteURL.admin(.comments).path(query: ["status": comment.status.rawValue, "notice": notice]) }
        let reason = "banned from the moderation queue (comment \(comment.id))"
        do {
            switch kind {
            case .email:
                try await moderation.ban(email: comment.authorEmail, reason: reason, by: staff.user.name)
            case .ip, .network:
                guard let ip = try await comments.moderationItem(id: comment.id)?.ip else {
                    return adminRedirect(back("no-ip"))
                }
                let range = kind == .network ? (IPAddress(ip)?.rateLimitNetwork ?? ip) : ip
                try await moderation.ban(ipRange: range, reason: reason, by: staff.user.name)
            case nil:
                throw HTTPError(.badRequest, Message("Choose whether to ban the email address or the IP address."))
            }
        } catch let problem as CommentModeration.Problem {
            throw HTTPError(.unprocessableContent, message: problem.description)
        }
        // Banning is about future comments; this one usually belongs in spam too.
        _ = try await moderation.decide([comment.id], status: .spam, by: staff.user.name, reason: reason)
        return adminRedirect(back("banned"))
    }

    private func load(_ context: Context) async throws -> Comment {
        guard let id = context.parameters.get("id", as: Int64.self), let comment = try await comments.comment(id: id) else {
            throw HTTPError(.notFound, Message("There is no such comment: it may have been deleted."))
        }
        return comment
    }

    static func notice(_ request: Request, _ catalog: MessageCatalog) -> String? {
        let count = request.uri.queryParameters.get("count").flatMap { Int($0) } ?? 0
        return switch request.uri.queryParameters.get("notice") {
        case "approve": catalog.plural("{count} comment approved.", "{count} comments approved.", count: count)
        case "unapprove": catalog.plural("{count} comment sent back to pending.", "{count} comments sent back to pending.", count: count)
        case "spam": catalog.plural("{count} comment marked as spam.", "{count} comments marked as spam.", count: count)
        case "trash": catalog.plural("{count} comment moved to the trash.", "{count} comments moved to the trash.", count: count)
        case "delete": catalog.plural("{count} comment deleted for good.", "{count} comments deleted for good.", count: count)
        case "edited": catalog.message("The comment was saved.")
        case "replied": catalog.message("Your reply is published, marked “Staff”.")
        case "banned": catalog.message("Banned. Future comments from there are refused, and this one is in spam.")
        case "none-selected": catalog.message("Select at least one comment first.")
        case "empty-reply": catalog.message("Write a reply before sending it.")
        case "reply-unapproved": catalog.message("Approve a comment before replying to it.")
        case "no-ip": catalog.message("That comment’s IP address is no longer kept, so it can’t be banned by address.")
        default: nil
        }
    }
}
