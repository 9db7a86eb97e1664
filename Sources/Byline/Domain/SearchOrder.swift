/// How search results are ordered.
public enum SearchOrder: String, Sendable, CaseIterable {
    case newest, relevance
}
