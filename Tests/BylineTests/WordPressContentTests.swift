@testable import Byline
import Foundation
import Testing

@Suite("WordPress post content")
struct WordPressContentTests {
    static let pictures: [Int: WordPressShortcodes.Attachment] = [
        11: .init(url: "/media/2020/quay.jpg", alt: "The quay", caption: "Morning at the quay"),
        12: .init(url: "/media/2020/cranes.jpg", alt: "Cranes", caption: ""),
    ]

    static func converter(attached: [WordPressShortcodes.Attachment] = []) -> WordPressContent {
        WordPressContent(
            shortcodes: WordPressShortcodes(attachment: { pictures[$0] }, attachedToPost: { attached }),
            address: { $0.replacingOccurrences(of: "https://old.example/wp-content/uploads/", with: "/media/") })
    }

    static func shown(_ content: String) -> String {
        StoryBody.parse(converter().convert(content).markdown).html(.commonMark)
    }

    @Test func aCaptionShortcodeIsAFigureWithItsCaption() {
        let content = #"[caption id="attachment_11" align="alignright" width="300"]<a href="https://old.example/wp-content/uploads/2020/quay.jpg"><img class="size-medium" src="https://old.example/wp-content/uploads/2020/quay-300x200.jpg" alt="The quay" width="300" height="200" /></a> Morning at the <em>quay</em>[/caption]"#
            + "\n\nThe harbour reopened."
        #expect(Self.shown(content) == """
            <figure class="story-figure">
            <img src="/media/2020/quay-300x200.jpg" alt="The quay" />
            <figcaption>Morning at the <em>quay</em></figcaption>
            </figure>
            <p>The harbour reopened.</p>

            """)
    }

    @Test func aGalleryShortcodeIsAGalleryOfItsAttachmentsOrOfThePostsOwn() {
        let named = Self.shown(#"[gallery ids="12,11" columns="2"]"#)
        #expect(named.hasPrefix("<div class=\"story-gallery\">\n<figure class=\"story-figure\">\n<img src=\"/media/2020/cranes.jpg\" alt=\"Cranes\" />\n</figure>"), "\(named)")
        #expect(named.contains("<figcaption>Morning at the quay</figcaption>"))
        let own = StoryBody.parse(Self.converter(attached: [Self.pictures[11]!]).convert("[gallery]").markdown).html(.commonMark)
        #expect(own.contains("/media/2020/quay.jpg"), "\(own)")
    }

    @Test func audioVideoAndEmbedShortcodesAreLinksAndAKnownVideoACard() {
        let html = Self.shown("""
            Listen:

            [audio mp3="https://old.example/wp-content/uploads/2020/interview.mp3"][/audio]

            [embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]

            [video width="640" mp4="/media/clip.mp4"]
            """)
        #expect(html.contains(#"<p><a href="/media/2020/interview.mp3">Audio: interview.mp3</a></p>"#), "\(html)")
        #expect(html.contains(#"<p class="link-card"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ""#))
        #expect(html.contains(#"<p><a href="/media/clip.mp4">Video: clip.mp4</a></p>"#))
    }

    @Test func unknownShortcodesAreRemovedAndCountedButTheirWordsAndBracketedWordsStay() {
        let converted = Self.converter().convert("""
            [su_box title="Note"]Keep these words.[/su_box] [contact-form-7 id="5"] [adrotate banner="3"]

            The mayor said [sic] that 2 + 2 [1] is five. [Editor's note: corrected.]

            Write [[gallery]] to show one.
            """)
        #expect(converted.shortcodesRemoved == ["su_box": 1, "contact-form-7": 1, "adrotate": 1])
        let html = StoryBody.parse(converted.markdown).html(.commonMark)
        #expect(html == "<p>Keep these words.</p>\n<p>The mayor said [sic] that 2 + 2 [1] is five. [Editor's note: corrected.]</p>\n<p>Write [gallery] to show one.</p>\n")
    }

    @Test func classicPostsGetTheirParagraphsFromBlankLinesAndBlockPostsFromTheirTags() {
        #expect(Self.shown("One\nline\n\nTwo") == "<p>One<br />\nline</p>\n<p>Two</p>\n")
        #expect(Self.shown("<!-- wp:paragraph -->\n<p>One\nline</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Two</p>\n<!-- /wp:paragraph -->") == "<p>One line</p>\n<p>Two</p>\n")
    }
}
