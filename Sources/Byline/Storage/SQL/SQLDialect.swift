import Foundation

/// The SQL engines Byline stores its data in.
public enum SQLDialect: Sendable, Hashable {
    case sqlite
    case postgres
}
