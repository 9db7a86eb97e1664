import GRDB

// `fetchAll(db, literal:)` spelled like `db.execute(literal:)`: an `SQL` literal whose
// interpolations are bound arguments.
//
// Statements are prepared once per connection and reused (`cached`): a page that is not in
// the page cache runs the same dozen queries every time, and parsing them is wasted work.

extension Row {
    static func fetchAll(_ db: Database, literal: SQL) throws -> [Row] {
        try SQLRequest<Row>(literal: literal, cached: true).fetchAll(db)
    }

    static func fetchOne(_ db: Database, literal: SQL) throws -> Row? {
        try SQLRequest<Row>(literal: literal, cached: true).fetchOne(db)
    }
}

extension DatabaseValueConvertible where Self: StatementColumnConvertible {
    static func fetchAll(_ db: Database, literal: SQL) throws -> [Self] {
        try SQLRequest<Self>(literal: literal, cached: true).fetchAll(db)
    }

    static func fetchOne(_ db: Database, literal: SQL) throws -> Self? {
        try SQLRequest<Self>(literal: literal, cached: true).fetchOne(db)
    }
}
