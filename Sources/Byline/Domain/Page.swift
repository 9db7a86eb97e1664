/// One page of a longer listing. Page numbers start at 1, as readers see them in URLs.
public struct PageRequest: Sendable, Hashable {
    public var number: Int
    public var size: Int

    public init(number: Int, size: Int) {
        precondition(number >= 1 && size >= 1, "page numbers and sizes start at 1")
        self.number = number
        self.size = size
    }

    public var offset: Int { (number - 1) * size }
}

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
