/// What every consumer takes from a body, computed once per text: the page's HTML, the plain
/// text for the search index and `articleBody`, and the word count and reading time.
public struct RenderedBody: Sendable {
    public let html: String
    public let plainText: String
    public let wordCount: Int

    init(_ body: StoryBody) {
        html = body.fragment(.page)
        plainText = body.plainText
        wordCount = body.wordCount
    }

    /// Minutes at 230 words a minute, an adult's silent reading pace; at least one.
    public var readingMinutes: Int { max(1, (wordCount + 115) / 230) }
}
