@testable import Byline
import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing

/// Both backends' migrations must build the same schema: the same tables, columns, types,
/// nullability, defaults, keys, checks and indexes. Where the dialects must differ (full-text
/// search, the migrations' own bookkeeping) the difference is named below with its reason.
@Suite("The SQLite and PostgreSQL schemas")
struct SchemaParityTests {
    /// Search is each engine's own: SQLite keeps an FTS5 table (and its shadow tables) filled by
    /// triggers; PostgreSQL keeps a generated tsvector column with a GIN index, built in each
    /// story's language's text search configuration.
    static let sqliteOnlyTables: Set<String> = [
        "grdb_migrations", "article_search", "article_search_data", "article_search_idx", "article_search_docsize", "article_search_config",
    ]
    static let postgresOnlyTables: Set<String> = ["byline_schema_migrations"]
    static let postgresOnlyColumns: Set<String> = ["articles.search_vector", "articles.search_config"]
    static let postgresOnlyIndexes: Set<String> = ["articles.articles_search"]

    // MARK: Reading a schema

    static func sqliteSchema() async throws -> NeutralSchema {
        let (database, _) = try SQLiteDatabase.open(path: TemporaryDirectory.make() + "/byline.sqlite")
        return try await database.writer.read { db in
            var schema = NeutralSchema()
            let tables = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            for tableRow in tables {
                let name: String = tableRow["name"]
                guard !sqliteOnlyTables.contains(name) else { continue }
                let sql: String = tableRow["sql"]
                var table = NeutralSchema.Table()
                let columnRows = try Row.fetchAll(db, sql: "SELECT * FROM pragma_table_xinfo(?)", arguments: [name])
                let columnNames = Set(columnRows.map { ($0["name"] as String).lowercased() })
                var checks = NeutralSchema.groups(after: "CHECK", in: sql)
                // SQLite has no boolean type: an integer held to 0 or 1 is one.
                var booleans: Set<String> = []
                checks.removeAll { check in
                    guard let match = check.wholeMatch(of: /\s*([a-z_]+)\s+IN\s*\(\s*0\s*,\s*1\s*\)\s*/) else { return false }
                    booleans.insert(String(match.1))
                    return true
                }
                for row in columnRows.sorted(by: { ($0["pk"] as Int) < ($1["pk"] as Int) }) {
                    let column: String = row["name"]
                    let declared = (row["type"] as String).uppercased()
                    let kind: NeutralSchema.Column.Kind =
                        booleans.contains(column) ? .boolean
                        : declared.contains("INT") ? .integer
                        : declared.contains("DATETIME") ? .timestamp
                        : declared.contains("TEXT") ? .text
                        : declared.contains("BLOB") ? .blob
                        : declared.contains("REAL") ? .real : .other
                    let isKey = (row["pk"] as Int) > 0
                    if isKey { table.primaryKey.append(column) }
                    let defaultValue = (row["dflt_value"] as String?).map { value in
                        kind == .boolean ? (value == "1" ? "true" : "false") : value
                    }
                    table.columns[column] = .init(kind: kind, notNull: (row["notnull"] as Bool) || isKey, defaultValue: defaultValue)
                }
                table.checks = checks.map { NeutralSchema.check($0, columns: columnNames) }.sorted()
                for key in try Row.fetchAll(db, sql: "SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq", arguments: [name]) {
                    table.foreignKeys.insert(.init(
                        columns: [key["from"]], table: key["table"], referenced: [key["to"]], onDelete: (key["on_delete"] as String).lowercased()
                    ))
                }
                for entry in try Row.fetchAll(db, sql: "SELECT * FROM pragma_index_list(?)", arguments: [name]) {
                    let indexName: String = entry["name"]
                    switch entry["origin"] as String {
                    case "u":
                        table.uniques.insert(try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [indexName]))
                    case "c":
                        let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [indexName]) ?? ""
                        table.indexes[indexName] = Self.index(definition, unique: entry["unique"])
                    default:
                        break
                    }
                }
                schema.tables[name] = table
            }
            return schema
        }
    }

    static func postgresSchema() async throws -> NeutralSchema {
        let url = try #require(URLComponents(string: try await TestPostgres.shared.makeDatabase()))
        let logger = Logger(label: "schema-parity")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: try #require(url.host), port: try #require(url.port), username: url.user ?? "byline", password: nil,
                database: String(url.path.dropFirst()), tls: .disable
            ),
            id: 1, logger: logger
        )
        defer { Task { try? await connection.close() } }
        var schema = NeutralSchema()
        let columnRows = try await connection.rows("""
            SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
            """, logger: logger)
        for row in columnRows {
            let table: String = try row.value("table_name")
            let column: String = try row.value("column_name")
            guard !postgresOnlyTables.contains(table), !postgresOnlyColumns.contains("\(table).\(column)") else { continue }
            let type: String = try row.value("data_type")
            let kind: NeutralSchema.Column.Kind =
                switch type {
                case "bigint", "integer", "smallint": .integer
                case "text", "character varying": .text
                case "timestamp with time zone": .timestamp
                case "boolean": .boolean
                case "bytea": .blob
                case "double precision", "real": .real
                default: .other
                }
            let defaultValue = (try row.value("column_default", as: String?.self)).map { value in
                value == "now()" ? "CURRENT_TIMESTAMP" : value.replacing(/::[a-z ]+$/, with: "")
            }
            schema.tables[table, default: .init()].columns[column] = .init(
                kind: kind, notNull: try row.value("is_nullable", as: String.self) == "NO", defaultValue: defaultValue
            )
        }
        let constraints = try await connection.rows("""
            SELECT c.conrelid::regclass::text AS table_name, c.contype::text AS kind, pg_get_constraintdef(c.oid) AS definition,
                c.confrelid::regclass::text AS referenced_table, c.confdeltype::text AS on_delete,
                ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
                ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS referenced
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname = 'public' AND c.conrelid <> 0
            """, logger: logger)
        for row in constraints {
            let table: String = try row.value("table_name")
            guard !postgresOnlyTables.contains(table) else { continue }
            let columns: [String] = try row.value("columns")
            switch try row.value("kind", as: String.self) {
            case "p":
                schema.tables[table, default: .init()].primaryKey = columns
            case "u":
                schema.tables[table, default: .init()].uniques.insert(columns)
            case "f":
                let action: String = switch try row.value("on_delete", as: String.self) {
                case "c": "cascade"
                case "r": "restrict"
                case "n": "set null"
                case "d": "set default"
                default: "no action"
                }
                schema.tables[table, default: .init()].foreignKeys.insert(.init(
                    columns: columns, table: try row.value("referenced_table"), referenced: try row.value("referenced"), onDelete: action
                ))
            case "c":
                let definition: String = try row.value("definition")
                let names = Set(schema.tables[table]?.columns.keys.map { $0 } ?? [])
                schema.tables[table, default: .init()].checks += NeutralSchema.groups(after: "CHECK", in: definition).map {
                    NeutralSchema.check($0, columns: names)
                }
            default:
                break
            }
        }
        let indexes = try await connection.rows("""
            SELECT t.relname AS table_name, i.relname AS index_name, pg_get_indexdef(x.indexrelid) AS definition, x.indisunique AS is_unique
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """, logger: logger)
        for row in indexes {
            let table: String = try row.value("table_name"), name: String = try row.value("index_name")
            guard !postgresOnlyTables.contains(table), !postgresOnlyIndexes.contains("\(table).\(name)") else { continue }
            schema.tables[table, default: .init()].indexes[name] = Self.index(try row.value("definition"), unique: try row.value("is_unique"))
        }
        for name in schema.tables.keys { schema.tables[name]?.checks.sort() }
        return schema
    }

    /// An index from its `CREATE INDEX` text: `… ON table [USING method] (terms) [WHERE predicate]`.
    static func index(_ definition: String, unique: Bool) -> NeutralSchema.Index {
        let afterOn = definition.split(separator: " ON ", maxSplits: 1).last.map(String.init) ?? definition
        let terms = NeutralSchema.firstGroup(in: afterOn) ?? ""
        let predicate = afterOn.range(of: " WHERE ", options: .caseInsensitive).map { String(afterOn[$0.upperBound...]) }
        return .init(unique: unique, terms: NeutralSchema.topLevelItems(terms).map(NeutralSchema.normalised), predicate: predicate.map(NeutralSchema.normalised))
    }

    // MARK: Tests

    @Test func bothBackendsMigrateToTheSameSchema() async throws {
        let sqlite = try await Self.sqliteSchema()
        let postgres = try await Self.postgresSchema()
        #expect(sqlite.tables.count >= 25, "the SQLite schema was not read: \(sqlite.tables.keys.sorted())")
        #expect(postgres.tables["comments"]?.checks.count ?? 0 >= 8, "PostgreSQL's check constraints were not read")
        let differences = sqlite.differences(from: postgres, names: ("SQLite", "PostgreSQL"))
        #expect(differences.isEmpty, "the schemas differ:\n\(differences.joined(separator: "\n"))")
    }

    /// The comparison itself must see drift, or the test above proves nothing.
    @Test func aMissingIndexOrADifferentCheckIsADifference() {
        let check = NeutralSchema.check("status IN ('draft', 'published')", columns: ["status"])
        let pgCheck = NeutralSchema.check("(status = ANY (ARRAY['draft'::text, 'published'::text]))", columns: ["status"])
        #expect(check == pgCheck)
        #expect(NeutralSchema.check("length(body) BETWEEN 1 AND 10000", columns: ["body"])
            == NeutralSchema.check("((char_length(body) >= 1) AND (char_length(body) <= 10000))", columns: ["body"]))
        #expect(NeutralSchema.check("length(body) BETWEEN 1 AND 5000", columns: ["body"])
            != NeutralSchema.check("((char_length(body) >= 1) AND (char_length(body) <= 10000))", columns: ["body"]))

        var a = NeutralSchema()
        a.tables["comments"] = .init(
            columns: ["id": .init(kind: .integer, notNull: true)], checks: [check],
            indexes: ["comments_by_article": Self.index("CREATE INDEX comments_by_article ON comments (article_id, status)", unique: false)]
        )
        var b = a
        b.tables["comments"]?.indexes = [:]
        b.tables["comments"]?.checks = [NeutralSchema.check("status IN ('draft')", columns: ["status"])]
        b.tables["comments"]?.columns["id"]?.notNull = false
        let lines = a.differences(from: b, names: ("A", "B"))
        #expect(lines.contains { $0.hasPrefix("comments index comments_by_article: only in A") })
        #expect(lines.contains { $0.hasPrefix("comments column id:") })
        #expect(lines.count == 4, "\(lines)")
    }

    @Test func indexesAreComparedByTermsAndPredicate() {
        let sqlite = Self.index(
            "CREATE INDEX articles_by_section_date ON articles (section_id, coalesce(display_date, published_at) DESC, id DESC)\n    WHERE status = 'published'",
            unique: false
        )
        let postgres = Self.index(
            "CREATE INDEX articles_by_section_date ON public.articles USING btree (section_id, COALESCE(display_date, published_at) DESC, id DESC) WHERE (status = 'published'::text)",
            unique: false
        )
        #expect(sqlite == postgres)
        #expect(sqlite.terms == ["section_id", "coalescedisplay_date,published_atdesc", "iddesc"])
    }
}

extension PostgresConnection {
    /// Every row of a catalogue query, random-access by column name.
    fileprivate func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await self.query(query, logger: logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }
}

extension PostgresRandomAccessRow {
    fileprivate func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}
