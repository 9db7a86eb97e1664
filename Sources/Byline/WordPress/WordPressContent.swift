import Foundation

/// A WordPress post's `content:encoded` made a Byline body: shortcodes expanded, the HTML
/// read into a `StoryBody`, and that written as the Markdown Byline stores.
struct WordPressContent {
    var shortcodes: WordPressShortcodes
    /// Each link and image address on its way in (uploads made media-library paths).
    var address: @Sendable (String) -> String?

    struct Converted: Equatable {
        var markdown: String
        var body: StoryBody
        var shortcodesRemoved: [String: Int]
        var notes: StoryBody.HTMLImportNotes
    }

    func convert(_ content: String) -> Converted {
        let expanded = shortcodes.expand(content)
        // Posts written in the block editor carry their own <p>s; classic ones rely on
        // wpautop, which WordPress skips for block content, as this does.
        let blocks = content.contains("<!-- wp:")
        let (body, notes) = StoryBody.fromHTML(expanded.html, .init(lineBreaksAreMarkup: !blocks, address: address))
        return Converted(markdown: body.markdown, body: body, shortcodesRemoved: expanded.removed, notes: notes)
    }
}
