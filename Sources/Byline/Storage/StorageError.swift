import Foundation

/// Failures a person can act on; anything else from a backend is a bug.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    /// Another article already uses this slug.
    case slugTaken(String)
    /// Another article already has this external ID (the ID a wire or an old CMS gave it).
    case externalIDTaken(String)
    /// A standing page's address is another page's, a section's, or one the site uses itself.
    case pathTaken(String, by: String)
    /// The article may not be published then: the agency killed it, or its embargo has not
    /// lifted (the message says which, and until when).
    case publicationRefused(String)
    /// The story cannot be linked as a translation of the one named (the message says why).
    case translationRefused(String)
    /// A value broke a rule the schema enforces (the message names it).
    case constraintViolated(String)
    /// The database cannot be reached right now; the request may succeed later.
    case unavailable
    /// A stored row cannot be read as what it should hold: written by a newer release, or
    /// changed by hand. One request fails; the rest of the site goes on.
    case unreadableRow(table: String, key: String, problem: String)

    public var description: String {
        switch self {
        case .slugTaken(let slug): "the slug \"\(slug)\" is already used by another article"
        case .externalIDTaken(let id): "the external ID \"\(id)\" belongs to another article"
        case .pathTaken(let path, let holder): "the address \(path) is already \(holder)"
        case .publicationRefused(let reason), .translationRefused(let reason): reason
        case .constraintViolated(let detail): "the database refused the change: \(detail)"
        case .unavailable: "the database is unavailable"
        case .unreadableRow(let table, let key, let problem): "the \(table) row with \(key) cannot be read: \(problem)"
        }
    }
}
