import Foundation

/// A database schema reduced to what SQLite and PostgreSQL can both say, so that the two
/// backends' migrated schemas can be compared for drift.
///
/// Types are reduced to their kind (`INTEGER` and `BIGINT` are both integers; SQLite's
/// `DATETIME` and PostgreSQL's `TIMESTAMPTZ` are both timestamps; SQLite's `INTEGER` with
/// `CHECK (x IN (0, 1))` is PostgreSQL's `BOOLEAN`). A check constraint is reduced to the
/// columns it reads, the values it lists and the numbers it compares with, since the dialects
/// spell the same rule differently (`GLOB` and `~`, `length` and `char_length`, `BETWEEN`).
/// Index expressions and predicates are compared as text with case, quoting, casts, spaces
/// and parentheses taken out.
struct NeutralSchema: Equatable {
    var tables: [String: Table] = [:]

    struct Table: Equatable {
        var columns: [String: Column] = [:]
        var primaryKey: [String] = []
        var uniques: Set<[String]> = []
        var foreignKeys: Set<ForeignKey> = []
        var checks: [Check] = []
        var indexes: [String: Index] = [:]
    }

    struct Column: Equatable, CustomStringConvertible {
        enum Kind: String { case integer, real, text, timestamp, boolean, blob, other }
        var kind: Kind
        var notNull: Bool
        var defaultValue: String?

        var description: String { "\(kind.rawValue)\(notNull ? " not null" : "")\(defaultValue.map { " default \($0)" } ?? "")" }
    }

    struct ForeignKey: Hashable, CustomStringConvertible {
        var columns: [String]
        var table: String
        var referenced: [String]
        var onDelete: String

        var description: String { "(\(columns.joined(separator: ", "))) → \(table)(\(referenced.joined(separator: ", "))) on delete \(onDelete)" }
    }

    struct Check: Hashable, Comparable, CustomStringConvertible {
        var columns: [String]
        var values: [String]
        var numbers: [String]

        static func < (a: Check, b: Check) -> Bool { a.description < b.description }
        var description: String {
            "check on \(columns.joined(separator: ", "))" + (values.isEmpty ? "" : " values \(values)") + (numbers.isEmpty ? "" : " numbers \(numbers)")
        }
    }

    struct Index: Equatable, CustomStringConvertible {
        var unique: Bool
        var terms: [String]
        var predicate: String?

        var description: String { "\(unique ? "unique " : "")(\(terms.joined(separator: ", ")))\(predicate.map { " where \($0)" } ?? "")" }
    }

    /// Every difference between two schemas, one readable line each.
    func differences(from other: NeutralSchema, names: (String, String)) -> [String] {
        var lines: [String] = []
        func compare<Value: Equatable>(_ what: String, _ mine: [String: Value], _ theirs: [String: Value], describe: (Value) -> String) {
            for key in Set(mine.keys).union(theirs.keys).sorted() {
                switch (mine[key], theirs[key]) {
                case (let a?, nil): lines.append("\(what) \(key): only in \(names.0) (\(describe(a)))")
                case (nil, let b?): lines.append("\(what) \(key): only in \(names.1) (\(describe(b)))")
                case (let a?, let b?) where a != b: lines.append("\(what) \(key): \(names.0) has \(describe(a)), \(names.1) has \(describe(b))")
                default: break
                }
            }
        }
        compare("table", tables.mapValues { _ in true }, other.tables.mapValues { _ in true }) { _ in "table" }
        for name in Set(tables.keys).intersection(other.tables.keys).sorted() {
            let a = tables[name]!, b = other.tables[name]!
            compare("\(name) column", a.columns, b.columns) { $0.description }
            compare("\(name) index", a.indexes, b.indexes) { $0.description }
            if a.primaryKey != b.primaryKey { lines.append("\(name) primary key: \(names.0) has \(a.primaryKey), \(names.1) has \(b.primaryKey)") }
            for unique in a.uniques.subtracting(b.uniques).sorted(by: { "\($0)" < "\($1)" }) { lines.append("\(name) unique \(unique): only in \(names.0)") }
            for unique in b.uniques.subtracting(a.uniques).sorted(by: { "\($0)" < "\($1)" }) { lines.append("\(name) unique \(unique): only in \(names.1)") }
            for key in a.foreignKeys.subtracting(b.foreignKeys).map(\.description).sorted() { lines.append("\(name) foreign key \(key): only in \(names.0)") }
            for key in b.foreignKeys.subtracting(a.foreignKeys).map(\.description).sorted() { lines.append("\(name) foreign key \(key): only in \(names.1)") }
            var theirChecks = b.checks
            for check in a.checks {
                if let index = theirChecks.firstIndex(of: check) { theirChecks.remove(at: index) } else { lines.append("\(name) \(check): only in \(names.0)") }
            }
            for check in theirChecks { lines.append("\(name) \(check): only in \(names.1)") }
        }
        return lines
    }

    // MARK: Normalising SQL text

    /// A check constraint's expression as its signature: the table's columns it names, the
    /// plain values it lists (not patterns, whose syntax differs) and the numbers in it.
    static func check(_ expression: String, columns: Set<String>) -> Check {
        let (code, literals) = splitLiterals(withoutCasts(expression))
        let tokens = code.matches(of: /[A-Za-z0-9_.]+/).map { String($0.output).lowercased() }
        let words = tokens.filter { $0.first.map { $0.isLetter || $0 == "_" } ?? false }
        let numbers = tokens.filter { $0.allSatisfy(\.isNumber) }
        let values = literals.filter { !$0.isEmpty && $0.rangeOfCharacter(from: CharacterSet(charactersIn: "%*^[]$?\\_")) == nil }
        return Check(columns: Set(words).intersection(columns).sorted(), values: values.sorted(), numbers: numbers.sorted())
    }

    /// An index term or predicate with what the dialects print differently taken out.
    static func normalised(_ text: String) -> String {
        withoutCasts(text).lowercased().filter { !" \n\t\"()".contains($0) }
    }

    /// The top-level comma-separated items of a parenthesised list, without the parentheses.
    static func topLevelItems(_ list: String) -> [String] {
        var items: [String] = [], current = "", depth = 0, quoted = false
        for character in list {
            if character == "'" { quoted.toggle() }
            if !quoted && character == "(" { depth += 1 }
            if !quoted && character == ")" { depth -= 1 }
            if !quoted && depth == 0 && character == "," {
                items.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { items.append(current.trimmingCharacters(in: .whitespaces)) }
        return items
    }

    /// The text of each balanced parenthesis group that follows `keyword` (outside quotes).
    static func groups(after keyword: String, in sql: String) -> [String] {
        var found: [String] = []
        let characters = Array(sql)
        let key = Array(keyword.uppercased())
        var index = 0, quoted = false
        while index < characters.count {
            if characters[index] == "'" { quoted.toggle() }
            if !quoted, index + key.count <= characters.count, String(characters[index..<index + key.count]).uppercased() == String(key),
                index == 0 || !(characters[index - 1].isLetter || characters[index - 1] == "_")
            {
                var cursor = index + key.count
                while cursor < characters.count, characters[cursor].isWhitespace { cursor += 1 }
                if cursor < characters.count, characters[cursor] == "(" {
                    var depth = 0, innerQuoted = false, end = cursor
                    repeat {
                        if characters[end] == "'" { innerQuoted.toggle() }
                        if !innerQuoted && characters[end] == "(" { depth += 1 }
                        if !innerQuoted && characters[end] == ")" { depth -= 1 }
                        end += 1
                    } while depth > 0 && end < characters.count
                    found.append(String(characters[(cursor + 1)..<(end - 1)]))
                    index = end
                    continue
                }
            }
            index += 1
        }
        return found
    }

    /// The text of the first balanced parenthesis group.
    static func firstGroup(in text: String) -> String? {
        // An empty keyword matches where the text starts, which is that group's opening parenthesis.
        groups(after: "", in: String(text.drop { $0 != "(" })).first
    }

    private static func withoutCasts(_ text: String) -> String {
        text.replacing(/::[a-z ]+(\[\])?/, with: "")
    }

    /// The text outside string literals, and the literals themselves.
    private static func splitLiterals(_ text: String) -> (code: String, literals: [String]) {
        var code = "", literals: [String] = [], current = "", quoted = false
        for character in text {
            if character == "'" {
                if quoted { literals.append(current) }
                current = ""
                quoted.toggle()
                code.append(" ")
            } else if quoted {
                current.append(character)
            } else {
                code.append(character)
            }
        }
        return (code, literals)
    }
}
