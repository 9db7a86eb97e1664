import Foundation

/// What the comment form sent, with WordPress's field names, and its validation.
///
/// Validation happens before anything is stored, and every problem is reported beside its
/// field so the form can be shown again with everything the person typed.
public struct CommentSubmission: Sendable, Hashable {
    public var author: String
    public var email: String
    public var url: String
    public var comment: String
    public var parentID: Int64?

    public init(author: String, email: String, url: String, comment: String, parentID: Int64? = nil) {
        self.author = author
        self.email = email
        self.url = url
        self.comment = comment
        self.parentID = parentID
    }

    public enum Field: String, Sendable, CaseIterable {
        case author, email, url, comment
    }

    public static let limits: [Field: Int] = [.author: 100, .email: 254, .url: 2000, .comment: 10_000]

    /// The cleaned values, or a message for each field that is wrong.
    public struct Valid: Sendable, Hashable {
        public var author: String
        public var email: String
        public var url: String?
        public var comment: String
        public var parentID: Int64?
    }

    public func validate() -> Result<Valid, Problems> {
        let author = CommentText.normalizeLine(self.author)
        let email = CommentText.normalizeLine(self.email)
        let url = CommentText.normalizeLine(self.url)
        let comment = CommentText.normalize(self.comment)
        var problems: [Field: Message] = [:]

        func checkLength(_ field: Field, _ value: String) {
            if let limit = Self.limits[field], value.count > limit {
                problems[field] = Message("Please keep this under {limit} characters (it has {count}).", numbers: ["limit": limit, "count": value.count])
            }
        }
        if author.isEmpty { problems[.author] = Message("Please enter your name.") } else { checkLength(.author, author) }
        if email.isEmpty {
            problems[.email] = Message("Please enter your email address. It will not be published.")
        } else if !Self.isEmailAddress(email) {
            problems[.email] = Message("Please enter a valid email address, such as name@example.com.")
        } else {
            checkLength(.email, email)
        }
        if !url.isEmpty {
            if let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
                components.host?.isEmpty == false
            {
                checkLength(.url, url)
            } else {
                problems[.url] = Message("Please enter a web address starting with http:// or https://, or leave this empty.")
            }
        }
        if comment.isEmpty { problems[.comment] = Message("Please write a comment.") } else { checkLength(.comment, comment) }

        guard problems.isEmpty else { return .failure(Problems(messages: problems)) }
        return .success(Valid(author: author, email: email.lowercased(), url: url.isEmpty ? nil : url, comment: comment, parentID: parentID))
    }

    /// A deliberately plain check: one @, a local part, and a domain with a dot and no spaces.
    /// Anything stricter rejects real addresses; delivery is the only true test.
    public static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last else { return false }
        guard !local.isEmpty, local.count <= 64, !domain.isEmpty, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix(".") else {
            return false
        }
        return !text.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "," || $0 == ";" }
    }

    public struct Problems: Error, Sendable, Hashable {
        public var messages: [Field: Message]
    }
}
