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
}
