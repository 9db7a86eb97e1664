import Foundation
import NIOCore

/// What `make fuzz` feeds arbitrary bytes to: each reader of outside input, end to end as the
/// site uses it. A target must never crash, hang or break its promise about what it writes
/// (`Broken`); libFuzzer reports any of these with the input that did it. The same targets
/// replay the seed corpora and every past crash in `make test`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A story body in Markdown: parsed, rendered, written back and parsed again.
    case markdown
    /// Imported HTML (WordPress, the wire) through the sanitiser, then rendered.
    case html
    /// The comment form as the server reads it: URL-encoded and multipart, then validated.
    case commentForm = "comment-form"
    /// The article JSON import format, also the Content API's body.
    case articleJSON = "article-json"
    /// A WordPress export (WXR).
    case wxr
    /// An agency file: NewsML-G2, or ninjs in any generation.
    case wire

    /// A promise about the output broken by some input: as much a finding as a crash.
    public struct Broken: Error, CustomStringConvertible {
        public let description: String
    }

    public func run(_ data: Data) throws(Broken) {
        switch self {
        case .markdown:
            let body = StoryBody.parse(String(decoding: data, as: UTF8.self))
            try Self.checkRendered(body.html())
            _ = StoryBody.parse(body.markdown).html()
        case .html:
            let (body, _) = StoryBody.fromHTML(String(decoding: data, as: UTF8.self))
            try Self.checkRendered(body.html())
        case .commentForm:
            let text = String(decoding: data, as: UTF8.self)
            for form in [try? FormFields.urlEncoded(text), try? FormFields.multipart(ByteBuffer(bytes: data), boundary: "fuzz")] {
                guard let form else { continue }
                let submission = CommentSubmission(
                    author: form["author"] ?? "", email: form["email"] ?? "", url: form["url"] ?? "", comment: form["comment"] ?? "",
                    parentID: form["comment_parent"].flatMap { Int64($0) }
                )
                if case .success(let valid) = submission.validate() {
                    try Self.checkRendered(CommentText.html(valid.comment))
                }
            }
        case .articleJSON:
            _ = try? ArticleImport.parse(data)
        case .wxr:
            _ = try? WXR.Reader(data: data).parts()
        case .wire:
            for item in (try? WireItem.read(data, name: "fuzz")) ?? [] {
                try Self.checkRendered(item.body.html())
            }
        }
    }

    /// Rendered HTML never carries script: no element that runs it, and no link or image
    /// address whose scheme would.
    static func checkRendered(_ html: String) throws(Broken) {
        let lowered = html.lowercased()
        for element in ["<script", "<iframe", "<object", "<embed", "<style", "<svg", "<math", "<form", "<base"] where lowered.contains(element) {
            throw Broken(description: "rendered HTML holds \(element)>: \(html.prefix(500))")
        }
        for attribute in [" href=\"", " src=\""] {
            var rest = lowered[...]
            while let start = rest.range(of: attribute) {
                let value = rest[start.upperBound...].prefix { $0 != "\"" }
                let scheme = String(value.unicodeScalars.filter { $0.value > 0x20 }).replacingOccurrences(of: "&#x09;", with: "")
                if ["javascript:", "vbscript:", "data:"].contains(where: scheme.hasPrefix) {
                    throw Broken(description: "rendered HTML links to \(value): \(html.prefix(500))")
                }
                rest = rest[start.upperBound...]
            }
        }
    }
}
