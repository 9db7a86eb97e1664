
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var request: PageRequest
    public var totalCount: Int

    public init(items: [Item], request: PageRequest, totalCount: Int) {
        self.items = items
        self.request = request
        self.totalCount = totalCount
    }

    public var pageCount: Int { max(1, (totalCount + request.size - 1) / request.size) }
    public var hasNext: Bool { request.number < pageCount }
    public var hasPrevious: Bool { request.number > 1 }
    /// Past the last page there is nothing to show: callers answer 404 rather than an empty page.
    public var isBeyondEnd: Bool { request.number > pageCount }
}
