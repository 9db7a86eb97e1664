/// Turns an article's stored Markdown into what readers and machines get: the story body
/// parsed by cmark-gfm (`StoryBody`), written out safe by construction, and cached by its text
/// (`BodyCache`) so that each version is rendered once. Headings are demoted one level
/// because the page's only `<h1>` is the headline.
public struct ArticleBodyRenderer: Sendable {
    public init() {}

    public func html(from markdown: String) -> String { rendered(markdown).html }

    public func rendered(_ markdown: String) -> RenderedBody { BodyCache.shared.rendered(markdown) }

    /// The body for somewhere off the site (a feed reader): site-relative links and images
    /// written as absolute addresses under `base`. Feeds are cached whole, so this isn't.
    public func html(from markdown: String, linkingFrom base: String) -> String {
        var style = StoryBody.HTMLStyle.page
        style.base = base
        return StoryBody.parse(markdown).fragment(style)
    }
}
