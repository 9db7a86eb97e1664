@testable import Byline
import Foundation
import GRDB
import Testing

/// A stored row that does not read as what it should hold fails the one request that read it,
/// with an error naming the table and the row, instead of crashing the process or reading as
/// something else (an unknown status as "pending", say).
@Suite("Strict records")
struct StrictRecordsTests {
    // MARK: Tests

    @Test func aValueNoReleaseWroteIsAnErrorNamingTheTableAndKey() throws {
        let row = StorageRow(.sqlite(Row(["id": 7, "status": "quarantined"])), table: "comments")
        #expect(throws: StorageError.unreadableRow(table: "comments", key: "id 7", problem: "status: \"quarantined\" is not a known value")) {
            try row.decode("status", as: Byline.Comment.Status.self)
        }
    }

    @Test func aMissingValueOrColumnIsAnErrorNotACrash() throws {
        let row = StorageRow(.sqlite(Row(["id": 7, "body": nil])), table: "comments")
        #expect(throws: StorageError.self) { try row.decode("body", as: String.self) }
        #expect(throws: StorageError.self) { try row.decode("headline", as: String.self) }
        #expect(try row.decode("body", as: String?.self) == nil)
    }

    @Test func aRowWrittenByHandWithTheWrongTypeFailsTheReadThatMeetsIt() async throws {
        // Given a comment whose date someone set to a word (SQLite's columns take any type)
        let (database, _) = try SQLiteDatabase.open(path: TemporaryDirectory.make() + "/byline.sqlite")
        let storage = database.storage(isNew: true, changes: ChangeBroadcaster())
        let article = try #require(try await storage.articles.save([Fixtures.article("given")], now: Fixtures.publishedAt).first).id
        let comment = try await storage.comments.add(
            NewComment(
                articleID: article, parentID: nil, authorName: "Rita", authorEmail: "rita@example.com", authorURL: nil, body: "Hello.",
                status: .approved, reason: "", ip: nil, userAgent: nil, createdAt: Date()
            ),
            maxDepth: 5
        )
        try await database.writer.write { db in try db.execute(sql: "UPDATE comments SET created_at = 'yesterday' WHERE id = ?", arguments: [comment.id]) }

        // When it is read, then the error names the table and the row
        await #expect {
            try await storage.comments.comment(id: comment.id)
        } throws: { error in
            guard case StorageError.unreadableRow(let table, let key, let problem) = error else { return false }
            return table == "comments" && key == "id \(comment.id)" && problem.hasPrefix("created_at")
        }
    }
}
