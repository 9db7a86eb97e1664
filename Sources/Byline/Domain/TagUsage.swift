/// A tag and how many articles carry it.
public struct TagUsage: Sendable, Hashable {
    public var tag: Tag
    public var articleCount: Int

    public init(tag: Tag, articleCount: Int) {
        self.tag = tag
        self.articleCount = articleCount
    }
}
