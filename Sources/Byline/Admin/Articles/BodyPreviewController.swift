import Foundation
import Hummingbird

/// The editor's side-by-side preview: a Markdown body as HTML, made by the same renderer as
/// the public page.
struct BodyPreviewController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let body: ArticleBodyRenderer

    func add(to group: RouterGroup<Context>) {
        group.post(SiteURL.Admin.bodyPreview.route, use: preview)
    }

    struct Form: Decodable {
        var body: String?
    }

    @Sendable func preview(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.writeDrafts, context)
        let form = try (context.form ?? FormFields()).decode(Form.self)
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body.html(from: form.body ?? "")))
        )
    }
}
