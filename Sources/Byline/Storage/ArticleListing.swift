/// Which published articles a listing shows.
public enum ArticleListing: Sendable, Hashable {
    case all
    case section(id: Int64)
    case tag(id: Int64)
    case author(id: Int64)
    /// Stories in a language (a normalized BCP 47 tag; `fr` takes in `fr-CA`), with those saved
    /// without one when the language is the site's.
    case language(String, includesUnnamed: Bool)
}
