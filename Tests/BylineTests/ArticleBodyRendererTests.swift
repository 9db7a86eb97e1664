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

    @Test func entityEncodedSchemesStayInertText() {
        // The entity is escaped, so the browser sees "&#58;" literally: a relative URL, not a colon.
        let html = renderer.html(from: "[x](javascript&#58;alert(1))")
        #expect(html.contains(#"href="javascript&amp;#58;alert(1)""#))
    }

    @Test func aSpaceInsideTheTargetSplitsURLFromTitle() {
        let html = renderer.html(from: "[x](java script:alert(1))")
        #expect(html.contains(#"href="java""#))
        #expect(!html.contains(#"href="java script"#))
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
