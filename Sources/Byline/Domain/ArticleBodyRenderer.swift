/// Turns an article's stored Markdown into what readers and machines get: the story body
/// parsed by cmark-gfm (`StoryBody`), written out safe by construction, and cached by its text
/// (`BodyCache`) so that each version is rendered once. Headings are demoted one level
/// because the page's only `<h1>` is the headline.
public struct ArticleBodyRenderer: Sendable {
    public init() {}

    public func html(from markdown: String) -> String { rendered(markdown).html }

    public func rendered(_ markdown: String) -> RenderedBody { BodyCache.shared.rendered(markdown) }
}
