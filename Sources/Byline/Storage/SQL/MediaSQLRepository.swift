import Foundation

/// `MediaRepository` written once for both backends. Every `\(value)` is a bound parameter.
struct MediaSQLRepository: MediaRepository {
    let database: any SQLDatabase

    func add(_ item: MediaItem) async throws -> MediaItem {
        try await database.write { transaction in
            // The file name is the content's hash: the same image uploaded twice is one item.
            try await transaction.execute("""
                INSERT INTO media (file_name, media_type, width, height, byte_count, original_name, alt, caption, credit, uploaded_by_id, created_at)
                VALUES (\(item.fileName), \(item.format.mediaType), \(item.width), \(item.height), \(item.byteCount), \(item.originalName),
                        \(item.alt), \(item.caption), \(item.credit), \(item.uploadedBy), \(item.createdAt))
                ON CONFLICT (file_name) DO NOTHING
                """)
            guard let stored = try await transaction.queryOne("SELECT * FROM media WHERE file_name = \(item.fileName)", table: "media") else {
                throw StorageError.constraintViolated("the image \(item.fileName) was not stored")
            }
            return try Self.item(stored)
        }
    }

    func item(id: Int64) async throws -> MediaItem? {
        try await database.read { queries in try await queries.queryOne("SELECT * FROM media WHERE id = \(id)", table: "media").map(Self.item) }
    }

    func item(fileName: String) async throws -> MediaItem? {
        try await database.read { queries in
            try await queries.queryOne("SELECT * FROM media WHERE file_name = \(fileName)", table: "media").map(Self.item)
        }
    }

    func items(query: String?, page: PageRequest) async throws -> Page<MediaItem> {
        let pattern = "%" + NewsroomSearch.likeEscaped(query ?? "") + "%"
        // SQLite's LIKE already ignores ASCII case.
        let like = SQLStatement.dialect(sqlite: "LIKE", postgres: "ILIKE")
        let condition: SQLStatement = """
            caption \(like) \(pattern) ESCAPE '\\' OR alt \(like) \(pattern) ESCAPE '\\' OR original_name \(like) \(pattern) ESCAPE '\\'
            """
        return try await database.read { queries in
            let total = try await queries.count("SELECT count(*) FROM media WHERE \(condition)")
            let items = try await queries.query("""
                SELECT * FROM media WHERE \(condition) ORDER BY created_at DESC, id DESC LIMIT \(page.size) OFFSET \(page.offset)
                """, table: "media").map(Self.item)
            return Page(items: items, request: page, totalCount: total)
        }
    }

    func update(id: Int64, alt: String, caption: String, credit: String) async throws -> Bool {
        try await database.write { transaction in
            try await transaction.query(
                "UPDATE media SET alt = \(alt), caption = \(caption), credit = \(credit) WHERE id = \(id) RETURNING id", table: "media"
            ).count == 1
        }
    }

    func usage(fileName: String) async throws -> [String] {
        try await database.read { queries in try await Self.usage(fileName: fileName, queries) }
    }

    func delete(id: Int64) async throws -> Bool {
        try await database.write { transaction in
            guard let fileName = try await transaction.scalar("""
                SELECT file_name FROM media WHERE id = \(id) \(SQLStatement.dialect(sqlite: "", postgres: "FOR UPDATE"))
                """, as: String.self),
                try await Self.usage(fileName: fileName, transaction).isEmpty
            else { return false }
            try await transaction.execute("DELETE FROM media WHERE id = \(id)")
            try await transaction.execute("DELETE FROM media_blobs WHERE file_name = \(fileName)")
            return true
        }
    }

    /// The headlines of the articles that show the image, as lead photo or in the body.
    private static func usage(fileName: String, _ queries: any StorageQueries) async throws -> [String] {
        let url = SiteURL.media(file: .value(fileName)).path
        let position = SQLStatement.dialect(sqlite: "instr", postgres: "strpos")
        return try await queries.query("""
            SELECT id, headline FROM articles WHERE lead_image_src = \(url) OR \(position)(body_markdown, \(url)) > 0 ORDER BY updated_at DESC
            """, table: "articles").map { try $0.decode("headline") }
    }

    private static func item(_ row: StorageRow) throws -> MediaItem {
        let mediaType: String = try row.decode("media_type")
        guard let format = ImageFile.Format(mediaType: mediaType) else { throw row.unreadable("media_type: \"\(mediaType)\" is not a known image type") }
        return MediaItem(
            id: try row.decode("id"), fileName: try row.decode("file_name"), format: format, width: try row.decode("width"),
            height: try row.decode("height"), byteCount: try row.decode("byte_count"), originalName: try row.decode("original_name"),
            alt: try row.decode("alt"), caption: try row.decode("caption"), credit: try row.decode("credit"), uploadedBy: try row.decode("uploaded_by_id"),
            createdAt: try row.decode("created_at")
        )
    }
}
