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
