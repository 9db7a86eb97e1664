@testable import Byline
import Foundation
import Synchronization
import Testing

/// The body model every consumer reads, and the cache that renders each version once.
@Suite("Story body")
struct StoryBodyTests {
    @Test func theModelIsTheParsedTree() {
        let body = StoryBody.parse("## Background\n\n> “We are close,” she said.\n\n1. one\n2. *two*\n\n```swift\nlet x = 1\n```")
        #expect(body.blocks == [
            .heading(level: 2, [.text("Background")]),
            .quote([.paragraph([.text("“We are close,” she said.")])]),
            .list(.numbers(start: 1, delimiter: "."), tight: true, items: [[.paragraph([.text("one")])], [.paragraph([.emphasis([.text("two")])])]]),
            .code(language: "swift", text: "let x = 1\n"),
        ])
    }

    @Test func plainTextAndWordCountComeFromTheWordsNotTheMarkup() {
        let body = StoryBody.parse("The **port** [reopened](https://example.com) on <b>Monday</b>.\n\n| a | b |\n|---|---|\n| one | two |")
        #expect(body.plainText == "The port reopened on Monday.\n\na b\n\none two")
        #expect(body.wordCount == 9)
    }

    @Test func readingTimeIsAtLeastAMinuteAt230WordsAMinute() {
        #expect(RenderedBody(StoryBody.parse("Short.")).readingMinutes == 1)
        #expect(RenderedBody(StoryBody.parse(Array(repeating: "word", count: 1150).joined(separator: " "))).readingMinutes == 5)
    }

    @Test func eachTextIsRenderedOnceAndAnEditIsANewEntry() {
        let cache = BodyCache(maxBytes: 1_048_576)
        let first = cache.rendered("Version *one*.")
        #expect(cache.rendered("Version *one*.").html == first.html)
        #expect(cache.count == 1)
        #expect(cache.rendered("Version *two*.").html == "<p>Version <em>two</em>.</p>")
        #expect(cache.count == 2)
    }

    @Test func aCommentsHTMLIsWrittenOnceAndIsWhatCommentTextWrites() {
        let renders = Mutex(0)
        let cache = TextCache<String>(maxBytes: 1_048_576, render: { text in
            renders.withLock { $0 += 1 }
            return CommentText.html(text)
        }, size: { $0.utf8.count })
        let text = "First line <b>not bold</b>\nsee https://example.com/a?b=1&c=2\n\nSecond paragraph"
        #expect(cache.rendered(text) == CommentText.html(text))
        #expect(cache.rendered(text) == CommentText.html(text))
        #expect(renders.withLock { $0 } == 1)
        #expect(TextCache.comments.rendered(text) == CommentText.html(text))
    }

    @Test func bodiesThatShareTheirOpeningAndEndingAreStillDifferentEntries() {
        // The cache hashes a body by its length and its two ends; the middle still counts.
        let cache = BodyCache(maxBytes: 1_048_576)
        let ends = String(repeating: "“Quote,” she said. ", count: 40)
        let first = cache.rendered(ends + "The port *reopened*." + ends)
        let second = cache.rendered(ends + "The port **closed**." + ends)
        #expect(first.html.contains("<em>reopened</em>") && second.html.contains("<strong>closed</strong>"))
        #expect(cache.count == 2)
    }

    @Test func theCacheStaysWithinItsBytesDroppingTheLeastRecentlyUsed() {
        let cache = BodyCache(maxBytes: 40_000)
        let kept = "Kept " + String(repeating: "x", count: 1_000)
        _ = cache.rendered(kept)
        for index in 0..<100 {
            _ = cache.rendered("Story \(index) " + String(repeating: "y", count: 1_000))
            _ = cache.rendered(kept)
        }
        #expect(cache.count < 20)
        #expect(cache.contains(kept), "the body read after every other one is the last to go")
        #expect(!cache.contains("Story 0 " + String(repeating: "y", count: 1_000)), "the first story, never read again, went")
    }

    // MARK: The newsroom's blocks

    @Test func anImageAloneWithCaptionAndCreditLinesIsAFigure() {
        let html = ArticleBodyRenderer().html(from: "![Cranes at dusk](/media/3f2a.jpg)\nCaption: The harbour *reopened*.\nCredit: Photo: Mara Lindqvist")
        #expect(html == """
            <figure class="story-figure">
            <img src="/media/3f2a.jpg" alt="Cranes at dusk" loading="lazy" />
            <figcaption>The harbour <em>reopened</em>. <span class="story-figure__credit">Photo: Mara Lindqvist</span></figcaption>
            </figure>
            """)
    }

    @Test func anImageInsideTextStaysInline() {
        let html = ArticleBodyRenderer().html(from: "See ![chart](/media/c.png) below.")
        #expect(html == #"<p>See <img src="/media/c.png" alt="chart" loading="lazy" /> below.</p>"#)
    }

    @Test func aFigureWithADisallowedAddressShowsOnlyItsAltText() {
        let html = ArticleBodyRenderer().html(from: "![a\" onerror=\"alert(1)](javascript:alert(1))\nCaption: x")
        #expect(!html.contains("<img"))
        #expect(!html.contains("onerror=\""))
    }

    @Test func aPullQuoteHasItsSource() {
        let html = ArticleBodyRenderer().html(from: "> [!pullquote]\n> We are close.\n> — Ana Ortiz, harbour master")
        #expect(html == """
            <figure class="pull-quote">
            <blockquote>
            <p>We are close.</p>
            </blockquote>
            <figcaption>— Ana Ortiz, harbour master</figcaption>
            </figure>
            """)
    }

    @Test func aFactBoxHasItsTitleAndContent() {
        let html = ArticleBodyRenderer().html(from: "> [!factbox] The harbour in numbers\n>\n> - 1,200 berths\n> - 3 cranes")
        #expect(html.hasPrefix("<aside class=\"fact-box\">\n<p class=\"fact-box__title\">The harbour in numbers</p>\n<ul>\n<li>1,200 berths</li>"))
        #expect(html.hasSuffix("</ul>\n</aside>"))
    }

    @Test(arguments: [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube"), ("https://youtu.be/dQw4w9WgXcQ", "YouTube"),
        ("https://vimeo.com/76979871", "Vimeo"), ("https://x.com/example/status/123", "X"), ("https://www.instagram.com/p/Cx1/", "Instagram"),
        ("https://bsky.app/profile/example.com/post/3k", "Bluesky"),
    ])
    func aVideoOrPostAloneOnALineIsALinkCardWithNoThirdPartyScript(url: String, provider: String) {
        let html = ArticleBodyRenderer().html(from: url)
        #expect(html.hasPrefix(#"<p class="link-card"><a href=""#), "\(html)")
        #expect(html.contains(#"<span class="link-card__provider">\#(provider)</span>"#))
        #expect(!html.contains("<script") && !html.contains("<iframe"))
    }

    @Test func aGalleryIsItsPicturesEachWithItsCaptionAndAQuoteOfAnythingElseStaysAQuote() {
        let html = ArticleBodyRenderer().html(from: "> [!gallery]\n> ![The quay](/media/1.jpg)\n> Caption: Morning.\n>\n> ![The cranes](/media/2.jpg)")
        #expect(html == "<div class=\"story-gallery\">\n<figure class=\"story-figure\">\n<img src=\"/media/1.jpg\" alt=\"The quay\" loading=\"lazy\" />\n<figcaption>Morning.</figcaption>\n</figure>\n<figure class=\"story-figure\">\n<img src=\"/media/2.jpg\" alt=\"The cranes\" loading=\"lazy\" />\n</figure>\n</div>")
        #expect(ArticleBodyRenderer().html(from: "> [!gallery]\n>\n> Not a picture.").hasPrefix("<blockquote>"))
    }

    @Test func aTitledLinkCardShowsItsTitleAndAnOrdinaryLinkStaysALink() {
        #expect(ArticleBodyRenderer().html(from: "[The launch, in full](https://youtu.be/abc)").contains(#"<span class="link-card__title">The launch, in full</span>"#))
        #expect(ArticleBodyRenderer().html(from: "https://example.com/report") == #"<p><a href="https://example.com/report" rel="noopener">https://example.com/report</a></p>"#)
    }

    @Test func aPictureFromTheMediaLibraryInsideTheLinkIsTheCardsThumbnail() {
        let html = ArticleBodyRenderer().html(from: "[![Crowds at the launch](/media/3f2a.jpg) The launch, in full](https://youtu.be/abc)")
        #expect(html == #"<p class="link-card"><a href="https://youtu.be/abc" rel="noopener nofollow"><img class="link-card__thumbnail" src="/media/3f2a.jpg" alt="" loading="lazy" /> <span class="link-card__provider">YouTube</span> <span class="link-card__title">The launch, in full</span></a></p>"#)
        // With no words beside it, the picture's description titles the card.
        #expect(ArticleBodyRenderer().html(from: "[![Crowds at the launch](/media/3f2a.jpg)](https://youtu.be/abc)").contains(#"<span class="link-card__title">Crowds at the launch</span>"#))
        // Feeds are read elsewhere, so the thumbnail's address is absolute there.
        let feed = ArticleBodyRenderer().html(from: "[![Crowds](/media/3f2a.jpg)](https://youtu.be/abc)", linkingFrom: "https://news.example")
        #expect(feed.contains(#"src="https://news.example/media/3f2a.jpg""#), "\(feed)")
    }

    @Test(arguments: ["https://i.ytimg.com/vi/abc/hqdefault.jpg", "//tracker.example/pixel.gif", "javascript:alert(1)"])
    func aThumbnailFromAnotherServerIsLeftOutSoTheCardTracksNoReader(thumbnail: String) {
        let html = ArticleBodyRenderer().html(from: "[![Crowds](\(thumbnail)) The launch](https://youtu.be/abc)")
        #expect(html == #"<p class="link-card"><a href="https://youtu.be/abc" rel="noopener nofollow"><span class="link-card__provider">YouTube</span> <span class="link-card__title">The launch</span></a></p>"#)
    }
}

/// Bodies are stored as they were written; the new renderer reads the ones already there.
@Suite("Existing bodies keep rendering")
struct ExistingBodiesTests {
    @Test func everyDemoStoryRendersEachParagraphWithNoMarkupLeftOver() throws {
        let stories = try ArticleImport.parse(Data(contentsOf: URL(fileURLWithPath: BundledResources.demoArticles)))
        #expect(stories.count == 12)
        for story in stories {
            let chunks = story.bodyMarkdown.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            let body = StoryBody.parse(story.bodyMarkdown)
            #expect(body.blocks.count == chunks.count, "\(story.slug): \(chunks.count) paragraphs written, \(body.blocks.count) rendered")
            let html = ArticleBodyRenderer().html(from: story.bodyMarkdown)
            for leftover in ["**", "&lt;", "\n## ", "\n> "] { #expect(!("\n" + html).contains(leftover), "\(story.slug) shows \(leftover.debugDescription)") }
            // Every word written is a word shown.
            let written = story.bodyMarkdown.split(whereSeparator: \.isWhitespace).filter { $0.contains { $0.isLetter || $0.isNumber } }.count
            #expect(body.wordCount == written, "\(story.slug): \(written) words written, \(body.wordCount) counted")
        }
    }

    @Test func aBodyWithAnUnclosedTagStillFormatsWhatFollows() {
        // Ink, the renderer before, turned everything after a pasted <br> into one paragraph of
        // literal text, asterisks included.
        let html = ArticleBodyRenderer().html(from: "First.\n\nA line break<br>inside.\n\nThird **para**.\n\n<hr>\n\nFourth *para*.")
        #expect(html.components(separatedBy: "<p>").count - 1 == 4)
        #expect(!html.contains("*"))
    }
}

@Suite("Story body away from the site")
struct BodyOffSiteTests {
    @Test func aFeedGetsSiteAddressesMadeAbsoluteAndOthersLeftAsTheyAre() {
        let html = ArticleBodyRenderer().html(
            from: "See [the story](/world/2019/12/03/talks), [elsewhere](https://example.com/) and ![chart](/media/c.png).",
            linkingFrom: "https://news.example.com"
        )
        #expect(html.contains(#"href="https://news.example.com/world/2019/12/03/talks""#))
        #expect(html.contains(#"href="https://example.com/""#))
        #expect(html.contains(#"src="https://news.example.com/media/c.png""#))
    }
}
