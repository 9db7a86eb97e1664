import Foundation
import Hummingbird

/// The quotes panel's decisions: confirm who said a quote, credit someone else, say nobody
/// named said it, or hide it from the index. Whoever may publish the story may decide.
struct ArticleQuotesController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let editorial: any EditorialRepository
    let quotes: any QuoteRepository
    let page: ArticleEditorPage

    func add(to group: RouterGroup<Context>) {
        group.post(SiteURL.Admin.quotes(.key).route, use: decide)
    }

    struct Form: Decodable {
        enum Intent: String, Decodable { case confirm, reassign, unnamed, hide, reset }
        var fingerprint: String?
        var intent: Intent?
        var name: String?
        var kind: Person.Kind?
    }

    @Sendable func decide(_ request: Request, context: Context) async throws -> Response {
        let editable = try await editorial.editable(context.parameters)
        let staff = try newsroom.require(.publishArticle(ownerID: editable.ownerID), context)
        let form = try (context.form ?? FormFields()).decode(Form.self)
        let decision: QuoteDecision? = switch form.intent {
        case .confirm: .confirm
        case .reassign: .reassign(name: form.name ?? "", kind: form.kind ?? .person)
        case .unnamed: .unnamed
        case .hide: .hide
        case .reset: .reset
        case nil: nil
        }
        guard let decision, let fingerprint = form.fingerprint else {
            return try await refuse("Choose what to do with the quote.", editable: editable, staff: staff)
        }
        do {
            _ = try await quotes.decide(decision, fingerprint: fingerprint, articleID: editable.article.id, by: staff.user.name, at: Date())
        } catch let error as QuoteIndexError {
            return try await refuse(error.description, editable: editable, staff: staff)
        }
        return adminRedirect(SiteURL.admin(.article(.value(editable.article.id))).path(query: ["notice": ArticleNotice.quote.rawValue]) + "#quotes")
    }

    private func refuse(_ message: String, editable: EditableArticle, staff: StaffSession) async throws -> Response {
        try await page.response(ArticleDocument(editable.article), editable: editable, staff: staff, extra: ["quotes": message], status: .unprocessableContent)
    }
}
