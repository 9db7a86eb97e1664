import Foundation

/// A Swift value that can be bound to a statement.
public protocol SQLBindable {
    /// The value to bind, typed even when it is NULL, for PostgreSQL's sake.
    static func sqlValue(_ value: Self?) -> SQLValue
}

extension Int64: SQLBindable { public static func sqlValue(_ value: Int64?) -> SQLValue { .integer(value) } }
extension Int: SQLBindable { public static func sqlValue(_ value: Int?) -> SQLValue { .integer(value.map(Int64.init)) } }
extension String: SQLBindable { public static func sqlValue(_ value: String?) -> SQLValue { .text(value) } }
extension Double: SQLBindable { public static func sqlValue(_ value: Double?) -> SQLValue { .real(value) } }
extension Bool: SQLBindable { public static func sqlValue(_ value: Bool?) -> SQLValue { .boolean(value) } }
extension Date: SQLBindable { public static func sqlValue(_ value: Date?) -> SQLValue { .date(value) } }
extension Data: SQLBindable { public static func sqlValue(_ value: Data?) -> SQLValue { .blob(value) } }
