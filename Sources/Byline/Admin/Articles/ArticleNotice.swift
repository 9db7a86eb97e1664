import Hummingbird

/// What the newsroom is told after an article's form went through: the `notice` a redirect
/// carries, and the sentence shown for it.
enum ArticleNotice: String, CaseIterable {
    case save, publish, schedule, unpublish, deleted, restored, corrected, quote

    var message: Message {
        switch self {
        case .save: Message("Saved.")
        case .publish: Message("Published. It is live on the site.")
        case .schedule: Message("Scheduled. It will be published at the time you chose.")
        case .unpublish: Message("Unpublished. Readers no longer see it; it is a draft again.")
        case .deleted: Message("The article was deleted.")
        case .restored: Message("The revision was restored as a new version.")
        case .corrected: Message("The note was added and is shown on the article.")
        case .quote: Message("The quote’s attribution was changed. It stays so through later edits, as long as the quote is in the story.")
        }
    }

    /// The sentence for the request's `notice`, if it names one, in the member's language.
    static func message(for request: Request, _ catalog: MessageCatalog) -> String? {
        request.uri.queryParameters.get("notice").flatMap(ArticleNotice.init(rawValue:)).map { catalog.message($0.message) }
    }
}
