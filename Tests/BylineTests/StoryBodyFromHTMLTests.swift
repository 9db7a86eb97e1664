@testable import Byline
import Foundation
import Testing

/// Someone else's HTML (a WordPress post, a wire story) read into a story body, then stored
/// as Markdown: what the reader sees afterwards is what the tests compare.
@Suite("Story body from HTML")
struct StoryBodyFromHTMLTests {
    /// The page's HTML for an imported fragment, after it has been stored and read back.
    static func shown(_ html: String, _ options: StoryBody.HTMLImport = .init()) -> String {
        let body = StoryBody.fromHTML(html, options).body
        return StoryBody.parse(body.markdown).html(.commonMark)
    }

    @Test func paragraphsHeadingsListsQuotesLinksEmphasisAndImagesSurvive() {
        let html = """
            <h2>The harbour</h2><p>It <strong>reopened</strong> on <em>Monday</em>, <a href="https://example.com/report" title="Report">the report</a> says.</p>
            <ul><li>Cranes</li><li>Berths <del>800</del> 1,200</li></ul><ol start="3"><li>Third</li><li>Fourth</li></ol>
            <blockquote><p>We are close.</p></blockquote><p><img src="/media/a.jpg" alt="The quay"> and text</p><hr><pre><code class="language-swift">let a = 1 &lt; 2</code></pre>
            """
        #expect(Self.shown(html) == """
            <h2>The harbour</h2>
            <p>It <strong>reopened</strong> on <em>Monday</em>, <a href="https://example.com/report" title="Report">the report</a> says.</p>
            <ul>
            <li>Cranes</li>
            <li>Berths <del>800</del> 1,200</li>
            </ul>
            <ol start="3">
            <li>Third</li>
            <li>Fourth</li>
            </ol>
            <blockquote>
            <p>We are close.</p>
            </blockquote>
            <p><img src="/media/a.jpg" alt="The quay" /> and text</p>
            <hr />
            <pre><code class="language-swift">let a = 1 &lt; 2
            </code></pre>

            """)
    }

    @Test func unclosedTagsEndWithTheirParagraphAndNothingIsSwallowed() {
        // A browser would carry the unclosed bold on to the end of the story; here it ends with
        // its paragraph, so one slip doesn't embolden everything after it.
        #expect(Self.shown("<p>One<p>Two <b>bold<p>Three<ul><li>a<li>b</ul></div></span>Four") == """
            <p>One</p>
            <p>Two <strong>bold</strong></p>
            <p>Three</p>
            <ul>
            <li>a</li>
            <li>b</li>
            </ul>
            <p>Four</p>

            """)
    }

    @Test func wordPressLineBreaksAreItsParagraphsAndBreaks() {
        let post = "First paragraph, <em>with emphasis</em>.\n\nSecond, line one\nline two.\n<ul>\n<li>Item</li>\n</ul>\nAfter the list."
        #expect(Self.shown(post, .init(lineBreaksAreMarkup: true)) == """
            <p>First paragraph, <em>with emphasis</em>.</p>
            <p>Second, line one<br />
            line two.</p>
            <ul>
            <li>Item</li>
            </ul>
            <p>After the list.</p>

            """)
        // The same text from a block editor is one paragraph: newlines there are only layout.
        #expect(Self.shown("<p>One\nline</p>") == "<p>One line</p>\n")
    }

    @Test func scriptsHandlersUnknownFramesAndScriptAddressesAreDroppedAndNoted() {
        let (body, notes) = StoryBody.fromHTML("""
            <p onclick="steal()">Read <a href="javascript:alert(1)">this</a><script>alert(1)</script>.</p>
            <iframe src="https://ads.example/frame"></iframe><form><input name="q"></form><style>p{}</style>
            <img src="x.jpg" onerror="alert(1)" alt="Pic">
            """)
        let html = StoryBody.parse(body.markdown).html(.commonMark)
        #expect(html == "<p>Read this.</p>\n<figure class=\"story-figure\">\n<img src=\"x.jpg\" alt=\"Pic\" />\n</figure>\n")
        #expect(notes.removed == ["script": 1, "iframe from ads.example": 1, "form": 1, "style": 1])
        #expect(notes.refusedAddresses == ["javascript:alert(1)"])
    }

    @Test func aVideoPlayerFromAKnownServiceBecomesALinkCard() {
        let html = Self.shown(#"<iframe width="560" src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="The launch"></iframe>"#)
        #expect(html.contains(#"<p class="link-card"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ""#), "\(html)")
        #expect(html.contains("The launch") && !html.contains("iframe"))
        let block = Self.shown("<figure class=\"wp-block-embed is-provider-vimeo\"><div class=\"wp-block-embed__wrapper\">\nhttps://vimeo.com/76979871\n</div></figure>")
        #expect(block.contains(#"<span class="link-card__provider">Vimeo</span>"#), "\(block)")
        // WordPress 6 writes the editor's caption under the address; it titles the card.
        let captioned = Self.shown("<figure class=\"wp-block-embed is-provider-youtube\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=aqz-KE-bpKQ\n</div><figcaption class=\"wp-element-caption\">The final, <em>in full</em>.</figcaption></figure>")
        #expect(captioned.contains(#"<a href="https://www.youtube.com/watch?v=aqz-KE-bpKQ" rel="noopener nofollow">"#), "\(captioned)")
        #expect(captioned.contains(#"<span class="link-card__title">The final, <em>in full</em>.</span>"#), "\(captioned)")
    }

    @Test func figuresKeepTheirCaptionsAndAnImageLinkedToItsFileIsAFigure() {
        #expect(Self.shown(#"<figure class="wp-block-image"><img src="/media/a.jpg" alt="Quay"/><figcaption>The quay at <em>dawn</em>.</figcaption></figure>"#) == """
            <figure class="story-figure">
            <img src="/media/a.jpg" alt="Quay" />
            <figcaption>The quay at <em>dawn</em>.</figcaption>
            </figure>

            """)
        #expect(Self.shown(#"<p><a href="/media/big.jpg"><img src="/media/small.jpg" alt="Quay"></a></p>"#).hasPrefix("<figure class=\"story-figure\">\n<img src=\"/media/small.jpg\""))
    }

    @Test func aGalleryBlockIsAGalleryAndAPullQuoteKeepsItsSource() {
        let gallery = Self.shown("""
            <figure class="wp-block-gallery"><figure><img src="/media/1.jpg" alt="One"><figcaption>First</figcaption></figure><figure><img src="/media/2.jpg" alt="Two"></figure></figure>
            """)
        #expect(gallery.hasPrefix("<div class=\"story-gallery\">\n<figure class=\"story-figure\">\n<img src=\"/media/1.jpg\" alt=\"One\" />\n<figcaption>First</figcaption>"), "\(gallery)")
        #expect(gallery.contains("<img src=\"/media/2.jpg\" alt=\"Two\" />"))
        let quote = Self.shown(#"<figure class="wp-block-pullquote"><blockquote><p>We are close.</p><cite>Ana Ortiz</cite></blockquote></figure>"#)
        #expect(quote == "<figure class=\"pull-quote\">\n<blockquote>\n<p>We are close.</p>\n</blockquote>\n<figcaption>— Ana Ortiz</figcaption>\n</figure>\n")
    }

    @Test func aTableIsATableWithItsFirstRowAsHeaderWhenItHasNone() {
        #expect(Self.shown("<table><tr><td>Port</td><td>Berths</td></tr><tr><td>North | East</td><td>1,200</td></tr></table>") == """
            <table>
            <thead>
            <tr>
            <th>Port</th>
            <th>Berths</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td>North | East</td>
            <td>1,200</td>
            </tr>
            </tbody>
            </table>

            """)
    }

    @Test func referencesAreDecodedAndWhiteSpaceIsWhatABrowserShows() {
        #expect(Self.shown("<p>AT&amp;T&#8217;s   <em>new </em>plan&hellip; &lt;b&gt; &#x1F600; *stars*</p>") == "<p>AT&amp;T’s <em>new</em> plan… &lt;b&gt; 😀 *stars*</p>\n")
    }

    @Test func addressesPassThroughTheImportersMapping() {
        let options = StoryBody.HTMLImport { $0.replacingOccurrences(of: "https://old.example/wp-content/uploads/", with: "/media/") }
        #expect(Self.shown(#"<p><img src="https://old.example/wp-content/uploads/2020/a.jpg" alt="A"></p>"#, options).contains(#"src="/media/2020/a.jpg""#))
    }

    @Test func aNextPageMarkIsARuleAndTheMoreMarkIsDropped() {
        #expect(Self.shown("<p>One</p><!--more--><p>Two</p><!--nextpage--><p>Three</p>") == "<p>One</p>\n<p>Two</p>\n<hr />\n<p>Three</p>\n")
    }
}
