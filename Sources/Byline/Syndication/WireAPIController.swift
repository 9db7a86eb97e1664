import Foundation
import Hummingbird

/// `POST /api/v1/wire`: an agency, or the newsroom's ingest system, pushes one document —
/// ninjs as `application/json`, NewsML-G2 as `application/xml` — and hears what it did.
struct WireAPIController<Context: RequestContext & RemoteAddressRequestContext>: Sendable {
    let gate: APIGate
    let wire: WireIngest

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post(SiteURL.api(.wire).route, use: receive)
        return routes
    }

    struct Receipt: Encodable {
        struct Item: Encodable {
            var outcome: String
            var guid: String?
            var articleId: Int64?
            var headline: String?
            var detail: String
        }

        /// The first story's article, for the common one-story push.
        var articleId: Int64?
        var items: [Item]
    }

    @Sendable func receive(_ request: Request, context: Context) async throws -> Response {
        let token = try await gate.authenticate(request)
        try gate.throttle(request, remoteAddress: context.remoteAddress?.ipAddress, token: token)
        guard token.actor.may(.ingestWire) else { throw APIError.forbidden(token, action: "send wire copy (it takes an editor's)") }
        let type = (request.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard ["application/json", "application/xml", "text/xml"].contains(type) || type.hasSuffix("+json") || type.hasSuffix("+xml") else {
            throw APIError(.unsupportedMediaType, "unsupported_type", "Send ninjs as application/json or NewsML-G2 as application/xml, not \(type.isEmpty ? "no Content-Type" : type).")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: WireItem.maximumDocumentSize)
        } catch {
            throw APIError(.contentTooLarge, "too_large", "The document is larger than \(WireItem.maximumDocumentSize / 1024 / 1024) MB.")
        }
        let data = Data(buffer: body)
        // The type says what the sender meant; a body that is the other format is a mistake.
        let json = type.hasSuffix("json")
        if let kind = WireItem.Kind(data), (kind == .json) != json {
            throw APIError(.unprocessableContent, "not_wire", "The Content-Type says \(type), but the body is \(json ? "XML" : "JSON").")
        }
        let outcomes: [WireOutcome]
        do {
            outcomes = try await wire.ingest(data, name: "the document", .init(origin: "push: \(token.name)"))
        } catch let failure as WireItem.Failure {
            throw APIError(.unprocessableContent, "not_wire", failure.reason)
        }
        let receipt = Receipt(
            articleId: outcomes.compactMap(\.articleID).first,
            items: outcomes.map { .init(outcome: $0.kind.rawValue, guid: $0.guid, articleId: $0.articleID, headline: $0.headline, detail: $0.detail) })
        return Response(
            status: .accepted, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: ContentAPIResources.json(receipt))))
    }
}
