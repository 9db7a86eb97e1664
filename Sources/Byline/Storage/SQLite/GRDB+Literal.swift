import GRDB

// `fetchAll(db, literal:)` spelled like `db.execute(literal:)`: an `SQL` literal whose
// interpolations are bound arguments.

extension Row {
    static func fetchAll(_ db: Database, literal: SQL) throws -> [Row] {
        try SQLRequest<Row>(literal: literal).fetchAll(db)
    }

    static func fetchOne(_ db: Database, literal: SQL) throws -> Row? {
        try SQLRequest<Row>(literal: literal).fetchOne(db)
    }
}

extension DatabaseValueConvertible where Self: StatementColumnConvertible {
    static func fetchAll(_ db: Database, literal: SQL) throws -> [Self] {
        try SQLRequest<Self>(literal: literal).fetchAll(db)
    }

    static func fetchOne(_ db: Database, literal: SQL) throws -> Self? {
        try SQLRequest<Self>(literal: literal).fetchOne(db)
    }
}
