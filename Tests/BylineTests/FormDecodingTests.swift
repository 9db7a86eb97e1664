@testable import Byline
import Foundation
import Hummingbird
import Testing

/// Admin forms are read into `Decodable` types: what a person can type is kept as text, and
/// what only a forged request could send is refused with the field named.
@Suite("Reading forms into types")
struct FormDecodingTests {
    struct Form: Decodable {
        enum Intent: String, Decodable { case save, publish }
        var intent: Intent?
        var headline: String?
        var commentsOpen: Bool
        var version: Int?
        var events: [String]

        enum CodingKeys: String, CodingKey {
            case intent, headline, version, events
            case commentsOpen = "comments_open"
        }
    }

    // MARK: Tests

    @Test func fieldsAreReadByTheirNames() throws {
        let form = try FormFields("intent=publish&headline=Talks+resume%21&comments_open=on&version=3&events=a&events=b").decode(Form.self)
        #expect(form.intent == .publish && form.headline == "Talks resume!" && form.commentsOpen && form.version == 3)
        #expect(form.events == ["a", "b"], "every ticked box of a shared name")
    }

    @Test func emptyAndMissingFieldsAreAbsentAndAnUncheckedBoxIsFalse() throws {
        let form = try FormFields("headline=&version=").decode(Form.self)
        #expect(form.intent == nil && form.headline == nil && form.version == nil && !form.commentsOpen && form.events.isEmpty)
    }

    @Test func aChoiceNoButtonOffersIsABadRequestNamingTheField() {
        #expect {
            try FormFields("intent=delete-everything").decode(Form.self)
        } throws: { error in
            guard let error = error as? HTTPError else { return false }
            return error.status == .badRequest && (error.body ?? "").contains("intent")
        }
    }

    @Test func textInANumberFieldIsABadRequestNamingTheField() {
        #expect {
            try FormFields("version=three").decode(Form.self)
        } throws: { error in
            guard let error = error as? HTTPError else { return false }
            return error.status == .badRequest && (error.body ?? "").contains("version")
        }
    }
}
