import Foundation

/// The Content API's error body, `{"error": {"status", "code", "message", "fields"?}}`, as a
/// test reads it.
struct APIFailure: Decodable {
    struct Body: Decodable {
        struct Field: Decodable {
            var field: String
            var message: String
        }
        var status: Int
        var code: String
        var message: String
        var fields: [Field]?
    }
    var error: Body
}
