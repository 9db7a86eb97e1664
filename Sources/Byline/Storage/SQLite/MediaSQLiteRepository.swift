import Foundation
import GRDB

/// `MediaRepository` on SQLite. Interpolations in the `literal:` queries are bound values.
struct MediaSQLiteRepository: MediaRepository {
    let writer: DatabasePool

    func add(_ item: MediaItem) async throws -> MediaItem {
        try await writer.write { db in
            if let existing = try Row.fetchOne(db, literal: "SELECT * FROM media WHERE file_name = \(item.fileName)") { return Self.item(existing) }
            try db.execute(literal: """
                INSERT INTO media (file_name, media_type, width, height, byte_count, original_name, alt, caption, credit, uploaded_by_id, created_at)
                VALUES (\(item.fileName), \(item.format.mediaType), \(item.width), \(item.height), \(item.byteCount), \(item.originalName),
                        \(item.alt), \(item.caption), \(item.credit), \(item.uploadedBy), \(item.createdAt))
                """)
            var stored = item
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    func item(id: Int64) async throws -> MediaItem? {
        try await writer.read { db in try Row.fetchOne(db, literal: "SELECT * FROM media WHERE id = \(id)").map(Self.item) }
    }

    func item(fileName: String) async throws -> MediaItem? {
        try await writer.read { db in try Row.fetchOne(db, literal: "SELECT * FROM media WHERE file_name = \(fileName)").map(Self.item) }
    }

    func items(query: String?, page: PageRequest) async throws -> Page<MediaItem> {
        let pattern = "%" + NewsroomSearch.likeEscaped(query ?? "") + "%"
        let condition: SQL = "caption LIKE \(pattern) ESCAPE '\\' OR alt LIKE \(pattern) ESCAPE '\\' OR original_name LIKE \(pattern) ESCAPE '\\'"
        return try await writer.read { db in
            let total = try Int.fetchOne(db, literal: "SELECT count(*) FROM media WHERE \(condition)") ?? 0
            let items = try Row.fetchAll(db, literal: """
                SELECT * FROM media WHERE \(condition) ORDER BY created_at DESC, id DESC LIMIT \(page.size) OFFSET \(page.offset)
                """).map(Self.item)
            return Page(items: items, request: page, totalCount: total)
        }
    }

    func update(id: Int64, alt: String, caption: String, credit: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(literal: "UPDATE media SET alt = \(alt), caption = \(caption), credit = \(credit) WHERE id = \(id)")
            return db.changesCount == 1
        }
    }

    func usage(fileName: String) async throws -> [String] {
        try await writer.read { db in try Self.usage(fileName: fileName, db) }
    }

    func delete(id: Int64) async throws -> Bool {
        try await writer.write { db in
            guard let fileName = try String.fetchOne(db, literal: "SELECT file_name FROM media WHERE id = \(id)"),
                try Self.usage(fileName: fileName, db).isEmpty
            else { return false }
            try db.execute(literal: "DELETE FROM media WHERE id = \(id)")
            try db.execute(literal: "DELETE FROM media_blobs WHERE file_name = \(fileName)")
            return true
        }
    }

    private static func usage(fileName: String, _ db: Database) throws -> [String] {
        let url = MediaLibrary.urlPrefix + fileName
        return try String.fetchAll(db, literal: """
            SELECT headline FROM articles WHERE lead_image_src = \(url) OR instr(body_markdown, \(url)) > 0 ORDER BY updated_at DESC
            """)
    }

    private static func item(_ row: Row) -> MediaItem {
        MediaItem(
            id: row["id"], fileName: row["file_name"], format: ImageFile.Format(mediaType: row["media_type"]) ?? .jpeg, width: row["width"],
            height: row["height"], byteCount: row["byte_count"], originalName: row["original_name"], alt: row["alt"], caption: row["caption"],
            credit: row["credit"], uploadedBy: row["uploaded_by_id"], createdAt: row["created_at"]
        )
    }
}

/// Image bytes in the SQLite file itself, for a site that wants one file to back up.
struct DatabaseSQLiteMediaStore: MediaStore {
    let writer: DatabasePool

    func write(_ data: Data, name: String) async throws {
        try await writer.write { db in
            try db.execute(literal: "INSERT INTO media_blobs (file_name, data) VALUES (\(name), \(data)) ON CONFLICT (file_name) DO NOTHING")
        }
    }

    func read(name: String) async throws -> Data? {
        try await writer.read { db in try Data.fetchOne(db, literal: "SELECT data FROM media_blobs WHERE file_name = \(name)") }
    }

    func delete(name: String) async throws {
        try await writer.write { db in try db.execute(literal: "DELETE FROM media_blobs WHERE file_name = \(name)") }
    }
}
