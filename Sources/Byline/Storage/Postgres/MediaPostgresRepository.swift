import Foundation
import NIOCore
import PostgresNIO

/// `MediaRepository` on PostgreSQL. Every `\(value)` in the queries is a bound parameter.
struct MediaPostgresRepository: MediaRepository {
    let database: PostgresDatabase
    private var logger: Logger { database.logger }

    func add(_ item: MediaItem) async throws -> MediaItem {
        try await database.withConnection { connection in
            try await connection.query("""
                INSERT INTO media (file_name, media_type, width, height, byte_count, original_name, alt, caption, credit, uploaded_by_id, created_at)
                VALUES (\(item.fileName), \(item.format.mediaType), \(Int32(item.width)), \(Int32(item.height)), \(Int64(item.byteCount)),
                        \(item.originalName), \(item.alt), \(item.caption), \(item.credit), \(item.uploadedBy), \(item.createdAt))
                ON CONFLICT (file_name) DO NOTHING
                """, logger: logger)
            return try await connection.rows("SELECT * FROM media WHERE file_name = \(item.fileName)", logger: logger).map(Self.item)[0]
        }
    }

    func item(id: Int64) async throws -> MediaItem? {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM media WHERE id = \(id)", logger: logger).first.map(Self.item)
        }
    }

    func item(fileName: String) async throws -> MediaItem? {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM media WHERE file_name = \(fileName)", logger: logger).first.map(Self.item)
        }
    }

    func items(query: String?, page: PageRequest) async throws -> Page<MediaItem> {
        let pattern = "%" + NewsroomSearch.likeEscaped(query ?? "") + "%"
        return try await database.withConnection { connection in
            let total = try await connection.scalar("""
                SELECT count(*) FROM media WHERE caption ILIKE \(pattern) OR alt ILIKE \(pattern) OR original_name ILIKE \(pattern)
                """, as: Int64.self, logger: logger) ?? 0
            let items = try await connection.rows("""
                SELECT * FROM media WHERE caption ILIKE \(pattern) OR alt ILIKE \(pattern) OR original_name ILIKE \(pattern)
                ORDER BY created_at DESC, id DESC LIMIT \(Int64(page.size)) OFFSET \(Int64(page.offset))
                """, logger: logger).map(Self.item)
            return Page(items: items, request: page, totalCount: Int(total))
        }
    }

    func update(id: Int64, alt: String, caption: String, credit: String) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.rows(
                "UPDATE media SET alt = \(alt), caption = \(caption), credit = \(credit) WHERE id = \(id) RETURNING id", logger: logger
            ).count == 1
        }
    }

    func usage(fileName: String) async throws -> [String] {
        try await database.withConnection { connection in try await Self.usage(fileName: fileName, connection, logger: logger) }
    }

    func delete(id: Int64) async throws -> Bool {
        try await database.withTransaction { connection in
            guard let fileName = try await connection.scalar("SELECT file_name FROM media WHERE id = \(id) FOR UPDATE", as: String.self, logger: logger),
                try await Self.usage(fileName: fileName, connection, logger: logger).isEmpty
            else { return false }
            try await connection.query("DELETE FROM media WHERE id = \(id)", logger: logger)
            try await connection.query("DELETE FROM media_blobs WHERE file_name = \(fileName)", logger: logger)
            return true
        }
    }

    private static func usage(fileName: String, _ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let url = MediaLibrary.urlPrefix + fileName
        return try await connection.rows("""
            SELECT headline FROM articles WHERE lead_image_src = \(url) OR strpos(body_markdown, \(url)) > 0 ORDER BY updated_at DESC
            """, logger: logger).map { try $0.value("headline") }
    }

    private static func item(_ row: PostgresRandomAccessRow) throws -> MediaItem {
        MediaItem(
            id: try row.value("id"), fileName: try row.value("file_name"),
            format: ImageFile.Format(mediaType: try row.value("media_type")) ?? .jpeg, width: Int(try row.value("width", as: Int32.self)),
            height: Int(try row.value("height", as: Int32.self)), byteCount: Int(try row.value("byte_count", as: Int64.self)),
            originalName: try row.value("original_name"), alt: try row.value("alt"), caption: try row.value("caption"),
            credit: try row.value("credit"), uploadedBy: try row.value("uploaded_by_id"), createdAt: try row.value("created_at")
        )
    }
}

/// Image bytes in PostgreSQL, so that every node serves every upload with no shared disk.
struct DatabasePostgresMediaStore: MediaStore {
    let database: PostgresDatabase

    func write(_ data: Data, name: String) async throws {
        try await database.withConnection { connection in
            _ = try await connection.query(
                "INSERT INTO media_blobs (file_name, data) VALUES (\(name), \(ByteBuffer(bytes: data))) ON CONFLICT (file_name) DO NOTHING",
                logger: database.logger
            )
        }
    }

    func read(name: String) async throws -> Data? {
        try await database.withConnection { connection in
            try await connection.scalar("SELECT data FROM media_blobs WHERE file_name = \(name)", as: ByteBuffer.self, logger: database.logger)
                .map { Data($0.readableBytesView) }
        }
    }

    func delete(name: String) async throws {
        try await database.withConnection { connection in
            _ = try await connection.query("DELETE FROM media_blobs WHERE file_name = \(name)", logger: database.logger)
        }
    }
}
