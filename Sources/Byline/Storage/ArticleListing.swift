/// Which published articles a listing shows.
public enum ArticleListing: Sendable, Hashable {
    case all
    case section(id: Int64)
    case tag(id: Int64)
    case author(id: Int64)
}
