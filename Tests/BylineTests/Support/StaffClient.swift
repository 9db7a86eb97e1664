@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A signed-in newsroom member driving the admin through the router, as a browser would:
/// with the session cookie and the form's CSRF token.
struct StaffClient {
    let client: any TestClientProtocol
    let cookie: String
    let csrf: String

    static let password = "a long enough passphrase"

    /// Signs in through the login form; fails the test when that doesn't work.
    static func signIn(_ client: any TestClientProtocol, email: String, password: String = StaffClient.password) async throws -> StaffClient {
        let response = try await submitLogin(client, email: email, password: password)
        #expect(response.status == .seeOther, "sign-in of \(email) failed with \(response.status)")
        let setCookie = try #require(response.headers[.setCookie])
        let cookie = String(setCookie.prefix { $0 != ";" })
        let dashboard = try await client.execute(uri: "/admin", method: .get, headers: [.cookie: cookie])
        let csrf = try #require(dashboard.text.firstValue(of: "_csrf"), "no CSRF token on the dashboard")
        return StaffClient(client: client, cookie: cookie, csrf: csrf)
    }

    static func submitLogin(
        _ client: any TestClientProtocol, email: String, password: String, next: String = "/admin", headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        let form = try await client.execute(uri: "/admin/login", method: .get)
        let token = try #require(form.text.firstValue(of: "_token"))
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        for field in extra { headers[field.name] = field.value }
        return try await client.execute(
            uri: "/admin/login", method: .post, headers: headers,
            body: ByteBuffer(string: Self.encode([("_token", token), ("email", email), ("password", password), ("next", next)]))
        )
    }

    func get(_ path: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
    }

    /// A form post with the session's CSRF token unless `csrf` says otherwise.
    func post(_ path: String, _ fields: [(String, String)] = [], csrf: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
        for field in extra { headers[field.name] = field.value }
        let body = Self.encode([("_csrf", csrf ?? self.csrf)] + fields)
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// A multipart post, as a form with a file input sends it.
    func upload(_ path: String, _ fields: [(String, String)], file: (field: String, name: String, data: Data)?) async throws -> TestResponse {
        let boundary = "----BylineTestBoundary\(UUID().uuidString.prefix(8))"
        var body = Data()
        for (name, value) in [("_csrf", csrf)] + fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        if let file {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return try await client.execute(
            uri: path, method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: cookie],
            body: ByteBuffer(bytes: body)
        )
    }

    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(CommentForms.encode($0.0))=\(CommentForms.encode($0.1))" }.joined(separator: "&")
    }
}

extension TestSite {
    /// Creates an account with `StaffClient.password`.
    @discardableResult
    func addUser(_ role: Role, email: String? = nil, name: String? = nil) async throws -> User {
        try await storage.users.create(
            email: email ?? "\(role.rawValue)@example.com", name: name ?? "\(role.rawValue.capitalized) Person", role: role,
            passwordHash: try await PasswordPolicy.hash(StaffClient.password), at: Date()
        )
    }
}

extension String {
    /// The `value` of the first input with this name.
    func firstValue(of name: String) -> String? {
        guard let range = range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(self[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// Tiny valid images, built byte by byte, for upload tests.
enum TestImages {
    /// A 3×2 PNG (the header is all the media library reads; the rest is a valid IDAT/IEND).
    static var png: Data {
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0, 0x12, 0x16, 0xF1, 0x4D]
            + [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }

    /// A GIF header of 640×480.
    static var gif: Data { Data(Array("GIF89a".utf8) + [0x80, 0x02, 0xE0, 0x01, 0, 0, 0, 0x3B]) }

    static var jpeg: Data {
        get throws { try Data(contentsOf: URL(fileURLWithPath: BundledResources.defaultTheme + "/assets/demo/dunes.jpg")) }
    }
}
