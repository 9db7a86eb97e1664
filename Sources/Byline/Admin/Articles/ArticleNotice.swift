import Hummingbird

/// What the newsroom is told after an article's form went through: the `notice` a redirect
/// carries, and the sentence shown for it.
enum ArticleNotice: String, CaseIterable {
    case save, publish, schedule, unpublish, deleted, restored, corrected, quote

    var message: String {
        switch self {
        case .save: "Saved."
        case .publish: "Published. It is live on the site."
        case .schedule: "Scheduled. It will be published at the time you chose."
        case .unpublish: "Unpublished. Readers no longer see it; it is a draft again."
        case .deleted: "The article was deleted."
        case .restored: "The revision was restored as a new version."
        case .corrected: "The note was added and is shown on the article."
        case .quote: "The quote’s attribution was changed. It stays so through later edits, as long as the quote is in the story."
        }
    }

    /// The sentence for the request's `notice`, if it names one.
    static func message(for request: Request) -> String? {
        request.uri.queryParameters.get("notice").flatMap(ArticleNotice.init(rawValue:))?.message
    }
}
