import Foundation

/// SQL written once for both backends, with every interpolated value bound as a parameter.
///
/// `"SELECT id FROM comments WHERE article_id = \(articleID)"` becomes `… = ?` on SQLite and
/// `… = $1` on PostgreSQL, with the value sent apart from the text: input can never change the
/// statement. What the dialects spell differently is said once, where it differs:
/// `\(in: ids)` is `IN (?, ?)` on SQLite and `= ANY($1)` on PostgreSQL, and
/// `SQLStatement.dialect(sqlite:postgres:)` holds two spellings of one clause.
///
/// It does not check the SQL: a statement that one engine refuses fails when it runs.
public struct SQLStatement: Sendable, ExpressibleByStringInterpolation {
    enum Part: Sendable {
        case text(String)
        case value(SQLValue)
        /// The right-hand side of a membership test, with the operator.
        case membership([SQLValue], arrayValue: SQLValue)
        case dialect(sqlite: String, postgres: String)
    }

    private(set) var parts: [Part]

    public init(stringLiteral value: String) { parts = [.text(value)] }

    public init(stringInterpolation: StringInterpolation) { parts = stringInterpolation.parts }

    /// One clause spelled two ways; text only, never input.
    public static func dialect(sqlite: String, postgres: String) -> SQLStatement {
        var statement = SQLStatement(stringLiteral: "")
        statement.parts = [.dialect(sqlite: sqlite, postgres: postgres)]
        return statement
    }

    /// Statements joined with `separator` between them.
    public static func joined(_ statements: [SQLStatement], separator: String) -> SQLStatement {
        var statement = SQLStatement(stringLiteral: "")
        statement.parts = []
        for (index, part) in statements.enumerated() {
            if index > 0 { statement.parts.append(.text(separator)) }
            statement.parts += part.parts
        }
        return statement
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) { parts.reserveCapacity(interpolationCount * 2 + 1) }

        public mutating func appendLiteral(_ literal: String) { parts.append(.text(literal)) }

        /// A bound value.
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value) { parts.append(.value(Value.sqlValue(value))) }

        /// A bound value, NULL when absent.
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value?) {
            parts.append(.value(Value.sqlValue(value)))
        }

        /// Another statement, spliced in with its own bound values.
        public mutating func appendInterpolation(_ fragment: SQLStatement) { parts += fragment.parts }

        /// `IN (…)` on SQLite, `= ANY(…)` on PostgreSQL: "is one of these values".
        public mutating func appendInterpolation(in values: [Int64]) {
            parts.append(.membership(values.map { .integer($0) }, arrayValue: .integers(values)))
        }

        /// `IN (…)` on SQLite, `= ANY(…)` on PostgreSQL: "is one of these values".
        public mutating func appendInterpolation(in values: [String]) {
            parts.append(.membership(values.map { .text($0) }, arrayValue: .texts(values)))
        }
    }

    /// The text for one engine, with a placeholder for each bound value, and the values in order.
    func rendered(for dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        var sql = ""
        var values: [SQLValue] = []
        func placeholder(_ value: SQLValue) {
            values.append(value)
            sql += dialect == .sqlite ? "?" : "$\(values.count)"
        }
        for part in parts {
            switch part {
            case .text(let text): sql += text
            case .value(let value): placeholder(value)
            case .dialect(let sqlite, let postgres): sql += dialect == .sqlite ? sqlite : postgres
            case .membership(let elements, let array):
                switch dialect {
                case .sqlite:
                    sql += "IN ("
                    for (index, element) in elements.enumerated() {
                        if index > 0 { sql += ", " }
                        placeholder(element)
                    }
                    sql += ")"
                case .postgres:
                    sql += "= ANY("
                    placeholder(array)
                    sql += ")"
                }
            }
        }
        return (sql, values)
    }
}
