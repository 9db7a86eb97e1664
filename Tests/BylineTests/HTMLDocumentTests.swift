@testable import Byline
import Testing

extension HTMLDocument.Node {
    fileprivate var element: HTMLDocument.Element? {
        if case .element(let element) = self { return element }
        return nil
    }
}

@Suite("HTML read as a browser reads it")
struct HTMLDocumentTests {
    @Test func attributesInAnyQuotingAndReferencesAreRead() throws {
        let document = HTMLDocument(parsing: #"<a href='/a?x=1&amp;y=2' title=plain data-x="q&quot;" HREF="ignored">t</a>"#)
        let link = try #require(document.nodes.first?.element)
        #expect(link.attributes == ["href": "/a?x=1&y=2", "title": "plain", "data-x": "q\""])
    }

    @Test func scriptContentIsTextNotMarkupAndAStrayLessThanIsText() {
        let document = HTMLDocument(parsing: "<script>if (a < b) { document.write('<p>x</p>') }</script>1 < 2")
        #expect(document.nodes == [
            .element(.init(name: "script", attributes: [:], children: [.text("if (a < b) { document.write('<p>x</p>') }")])),
            .text("1 "), .text("< 2"),
        ])
    }

    @Test func everyReferenceKindDecodes() {
        #expect(HTMLEntities.decoded("&amp; &lt; &eacute; &rsquo; &#233; &#xE9; &#0; &nosuch; & alone") == "& < é ’ é é \u{FFFD} &nosuch; & alone")
    }
}
