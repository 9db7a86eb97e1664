import Byline
import Testing

/// Every row of shared/PITFALLS.md, plus what must keep working.
@Suite("Article body rendering")
struct ArticleBodyRendererTests {
    let renderer = ArticleBodyRenderer()

    @Test func linkTitlesCannotBreakOutOfTheHref() {
        let html = renderer.html(from: #"[x](http://a.example "t\" onmouseover=\"alert(1)")"#)
        #expect(!html.contains("onmouseover=\""))
        #expect(html.contains(#"<a href="http://a.example""#))
        #expect(html.contains(#"title="t&quot; onmouseover=&quot;alert(1)""#))
    }

    @Test func imageAltTextCannotInjectAttributes() {
        let html = renderer.html(from: #"![a" onerror="alert(1)](x.png)"#)
        #expect(!html.contains(#"onerror=""#))
        #expect(html.contains(#"alt="a&quot; onerror=&quot;alert(1)""#))
    }

    @Test(arguments: [
        "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](java&#x09;script:alert(1))", "[x](&#106;avascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)", "[x](vbscript:msgbox(1))", "[x](//evil.example/)",
    ])
    func disallowedSchemesLoseTheirLink(markdown: String) {
        let html = renderer.html(from: markdown)
        #expect(!html.contains("<a "), "\(html)")
        #expect(html.contains("x"))
    }

    @Test(arguments: ["[x](javascript&#58;alert(1))", "[x](javascript%3Aalert(1))", "[x](jav%61script:alert(1))", "[x](&#x6A;avascript:alert(1))"])
    func schemesHiddenByEntitiesOrPercentEncodingAreDecodedFirst(markdown: String) {
        // CommonMark decodes the entity into a colon, and the check decodes percent-encoding,
        // so the browser's `javascript:` is what is refused.
        let html = renderer.html(from: markdown)
        #expect(!html.contains("<a "), "\(html)")
        #expect(html.contains("x"))
    }

    @Test func aSpaceInsideTheTargetIsNoLinkAtAll() {
        // A destination with a space needs <…>; without, CommonMark reads no link, only text.
        let html = renderer.html(from: "[x](java script:alert(1))")
        #expect(!html.contains("<a "))
        #expect(html.contains("[x](java script:alert(1))"))
    }

    @Test func anUnclosedTagCannotSwallowTheRestOfTheStory() {
        let html = renderer.html(from: "First.\n\nA line break<br>inside.\n\nThird **para**.\n\n<hr>\n\nFourth *para*.")
        #expect(html.contains("<p>A line break&lt;br&gt;inside.</p>"))
        #expect(html.contains("<p>Third <strong>para</strong>.</p>"))
        #expect(html.contains("&lt;hr&gt;"))
        #expect(html.contains("<p>Fourth <em>para</em>.</p>"))
    }

    @Test func tablesStrikethroughAndBareAddressesAreGitHubFlavoured() {
        let html = renderer.html(from: "| Party | Seats |\n|:--|--:|\n| Greens | 12 |\n\n~~Withdrawn~~ see www.example.com")
        #expect(html.contains(#"<th class="align-left">Party</th>"#))
        #expect(html.contains(#"<td class="align-right">12</td>"#))
        #expect(html.contains("<del>Withdrawn</del>"))
        #expect(html.contains(#"<a href="http://www.example.com" rel="noopener">www.example.com</a>"#))
    }

    @Test func imagesWithDisallowedSchemesAreNotRendered() {
        let html = renderer.html(from: "![chart](javascript:alert(1))")
        #expect(!html.contains("<img"))
    }

    @Test(arguments: [
        ("[site](https://example.com/a?b=1&c=2)", #"href="https://example.com/a?b=1&amp;c=2""#),
        ("[mail](mailto:desk@example.com)", #"href="mailto:desk@example.com""#),
        ("[story](/world/2019/12/03/talks)", #"href="/world/2019/12/03/talks""#),
        ("[anchor](#comments)", ##"href="#comments""##),
    ])
    func allowedURLsKeepTheirLink(markdown: String, expected: String) {
        #expect(renderer.html(from: markdown).contains(expected))
    }

    @Test func rawHTMLIsShownAsText() {
        let html = renderer.html(from: "<img src=x onerror=alert(1)>")
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func inlineRawHTMLIsShownAsText() {
        let html = renderer.html(from: "Hello <script>alert(1)</script> world")
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
    }

    @Test func referenceLinksAreCheckedLikeInlineLinks() {
        let html = renderer.html(from: "See [the report][r].\n\n[r]: javascript:alert(1)")
        #expect(!html.contains("<a "))
        #expect(html.contains("the report"))
    }

    @Test func typographicQuotesAreKeptExactly() {
        let html = renderer.html(from: "“We are close,” she said. ‘Very close.’")
        #expect(html.contains("“We are close,” she said. ‘Very close.’"))
    }

    @Test func emphasisListsAndQuotesRender() {
        let html = renderer.html(from: "Some *emphasis* and **strength**.\n\n- one\n- two\n\n> quoted")
        #expect(html.contains("<em>emphasis</em>"))
        #expect(html.contains("<strong>strength</strong>"))
        #expect(html.contains("<li>one</li>"))
        #expect(html.contains("<blockquote>"))
    }

    @Test func headingsAreDemotedSoTheHeadlineStaysTheOnlyH1() {
        let html = renderer.html(from: "# Background\n\n## Detail")
        #expect(!html.contains("<h1"))
        #expect(html.contains("<h2>Background</h2>"))
        #expect(html.contains("<h3>Detail</h3>"))
    }

    @Test func linkTextKeepsItsFormatting() {
        #expect(renderer.html(from: "[*the* report](https://example.com)").contains(#"<a href="https://example.com" rel="noopener"><em>the</em> report</a>"#))
    }
}
