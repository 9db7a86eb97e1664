/// Turns an article's stored Markdown into the HTML a page shows: the story body parsed by
/// cmark-gfm (`StoryBody`) and written out safe by construction. Headings are demoted one
/// level because the page's only `<h1>` is the headline.
public struct ArticleBodyRenderer: Sendable {
    public init() {}

    public func html(from markdown: String) -> String {
        // cmark ends every block with a newline; a fragment dropped into a page or a JSON
        // field doesn't need the last one.
        var html = StoryBody.parse(markdown).html(.page)
        if html.hasSuffix("\n") { html.removeLast() }
        return html
    }
}
