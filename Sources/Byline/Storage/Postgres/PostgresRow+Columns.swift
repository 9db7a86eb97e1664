import PostgresNIO

extension PostgresRandomAccessRow {
    /// The named column decoded as `T`; an optional `T` for nullable columns.
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}

extension PostgresConnection {
    /// All rows of a query, random-access by column name.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await self.query(query, logger: logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }

    /// The first column of the first row, if any.
    func scalar<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self, logger: Logger) async throws -> T? {
        for try await row in try await self.query(query, logger: logger) { return try row.decode(T.self) }
        return nil
    }
}
