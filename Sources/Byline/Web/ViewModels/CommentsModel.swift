import Foundation

/// The comment section under an article: the discussion, the reader's own held comments,
/// and the form. Emails never reach this model.
struct CommentsModel: TemplateModel {
    struct Item: TemplateModel {
        var id: Int64
        var anchor: String
        var authorName: String
        /// Only http(s), already validated; rendered with rel="nofollow ugc noopener".
        var authorURL: String?
        var time: TimeModel
        var permalink: String
        var bodyHTML: String
        var depth: Int
        var replyURL: String?
        var awaitingModeration: Bool
        /// Written by the newsroom, and labelled so.
        var isStaff: Bool = false

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "id": .value(id)
            case "anchor": .value(anchor)
            case "authorName": .value(authorName)
            case "authorURL": .value(authorURL)
            case "time": .value(time)
            case "permalink": .value(permalink)
            case "bodyHTML": .value(bodyHTML)
            case "depth": .value(depth)
            case "replyURL": .value(replyURL)
            case "awaitingModeration": .value(awaitingModeration)
            case "isStaff": .value(isStaff)
            default: .unknown
            }
        }
    }

    var heading: String
    var isEmpty: Bool
    var items: [Item]
    var pending: [Item]
    var pagination: PaginationModel?
    var open: Bool
    var form: CommentFormModel

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "heading": .value(heading)
        case "isEmpty": .value(isEmpty)
        case "items": .value(items)
        case "pending": .value(pending)
        case "hasPending": .value(!pending.isEmpty)
        case "pagination": .value(pagination)
        case "open": .value(open)
        case "form": .value(form)
        default: .unknown
        }
    }
}

/// The "Leave a comment" form, with what the reader typed and what was wrong with it.
struct CommentFormModel: TemplateModel {
    var articleID: Int64
    var token: String
    var author = ""
    var email = ""
    var url = ""
    var comment = ""
    var parentID: Int64?
    var replyingTo: String?
    var cancelReplyURL: String
    var authorError: String?
    var emailError: String?
    var urlError: String?
    var commentError: String?
    var generalError: String?
    var errorSummary: Bool = false
    let authorMax = CommentSubmission.limits[.author]!
    let emailMax = CommentSubmission.limits[.email]!
    let urlMax = CommentSubmission.limits[.url]!
    let commentMax = CommentSubmission.limits[.comment]!

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "articleID": .value(articleID)
        case "token": .value(token)
        case "author": .value(author)
        case "email": .value(email)
        case "url": .value(url)
        case "comment": .value(comment)
        case "parentID": .value(parentID)
        case "replyingTo": .value(replyingTo)
        case "cancelReplyURL": .value(cancelReplyURL)
        case "authorError": .value(authorError)
        case "emailError": .value(emailError)
        case "urlError": .value(urlError)
        case "commentError": .value(commentError)
        case "generalError": .value(generalError)
        case "errorSummary": .value(errorSummary)
        case "authorMax": .value(authorMax)
        case "emailMax": .value(emailMax)
        case "urlMax": .value(urlMax)
        case "commentMax": .value(commentMax)
        default: .unknown
        }
    }
}
