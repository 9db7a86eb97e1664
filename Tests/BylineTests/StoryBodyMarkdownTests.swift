@testable import Byline
import Foundation
import Testing

/// Importers build a body from someone else's HTML and store it as Markdown; what is stored
/// must read back as the same body.
@Suite("Story body written as Markdown")
struct StoryBodyMarkdownTests {
    /// Adjacent text runs are one run to a reader; the parser may split them anywhere.
    static func normalised(_ body: StoryBody) -> StoryBody {
        func merged(_ list: [StoryBody.Inline]) -> [StoryBody.Inline] {
            var result: [StoryBody.Inline] = []
            for inline in list {
                let each: StoryBody.Inline = switch inline {
                case .emphasis(let children): .emphasis(Self.normalisedInlines(children))
                case .strong(let children): .strong(Self.normalisedInlines(children))
                case .strikethrough(let children): .strikethrough(Self.normalisedInlines(children))
                case .link(let url, let title, let children): .link(url: url, title: title, Self.normalisedInlines(children))
                case .image(let url, let title, let alt): .image(url: url, title: title, alt: Self.normalisedInlines(alt))
                default: inline
                }
                if case .text(let next) = each, case .text(let previous)? = result.last {
                    result[result.count - 1] = .text(previous + next)
                } else {
                    result.append(each)
                }
            }
            return result
        }
        func normal(_ list: [StoryBody.Block]) -> [StoryBody.Block] {
            list.map { block in
                switch block {
                case .paragraph(let children): .paragraph(merged(children))
                // A heading is one line: a setext heading's line breaks are its spaces.
                case .heading(let level, let children): .heading(level: level, merged(spaced(children)))
                case .list(let style, let tight, let items): .list(style, tight: tight, items: items.map(normal))
                case .quote(let children): .quote(normal(children))
                case .pullQuote(let children, let source): .pullQuote(normal(children), source: merged(source))
                case .factBox(let title, let children): .factBox(title: merged(title), normal(children))
                case .table(var table):
                    {
                        table.header = table.header.map(merged)
                        table.rows = table.rows.map { $0.map(merged) }
                        return .table(table)
                    }()
                case .figure(var figure):
                    {
                        figure.caption = merged(figure.caption)
                        figure.credit = merged(figure.credit)
                        return .figure(figure)
                    }()
                default: block
                }
            }
        }
        return StoryBody(blocks: normal(body.blocks))
    }

    static func spaced(_ inlines: [StoryBody.Inline]) -> [StoryBody.Inline] {
        inlines.map { inline in
            switch inline {
            case .softBreak: .text(" ")
            case .emphasis(let children): .emphasis(spaced(children))
            case .strong(let children): .strong(spaced(children))
            case .strikethrough(let children): .strikethrough(spaced(children))
            case .link(let url, let title, let children): .link(url: url, title: title, spaced(children))
            default: inline
            }
        }
    }

    static func normalisedInlines(_ inlines: [StoryBody.Inline]) -> [StoryBody.Inline] {
        guard case .paragraph(let result)? = normalised(StoryBody(blocks: [.paragraph(inlines)])).blocks.first else { return inlines }
        return result
    }

    @Test func everySpecExampleReadsBackAsTheSameBody() throws {
        var differing: [String] = []
        for example in try CommonMarkSpecTests.examples() {
            let body = StoryBody.parse(example.markdown)
            let written = body.markdown
            if Self.normalised(StoryBody.parse(written)) != Self.normalised(body) {
                differing.append("#\(example.example) \(example.markdown.debugDescription) was written \(written.debugDescription)")
            }
        }
        #expect(differing.isEmpty, "\(differing.count) examples:\n\(differing.joined(separator: "\n"))")
    }

    @Test func theNewsroomsBlocksAndEverythingMarkdownCouldMisreadComeBackAsTheyWere() {
        let body = StoryBody(blocks: [
            .paragraph([.text("1. Not a list, # not a heading, > not a quote, *not* emphasis, [not] a link, <b>not</b> HTML, a_b, AT&T, &amp; 100%")]),
            .paragraph([.text("- still text"), .softBreak, .text("=== and"), .lineBreak, .text("+ more")]),
            .heading(level: 2, [.text("Issue #")]),
            .figure(.init(url: "/media/a b.jpg", alt: "The [quay]", title: nil, caption: [.text("Morning "), .emphasis([.text("light")])], credit: [.text("Photo: Mara")])),
            .gallery([.init(url: "/media/1.jpg", alt: "One", title: nil, caption: [.text("First")], credit: []), .init(url: "/media/2.jpg", alt: "Two", title: "t", caption: [], credit: [])]),
            .pullQuote([.paragraph([.text("We are close.")])], source: [.text("Ana Ortiz")]),
            .factBox(title: [.text("In numbers")], [.list(.bullets, tight: true, items: [[.paragraph([.text("3 cranes")])], [.paragraph([.text("1,200 berths")])]])]),
            .embed(.init(url: "https://youtu.be/abc", provider: "YouTube", title: [.text("The launch")], thumbnail: .init(url: "/media/t.jpg", alt: ""))),
            .embed(.init(url: "https://youtu.be/x_y*z", provider: "YouTube", title: nil, thumbnail: nil)),
            .table(.init(alignments: [.left, .right], header: [[.text("a|b")], [.code("x|y")]], rows: [[[.link(url: "https://example.com/?q=a|b", title: nil, [.text("link")])], [.text("2")]]])),
            .code(language: "swift", text: "let a = \"```\"\n"),
            .list(.numbers(start: 3, delimiter: "."), tight: false, items: [[.paragraph([.strong([.text("bold")]), .text(" start")])], [.quote([.paragraph([.text("inside")])])]]),
            .rule,
            .paragraph([.text("Code: "), .code("`tick`"), .text(", "), .strong([.emphasis([.text("both")])]), .text(" and "), .emphasis([.emphasis([.text("twice")])])]),
        ])
        let written = body.markdown
        #expect(Self.normalised(StoryBody.parse(written)) == Self.normalised(body), "\(written)")
    }

    @Test func spacesInsideEmphasisAreWrittenOutsideItWhereMarkdownCanReadThem() {
        let body = StoryBody(blocks: [.paragraph([.text("Spaces"), .emphasis([.text(" around ")]), .text("emphasis")])])
        #expect(body.markdown == "Spaces *around* emphasis")
        #expect(StoryBody.parse(body.markdown).html() == "<p>Spaces <em>around</em> emphasis</p>\n")
    }
}
