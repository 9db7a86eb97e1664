@testable import Byline
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Limits on what a request may carry")
struct InputLimitsTests {
    /// Refused with a 400 by the HTTP decoder before any of it is kept, and the server goes on
    /// answering everyone else.
    @Test func tooManyOrTooLargeHeadersAreRefusedAndTheSiteStaysUp() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")])
        try await site.testLive { client in
            var many = HTTPFields()
            for index in 0..<120 { many[HTTPField.Name("X-Extra-\(index)")!] = "v" }
            let crowded = try await client.execute(uri: "/", method: .get, headers: many)
            #expect(crowded.status == .badRequest)
        }
        try await site.testLive { client in
            let large = try await client.execute(uri: "/", method: .get, headers: [HTTPField.Name("X-Large")!: String(repeating: "a", count: 20_000)])
            #expect(large.status == .badRequest)
        }
        try await site.testLive { client in
            var usual = HTTPFields()
            for index in 0..<40 { usual[HTTPField.Name("X-Usual-\(index)")!] = String(repeating: "b", count: 100) }
            let fine = try await client.execute(uri: RouterTests.articlePath, method: .get, headers: usual)
            #expect(fine.status == .ok, "what browsers send is fine")
        }
    }

    @Test func formsWithMoreFieldsThanAnyFormSendsAreRefused() throws {
        let fields = (0..<FormFields.maximumFields).map { "f\($0)=v" }
        #expect(try FormFields.urlEncoded(fields.joined(separator: "&"))["f999"] == "v")
        #expect(throws: FormFields.ParseError.tooManyFields) { try FormFields.urlEncoded((fields + ["one=more"]).joined(separator: "&")) }

        let boundary = "XyZ"
        let parts = (0...FormFields.maximumFields).map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"f\($0)\"\r\n\r\nv\r\n" }
        #expect(throws: FormFields.ParseError.tooManyFields) {
            try FormFields.multipart(ByteBuffer(string: parts.joined() + "--\(boundary)--\r\n"), boundary: boundary)
        }
        let fewer = parts.prefix(10).joined() + "--\(boundary)--\r\n"
        #expect(try FormFields.multipart(ByteBuffer(string: fewer), boundary: boundary)["f9"] == "v")
    }

    @Test func aCommentFormStuffedWithFieldsGetsAPageSayingSo() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")])
        try await site.test { client in
            let forms = CommentForms(client: client, articlePath: RouterTests.articlePath)
            var stuffed: [String: String] = [:]
            for index in 0..<1_200 { stuffed["x\(index)"] = "1" }
            let refused = try await forms.post(stuffed)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("Comment not sent"))
            #expect(try await site.storage.comments.count(status: .approved) + site.storage.comments.count(status: .pending) == 0)
            #expect(try await forms.post().status == .seeOther, "the same form with its own fields is posted")
        }
    }

    @Test func documentsNestedTooDeeplyAreRefusedByEveryReader() throws {
        let deep = Data((String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)).utf8)
        #expect(throws: JSONValue.TooDeep.self) { try JSONValue.decode(deep) }
        do {
            _ = try ArticleImport.parse(deep)
            Issue.record("a deep article import was read")
        } catch {
            #expect(error.description.contains("levels deep"), "\(error.description)")
        }
        do {
            _ = try WireItem.read(deep, name: "deep.json")
            Issue.record("a deep ninjs item was read")
        } catch {
            #expect(error.reason.contains("levels deep"), "\(error.reason)")
        }
        let atTheLimit = Data((String(repeating: "[", count: JSONValue.maximumDepth) + String(repeating: "]", count: JSONValue.maximumDepth)).utf8)
        #expect(try JSONValue.decode(atTheLimit) != .null)
        #expect(try JSONValue.decode(Data(#"{"a": "[[[[\"]]", "b": [1]}"#.utf8)) == .object(["a": .string("[[[[\"]]"), "b": .array([.number(1)])]))
    }
}
