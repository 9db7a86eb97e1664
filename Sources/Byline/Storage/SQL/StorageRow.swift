import Foundation
import GRDB
import PostgresNIO

/// One row of a result, from either backend, read strictly.
///
/// A column that is missing, NULL where a value is required, of another type, or holding a
/// value the code does not know (a status no release has written) is an error that names the
/// table and the row's key, so one bad row fails one request instead of the process or,
/// worse, reading as something it is not.
public struct StorageRow: @unchecked Sendable {
    // GRDB rows are copied out of their statement before they get here (`Row.fetchAll`), and
    // PostgreSQL's are values; neither is mutated after, which is what makes this Sendable.
    enum Cells {
        case sqlite(GRDB.Row)
        case postgres(PostgresRandomAccessRow)
    }

    let cells: Cells
    /// For messages: the table the row comes from, and the column that identifies it.
    let table: String
    let keyColumn: String

    init(_ cells: Cells, table: String, keyColumn: String = "id") {
        self.cells = cells
        self.table = table
        self.keyColumn = keyColumn
    }

    /// The column's value; an optional type for a column that may be NULL.
    public func decode<Value: StorageDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        do {
            switch cells {
            case .sqlite(let row):
                guard row.hasColumn(column) else { throw Problem("there is no column \(column)") }
                return try row.decode(Value.self, forColumn: column)
            case .postgres(let row):
                guard row.contains(column) else { throw Problem("there is no column \(column)") }
                return try row[column].decode(Value.self)
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw unreadable("\(column): \(Self.describe(error))")
        }
    }

    /// The first column's value, for a query that asks for one value.
    public func decodeFirst<Value: StorageDecodable>(as type: Value.Type = Value.self) throws -> Value {
        do {
            switch cells {
            case .sqlite(let row): return try row.decode(Value.self, atIndex: 0)
            case .postgres(let row): return try row[0].decode(Value.self)
            }
        } catch {
            throw unreadable("the first column: \(Self.describe(error))")
        }
    }

    /// A column holding one of a fixed set of values, such as a status.
    public func decode<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value
    where Value.RawValue: StorageDecodable {
        let raw = try decode(column, as: Value.RawValue.self)
        guard let value = Value(rawValue: raw) else { throw unreadable("\(column): \"\(raw)\" is not a known value") }
        return value
    }

    /// A nullable column holding one of a fixed set of values.
    public func decode<Value: RawRepresentable>(_ column: String, as type: Value?.Type = Value?.self) throws -> Value?
    where Value.RawValue: StorageDecodable, Value.RawValue._DecodableType == Value.RawValue {
        guard let raw = try decode(column, as: Value.RawValue?.self) else { return nil }
        guard let value = Value(rawValue: raw) else { throw unreadable("\(column): \"\(raw)\" is not a known value") }
        return value
    }

    /// The error for this row, naming its table and key.
    public func unreadable(_ problem: String) -> StorageError {
        StorageError.unreadableRow(table: table, key: keyDescription, problem: problem)
    }

    private var keyDescription: String {
        let key: String? = switch cells {
        case .sqlite(let row): row.hasColumn(keyColumn) ? (row[keyColumn] as (any DatabaseValueConvertible)?).map { "\($0)" } : nil
        case .postgres(let row): row.contains(keyColumn) ? Self.text(of: row[keyColumn]) : nil
        }
        return "\(keyColumn) \(key ?? "unknown")"
    }

    private static func text(of cell: PostgresCell) -> String? {
        if let value = try? cell.decode(Int64.self) { return String(value) }
        return try? cell.decode(String.self)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let problem as Problem: problem.message
        case let error as RowDecodingError: "\(error)".components(separatedBy: " - ").first ?? "\(error)"
        case let error as PostgresDecodingError: "cannot decode a \(error.postgresType) as \(error.targetType)"
        default: "\(error)"
        }
    }

    private struct Problem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
