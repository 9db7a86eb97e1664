import Foundation
import GRDB

extension StoredArticle {
    static func load(id: Int64, _ db: Database) throws -> StoredArticle {
        let row = try Row.fetchOne(db, literal: "SELECT * FROM articles WHERE id = \(id)")!
        var stored = StoredArticle(id: id)
        stored.externalID = row["external_id"]
        stored.slug = row["slug"]
        stored.headline = row["headline"]
        stored.dek = row["dek"]
        stored.dateline = row["dateline"]
        stored.creditKind = Credit.Kind(rawValue: row["credit_kind"]) ?? .staff
        stored.creditSource = row["credit_source"]
        stored.sectionID = row["section_id"]
        if let src: String = row["lead_image_src"] {
            stored.leadImage = LeadImage(
                src: src, width: row["lead_image_width"], height: row["lead_image_height"], alt: row["lead_image_alt"],
                caption: row["lead_image_caption"], credit: row["lead_image_credit"]
            )
        }
        stored.bodyMarkdown = row["body_markdown"]
        stored.status = Article.Status(rawValue: row["status"]) ?? .draft
        stored.publishedAt = row["published_at"]
        stored.updatedAt = row["updated_at"]
        stored.displayDate = row["display_date"]
        stored.commentsOpen = row["comments_open"]
        stored.commentsCloseAt = row["comments_close_at"]
        stored.authorIDs = try Int64.fetchAll(db, literal: "SELECT author_id FROM article_authors WHERE article_id = \(id) ORDER BY position")
        stored.tagIDs = try Int64.fetchAll(db, literal: "SELECT tag_id FROM article_tags WHERE article_id = \(id) ORDER BY position")
        stored.corrections = try Row.fetchAll(db, literal: "SELECT kind, text, noted_at FROM corrections WHERE article_id = \(id) ORDER BY position")
            .map { Correction(kind: Correction.Kind(rawValue: $0["kind"]) ?? .correction, text: $0["text"], date: $0["noted_at"]) }
        return stored
    }

    func insert(createdAt: Date, _ db: Database) throws -> Int64 {
        try db.execute(literal: """
            INSERT INTO articles (
                external_id, slug, headline, dek, dateline, credit_kind, credit_source, section_id,
                lead_image_src, lead_image_width, lead_image_height, lead_image_alt, lead_image_caption, lead_image_credit,
                body_markdown, status, published_at, updated_at, display_date, comments_open, comments_close_at, created_at
            ) VALUES (
                \(externalID), \(slug), \(headline), \(dek), \(dateline), \(creditKind.rawValue), \(creditSource), \(sectionID),
                \(leadImage?.src), \(leadImage?.width), \(leadImage?.height), \(leadImage?.alt), \(leadImage?.caption), \(leadImage?.credit),
                \(bodyMarkdown), \(status.rawValue), \(publishedAt), \(updatedAt), \(displayDate), \(commentsOpen), \(commentsCloseAt), \(createdAt)
            )
            """)
        let id = db.lastInsertedRowID
        try replaceRelations(articleID: id, db)
        return id
    }

    func update(_ db: Database) throws {
        try db.execute(literal: """
            UPDATE articles SET
                external_id = \(externalID), slug = \(slug), headline = \(headline), dek = \(dek), dateline = \(dateline),
                credit_kind = \(creditKind.rawValue), credit_source = \(creditSource), section_id = \(sectionID),
                lead_image_src = \(leadImage?.src), lead_image_width = \(leadImage?.width), lead_image_height = \(leadImage?.height),
                lead_image_alt = \(leadImage?.alt), lead_image_caption = \(leadImage?.caption), lead_image_credit = \(leadImage?.credit),
                body_markdown = \(bodyMarkdown), status = \(status.rawValue), published_at = \(publishedAt),
                updated_at = \(updatedAt), display_date = \(displayDate), comments_open = \(commentsOpen),
                comments_close_at = \(commentsCloseAt)
            WHERE id = \(id)
            """)
        try replaceRelations(articleID: id, db)
    }

    private func replaceRelations(articleID id: Int64, _ db: Database) throws {
        try db.execute(literal: "DELETE FROM article_authors WHERE article_id = \(id)")
        try db.execute(literal: "DELETE FROM article_tags WHERE article_id = \(id)")
        try db.execute(literal: "DELETE FROM corrections WHERE article_id = \(id)")
        for (position, authorID) in authorIDs.enumerated() {
            try db.execute(literal: "INSERT INTO article_authors (article_id, author_id, position) VALUES (\(id), \(authorID), \(position))")
        }
        for (position, tagID) in tagIDs.enumerated() {
            try db.execute(literal: "INSERT INTO article_tags (article_id, tag_id, position) VALUES (\(id), \(tagID), \(position))")
        }
        for (position, correction) in corrections.enumerated() {
            try db.execute(literal: """
                INSERT INTO corrections (article_id, position, kind, text, noted_at)
                VALUES (\(id), \(position), \(correction.kind.rawValue), \(correction.text), \(correction.date))
                """)
        }
    }
}
