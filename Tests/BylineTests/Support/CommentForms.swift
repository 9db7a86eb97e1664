import Byline
import Hummingbird
import Foundation
import HummingbirdTesting
import Testing

/// Fills in and sends the comment form the way a browser would.
struct CommentForms {
    let client: any TestClientProtocol
    let articlePath: String

    /// The hidden fields of the form as the article page renders it.
    func hiddenFields() async throws -> [String: String] {
        let html = try await client.execute(uri: articlePath, method: .get).text
        var fields: [String: String] = [:]
        for name in ["comment_post_ID", "_token"] {
            guard let range = html.range(of: "name=\"\(name)\" value=\"") else { continue }
            fields[name] = String(html[range.upperBound...].prefix { $0 != "\"" })
        }
        return fields
    }

    /// Posts the form; `fields` override the defaults of a valid comment.
    func post(
        _ fields: [String: String] = [:], ip: String = "203.0.113.10", headers extra: HTTPFields = [:], cookie: String? = nil
    ) async throws -> TestResponse {
        var all = try await hiddenFields()
        all.merge(["author": "Ana Reader", "email": "ana@example.com", "url": "", "comment": "A thoughtful comment.", "comment_parent": "0"]) { a, _ in a }
        all.merge(fields) { _, new in new }
        let body = all.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .init("X-Forwarded-For")!: ip]
        if let cookie { headers[.cookie] = cookie }
        for field in extra { headers[field.name] = field.value }
        return try await client.execute(uri: "/comments", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension TestResponse {
    /// The `name=value` part of a Set-Cookie header, ready to send back.
    var cookie: String? {
        headers[.setCookie].map { String($0.prefix { $0 != ";" }) }
    }
}
