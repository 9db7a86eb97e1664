import Foundation
import PostgresNIO

// Every `\(value)` in these queries is a bound parameter ($1, $2 …), not pasted text.

extension StoredArticle {
    static func load(id: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> StoredArticle {
        guard let row = try await connection.rows("SELECT * FROM articles WHERE id = \(id)", logger: logger).first else {
            throw StorageError.constraintViolated("article \(id) vanished during the save")
        }
        var stored = StoredArticle(id: id)
        stored.externalID = try row.value("external_id")
        stored.slug = try row.value("slug")
        stored.headline = try row.value("headline")
        stored.dek = try row.value("dek")
        stored.dateline = try row.value("dateline")
        stored.creditKind = Credit.Kind(rawValue: try row.value("credit_kind")) ?? .staff
        stored.creditSource = try row.value("credit_source")
        stored.sectionID = try row.value("section_id")
        stored.leadImage = try PostgresArticleColumns.leadImage(row)
        stored.bodyMarkdown = try row.value("body_markdown")
        stored.status = Article.Status(rawValue: try row.value("status")) ?? .draft
        stored.publishedAt = try row.value("published_at")
        stored.updatedAt = try row.value("updated_at")
        stored.displayDate = try row.value("display_date")
        stored.commentsOpen = try row.value("comments_open")
        stored.commentsCloseAt = try row.value("comments_close_at")
        stored.authorIDs = try await connection.rows("SELECT author_id FROM article_authors WHERE article_id = \(id) ORDER BY position", logger: logger)
            .map { try $0.value("author_id") }
        stored.tagIDs = try await connection.rows("SELECT tag_id FROM article_tags WHERE article_id = \(id) ORDER BY position", logger: logger)
            .map { try $0.value("tag_id") }
        stored.corrections = try await PostgresArticleColumns.corrections(articleID: id, connection, logger: logger)
        return stored
    }

    func insert(createdAt: Date, _ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let id = try await connection.scalar("""
            INSERT INTO articles (
                external_id, slug, headline, dek, dateline, credit_kind, credit_source, section_id,
                lead_image_src, lead_image_width, lead_image_height, lead_image_alt, lead_image_caption, lead_image_credit,
                body_markdown, status, published_at, updated_at, display_date, comments_open, comments_close_at, created_at
            ) VALUES (
                \(externalID), \(slug), \(headline), \(dek), \(dateline), \(creditKind.rawValue), \(creditSource), \(sectionID),
                \(leadImage?.src), \(leadImage.map { Int32($0.width) }), \(leadImage.map { Int32($0.height) }), \(leadImage?.alt),
                \(leadImage?.caption), \(leadImage?.credit),
                \(bodyMarkdown), \(status.rawValue), \(publishedAt), \(updatedAt), \(displayDate), \(commentsOpen), \(commentsCloseAt), \(createdAt)
            ) RETURNING id
            """, as: Int64.self, logger: logger)!
        try await replaceRelations(articleID: id, connection, logger: logger)
        return id
    }

    func update(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE articles SET
                external_id = \(externalID), slug = \(slug), headline = \(headline), dek = \(dek), dateline = \(dateline),
                credit_kind = \(creditKind.rawValue), credit_source = \(creditSource), section_id = \(sectionID),
                lead_image_src = \(leadImage?.src), lead_image_width = \(leadImage.map { Int32($0.width) }),
                lead_image_height = \(leadImage.map { Int32($0.height) }), lead_image_alt = \(leadImage?.alt),
                lead_image_caption = \(leadImage?.caption), lead_image_credit = \(leadImage?.credit),
                body_markdown = \(bodyMarkdown), status = \(status.rawValue), published_at = \(publishedAt),
                updated_at = \(updatedAt), display_date = \(displayDate), comments_open = \(commentsOpen),
                comments_close_at = \(commentsCloseAt)
            WHERE id = \(id)
            """, logger: logger)
        try await replaceRelations(articleID: id, connection, logger: logger)
    }

    private func replaceRelations(articleID id: Int64, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM article_authors WHERE article_id = \(id)", logger: logger)
        try await connection.query("DELETE FROM article_tags WHERE article_id = \(id)", logger: logger)
        try await connection.query("DELETE FROM corrections WHERE article_id = \(id)", logger: logger)
        for (position, authorID) in authorIDs.enumerated() {
            try await connection.query("INSERT INTO article_authors (article_id, author_id, position) VALUES (\(id), \(authorID), \(Int32(position)))", logger: logger)
        }
        for (position, tagID) in tagIDs.enumerated() {
            try await connection.query("INSERT INTO article_tags (article_id, tag_id, position) VALUES (\(id), \(tagID), \(Int32(position)))", logger: logger)
        }
        for (position, correction) in corrections.enumerated() {
            try await connection.query("""
                INSERT INTO corrections (article_id, position, kind, text, noted_at)
                VALUES (\(id), \(Int32(position)), \(correction.kind.rawValue), \(correction.text), \(correction.date))
                """, logger: logger)
        }
    }
}

/// Column decoding shared by the article queries.
enum PostgresArticleColumns {
    static func leadImage(_ row: PostgresRandomAccessRow) throws -> LeadImage? {
        guard let src: String = try row.value("lead_image_src") else { return nil }
        return LeadImage(
            src: src, width: Int(try row.value("lead_image_width", as: Int32.self)), height: Int(try row.value("lead_image_height", as: Int32.self)),
            alt: try row.value("lead_image_alt"), caption: try row.value("lead_image_caption"), credit: try row.value("lead_image_credit")
        )
    }

    static func section(_ row: PostgresRandomAccessRow) throws -> Section {
        Section(id: try row.value("section_id"), slug: try row.value("section_slug"), name: try row.value("section_name"), description: try row.value("section_description"))
    }

    static func summary(_ row: PostgresRandomAccessRow, authors: [Int64: [Author]]) throws -> ArticleSummary {
        let id: Int64 = try row.value("id")
        return ArticleSummary(
            id: id, slug: try row.value("slug"), headline: try row.value("headline"), dek: try row.value("dek"), section: try section(row),
            authors: authors[id] ?? [], leadImage: try leadImage(row), publishedAt: try row.value("published_at"),
            displayDate: try row.value("display_date"), updatedAt: try row.value("updated_at")
        )
    }

    static func sitemapEntry(_ row: PostgresRandomAccessRow) throws -> SitemapEntry {
        SitemapEntry(
            slug: try row.value("slug"), sectionSlug: try row.value("section_slug"), headline: try row.value("headline"),
            publishedAt: try row.value("published_at"), updatedAt: try row.value("updated_at")
        )
    }

    static func corrections(articleID id: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> [Correction] {
        try await connection.rows("SELECT kind, text, noted_at FROM corrections WHERE article_id = \(id) ORDER BY position", logger: logger).map {
            Correction(kind: Correction.Kind(rawValue: try $0.value("kind")) ?? .correction, text: try $0.value("text"), date: try $0.value("noted_at"))
        }
    }
}
