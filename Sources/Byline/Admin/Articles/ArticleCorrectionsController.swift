import Foundation
import Hummingbird

/// Corrections, clarifications and updates: added to a published article as a public record,
/// each a new version.
struct ArticleCorrectionsController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let editorial: any EditorialRepository
    let taxonomy: any TaxonomyRepository
    let page: ArticleEditorPage

    func add(to group: RouterGroup<Context>) {
        group.post(SiteURL.Admin.corrections(.key).route, use: create)
    }

    struct Form: Decodable {
        var kind: Correction.Kind?
        var text: String?
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let editable = try await editorial.editable(context.parameters)
        let staff = try newsroom.require(.publishArticle(ownerID: editable.ownerID), context)
        let form = try (context.form ?? FormFields()).decode(Form.self)
        let text = (form.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let kind = form.kind ?? .correction
        guard !text.isEmpty, text.count <= 2000 else {
            return try await page.response(
                ArticleDocument(editable.article), editable: editable, staff: staff,
                extra: ["correction": "Write the \(kind.label.lowercased()) (up to 2,000 characters)."], status: .unprocessableContent
            )
        }
        let now = Date()
        var document = ArticleDocument(editable.article)
        document.corrections.append(.init(kind: kind, text: text, date: now))
        let sections = try await taxonomy.sections()
        let result = try await editorial.save(EditorialSave(
            articleID: editable.article.id, input: document.input(status: editable.article.status, sections: sections, externalID: nil),
            document: document, expectedVersion: editable.version, scheduledAt: editable.scheduledAt, editor: Editor(staff.user),
            note: "Added a \(kind.label.lowercased())"
        ), now: now)
        guard case .saved = result else {
            return try await page.response(document, editable: editable, staff: staff, conflict: try await editorial.editable(context.parameters), status: .conflict)
        }
        return adminRedirect(SiteURL.admin(.article(.value(editable.article.id))).path(query: ["notice": ArticleNotice.corrected.rawValue]))
    }
}
