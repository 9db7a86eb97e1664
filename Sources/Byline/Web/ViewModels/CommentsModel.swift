import Foundation

/// The comment section under an article: the discussion, the reader's own held comments,
/// and the form. Emails never reach this model.
struct CommentsModel: Sendable {
    struct Item: Sendable {
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
    }

    var heading: String
    var isEmpty: Bool
    var items: [Item]
    var pending: [Item]
    var hasPending: Bool
    var pagination: PaginationModel?
    var open: Bool
    var form: CommentFormModel
}

/// The "Leave a comment" form, with what the reader typed and what was wrong with it.
struct CommentFormModel: Sendable {
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
}
