import Foundation

/// A value bound to a statement, typed so that PostgreSQL knows the type even of a NULL.
public enum SQLValue: Sendable, Hashable {
    case integer(Int64?)
    case real(Double?)
    case text(String?)
    case boolean(Bool?)
    case date(Date?)
    case blob(Data?)
    case integers([Int64])
    case texts([String])
}
