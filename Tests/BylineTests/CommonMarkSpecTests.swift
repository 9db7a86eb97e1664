@testable import Byline
import Foundation
import Testing

/// The story body against the CommonMark 0.31.2 spec's 655 examples (`../shared/commonmark`).
///
/// HTML typed into a body is shown as text, which is our rule, so an example's expected HTML
/// is compared with each piece of raw HTML the parser found written as escaped text instead.
/// The newsroom's own blocks (an image alone in a paragraph becomes a figure) are left out,
/// as they are Byline's additions to Markdown, not CommonMark's.
@Suite("CommonMark spec")
struct CommonMarkSpecTests {
    struct Example: Decodable {
        let markdown: String
        let html: String
        let example: Int
        let section: String
    }

    /// Examples the reference rendering does not match, each with the reason.
    static let known: [Int: String] = {
        let specChange = "cmark-gfm follows spec 0.29; 0.30–0.31 changed this rule"
        let allowlist = "the link's scheme is not http, https or mailto, so it shows as text (our rule)"
        let gfmAutolink = "GitHub's autolink extension, which the body has, links a bare address"
        return [
            28: "\(specChange): numeric references are limited to 7 digits", 173: "\(specChange): <textarea> starts an HTML block",
            356: "\(specChange): currency and other symbols count as punctuation for emphasis",
            627: "\(specChange): HTML comments", 628: "\(specChange): HTML comments",
            598: allowlist, 600: allowlist, 601: allowlist, 603: allowlist,
            604: gfmAutolink, 608: gfmAutolink, 610: gfmAutolink, 613: gfmAutolink, 614: gfmAutolink,
        ]
    }()

    static func examples() throws -> [Example] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = root.deletingLastPathComponent().appendingPathComponent("shared/commonmark/spec-0.31.2.json")
        return try JSONDecoder().decode([Example].self, from: Data(contentsOf: file))
    }

    /// The spec's HTML with each raw HTML piece (in the order the parser met them) escaped.
    static func expected(_ example: Example, body: StoryBody) -> String {
        var html = example.html
        var searchFrom = html.startIndex
        for raw in rawHTML(in: body.blocks) where !raw.isEmpty {
            guard let range = html.range(of: raw, range: searchFrom..<html.endIndex) else { continue }
            let escaped = raw.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            html.replaceSubrange(range, with: escaped)
            searchFrom = html.index(range.lowerBound, offsetBy: escaped.count)
        }
        return html
    }

    static func rawHTML(in blocks: [StoryBody.Block]) -> [String] {
        blocks.flatMap { block -> [String] in
            switch block {
            case .html(let text): [text]
            case .paragraph(let children), .heading(_, let children): rawHTML(in: children)
            case .quote(let children), .pullQuote(let children, _), .factBox(_, let children): rawHTML(in: children)
            case .list(_, _, let items): items.flatMap { rawHTML(in: $0) }
            case .table(let table): ([table.header] + table.rows).flatMap { $0.flatMap { rawHTML(in: $0) } }
            case .code, .rule, .figure, .embed, .gallery: []
            }
        }
    }

    static func rawHTML(in inlines: [StoryBody.Inline]) -> [String] {
        inlines.flatMap { inline -> [String] in
            switch inline {
            case .html(let text): [text]
            case .emphasis(let children), .strong(let children), .strikethrough(let children), .link(_, _, let children): rawHTML(in: children)
            case .image(_, _, let alt): rawHTML(in: alt)
            case .text, .softBreak, .lineBreak, .code: []
            }
        }
    }

    @Test func atLeastNinetyNinePercentOfTheSpecRendersExactly() throws {
        let examples = try Self.examples()
        #expect(examples.count == 655)
        var failures: [String] = []
        var passed = 0
        for example in examples where Self.known[example.example] == nil {
            let body = StoryBody.parse(example.markdown, newsroomBlocks: false)
            let html = body.html(.commonMark)
            if html == Self.expected(example, body: body) {
                passed += 1
            } else {
                failures.append("#\(example.example) (\(example.section)): \(example.markdown.debugDescription) gave \(html.debugDescription), expected \(Self.expected(example, body: body).debugDescription)")
            }
        }
        let considered = examples.count - Self.known.count
        #expect(Double(passed) >= 0.99 * Double(considered), "\(passed) of \(considered):\n\(failures.joined(separator: "\n"))")
        #expect(failures.isEmpty, "examples that are neither passing nor listed with a reason:\n\(failures.joined(separator: "\n"))")
    }

    @Test func everyListedExampleStillFails() throws {
        // A listed example that now passes should come off the list.
        for example in try Self.examples() where Self.known[example.example] != nil {
            let body = StoryBody.parse(example.markdown, newsroomBlocks: false)
            #expect(body.html(.commonMark) != Self.expected(example, body: body), "#\(example.example) passes now")
        }
    }
}

@Suite("Story body parsing")
struct StoryBodyParsingTests {
    @Test func parsesAtOnceOnManyThreadsAgreeWithOneAtATime() async throws {
        // cmark-gfm's extensions share a table across the process; parses that overlapped
        // once linked `<https://foo.bar/baz bim>` or not depending on timing.
        let examples = try CommonMarkSpecTests.examples().map(\.markdown)
        let alone = examples.map { StoryBody.parse($0, newsroomBlocks: false) }
        // Eight parsers at once, each through every example, so that parses overlap.
        let rounds = await withTaskGroup(of: [StoryBody].self) { group in
            for _ in 0..<8 { group.addTask { examples.map { StoryBody.parse($0, newsroomBlocks: false) } } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(rounds.count == 8)
        for together in rounds {
            let differing = examples.indices.filter { together[$0] != alone[$0] }
            #expect(differing.isEmpty, "parsed differently when parses overlapped: \(differing.map { examples[$0].debugDescription })")
        }
    }
}
