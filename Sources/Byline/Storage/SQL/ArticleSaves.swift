import Foundation

/// The save workflow, written once for both backends: find the stored article, plan the
/// change (`ArticleSavePlan`), write it, keep the search text and old slugs, record the
/// revision and move the version, queue the webhook, and say which public pages changed.
/// Imports, the newsroom's editor and the Content API all save through here.
///
/// Every `\(value)` in the statements is a bound parameter.
enum ArticleSaves {
    /// Saves one input: creates, updates or leaves the article alone.
    static func save(_ input: ArticleInput, now: Date, target: SaveTarget = .matchingKeys, _ transaction: any StorageTransaction) async throws -> SavedArticle {
        let existingID: Int64? = switch target {
        case .matchingKeys: try await findExisting(for: input, transaction)
        case .article(let id): id
        case .new: nil
        }
        if let holder = try await transaction.scalar("SELECT id FROM articles WHERE slug = \(input.slug)", as: Int64.self), holder != existingID {
            throw StorageError.slugTaken(input.slug)
        }
        // An import finds its article by this ID; a create or an edit must not take another's.
        if let externalID = input.externalID,
            let holder = try await transaction.scalar("SELECT id FROM articles WHERE external_id = \(externalID)", as: Int64.self), holder != existingID
        {
            throw StorageError.externalIDTaken(externalID)
        }
        let section = try await upsertSection(input.section, transaction)
        var authorIDs: [Int64] = []
        for author in input.authors { authorIDs.append(try await upsertAuthor(author, transaction)) }
        var tagIDs: [Int64] = []
        for tag in input.tags { tagIDs.append(try await upsertTag(tag, transaction)) }
        let stored: StoredArticle? = if let existingID { try await StoredArticle.load(id: existingID, transaction) } else { nil }
        let translationOf = try await ArticleTranslations.original(for: input, articleID: existingID, transaction)
        let plan = ArticleSavePlan(
            input: input, stored: stored, sectionID: section.id, authorIDs: authorIDs, tagIDs: tagIDs, translationOf: translationOf, now: now
        )
        if plan.row.status == .published, stored?.status != .published, let existingID,
            let refusal = try await publicationRefusal(articleID: existingID, at: now, transaction)
        {
            throw StorageError.publicationRefused(refusal)
        }
        var id = plan.row.id
        switch plan.change {
        case .unchanged:
            return SavedArticle(outcome: ArticleSaveOutcome(change: .unchanged, id: id, slug: plan.row.slug))
        case .updated:
            try await plan.row.update(transaction)
        case .created:
            id = try await plan.row.insert(createdAt: now, transaction)
        }
        if let event = WebhookEvent.forSave(before: stored?.status, after: plan.row.status) {
            try await WebhookOutbox.enqueue(
                event, payload: WebhookPayload.article(event, id: id, slug: input.slug, headline: input.headline, at: now), at: now, transaction
            )
        }
        let search = SearchText.indexed(headline: input.headline, dek: input.dek, body: input.bodyMarkdown)
        try await transaction.execute("UPDATE articles SET search_title = \(search.title), search_body = \(search.body) WHERE id = \(id)")
        try await ArticleTranslations.setSearchConfiguration(articleID: id, language: input.language, transaction)
        // The live article always wins a slug: drop any redirect that now points elsewhere.
        try await transaction.execute("DELETE FROM slug_redirects WHERE old_slug = \(input.slug)")
        if let retired = plan.retiredSlug {
            try await transaction.execute("""
                INSERT INTO slug_redirects (old_slug, article_id) VALUES (\(retired), \(id))
                ON CONFLICT (old_slug) DO UPDATE SET article_id = excluded.article_id
                """)
        }
        var after = plan.row
        after.id = id
        // Who the story quotes is read again whenever its words change, in the same
        // transaction, so the index never disagrees with the stories.
        if let stored, stored.bodyMarkdown == input.bodyMarkdown, stored.quotesIndexed == QuoteIndex.version {
            after.personIDs = stored.personIDs
        } else {
            after.personIDs = try await QuoteWrites.index(articleID: id, body: input.bodyMarkdown, at: now, transaction)
        }
        // Every version of the story lists the others, so each one's page changes with it.
        let versions = try await ArticleTranslations.versionIDs(of: [stored?.translationOf, translationOf, id], transaction)
        return SavedArticle(
            outcome: ArticleSaveOutcome(change: plan.change, id: id, slug: input.slug),
            changedKeys: StoredArticle.changedKeys(before: stored, after: after, addedSection: section.created)
                .union(versions.subtracting([id]).map(ContentChange.articleKey))
        )
    }

    /// An import's save: a save like any other, which moves the version and keeps a revision.
    static func saveImported(
        _ input: ArticleInput, now: Date, target: SaveTarget = .matchingKeys, importer: String = RevisionNote.importer.id, _ transaction: any StorageTransaction
    ) async throws -> SavedArticle {
        let saved = try await save(input, now: now, target: target, transaction)
        let outcome = saved.outcome
        if outcome.change != .unchanged {
            try await recordRevision(
                articleID: outcome.id, bump: outcome.change == .updated, document: ArticleDocument(input),
                editor: Editor(userID: nil, name: importer), note: (outcome.change == .created ? RevisionNote.imported : RevisionNote.updatedByImport).id, now: now,
                transaction
            )
        }
        return saved
    }

    /// Moves the version on (unless the article is new, at version 1) and keeps the document
    /// as that version's revision. Returns the version.
    @discardableResult
    static func recordRevision(
        articleID: Int64, bump: Bool, document: ArticleDocument, editor: Editor, note: String, now: Date, _ transaction: any StorageTransaction
    ) async throws -> Int {
        guard let version = try await transaction.scalar(
            "UPDATE articles SET version = version + \(bump ? 1 : 0) WHERE id = \(articleID) RETURNING version", as: Int.self
        ) else { throw StorageError.constraintViolated("article \(articleID) vanished during the save") }
        try await transaction.execute("""
            INSERT INTO article_revisions (article_id, version, document, saved_by_id, saved_by_name, note, saved_at)
            VALUES (\(articleID), \(version), \(document.json()), \(editor.userID), \(editor.name), \(note), \(now))
            """)
        return version
    }

    /// Why the article may not go out at this time: the agency killed it, or its embargo lifts
    /// later. Every way of publishing asks, so that no button, API call or schedule gets round it.
    static func publicationRefusal(articleID: Int64, at date: Date, _ transaction: any StorageTransaction) async throws -> String? {
        guard let row = try await transaction.queryOne(
            "SELECT withdrawn_at, withdrawn_note, embargoed_until FROM articles WHERE id = \(articleID)", table: "articles")
        else { return nil }
        if let withdrawn: Date = try row.decode("withdrawn_at") {
            let note: String? = try row.decode("withdrawn_note")
            return "The agency killed this story on \(ISO8601.string(from: withdrawn, in: .gmt))\(note.map { ": \($0)" } ?? ""). It can't be published."
        }
        if let embargo: Date = try row.decode("embargoed_until"), embargo > date {
            return "This story is embargoed until \(ISO8601.string(from: embargo, in: .gmt)). Schedule it for then or later."
        }
        return nil
    }

    /// The slug, or the first of `slug-2`, `slug-3`… that no other article has: what an import
    /// or the wire gives a story whose headline another story already made a slug of.
    static func freeSlug(_ slug: String, for article: Int64?, _ transaction: any StorageTransaction) async throws -> String {
        try await Slug.free(slug) { candidate in
            guard let holder = try await transaction.scalar("SELECT id FROM articles WHERE slug = \(candidate)", as: Int64.self) else { return false }
            return holder != article
        }
    }

    /// The article an input updates: by external ID, else by slug. A slug held by an article
    /// from another source is a collision, not a match.
    private static func findExisting(for input: ArticleInput, _ transaction: any StorageTransaction) async throws -> Int64? {
        if let externalID = input.externalID {
            if let id = try await transaction.scalar("SELECT id FROM articles WHERE external_id = \(externalID)", as: Int64.self) { return id }
            return try await transaction.scalar("SELECT id FROM articles WHERE slug = \(input.slug) AND external_id IS NULL", as: Int64.self)
        }
        return try await transaction.scalar("SELECT id FROM articles WHERE slug = \(input.slug)", as: Int64.self)
    }

    /// The section's ID, and whether this save created it (a new section joins the navigation).
    private static func upsertSection(_ ref: ArticleInput.SectionRef, _ transaction: any StorageTransaction) async throws -> (id: Int64, created: Bool) {
        if let id = try await transaction.scalar("SELECT id FROM sections WHERE slug = \(ref.slug)", as: Int64.self) { return (id, false) }
        try await TaxonomySQLRepository.refuseAPagesAddress(ref.slug, transaction)
        // Another node may create it in between: then it is found, and counted as new, which
        // only costs one more invalidation of the navigation.
        return (try await transaction.insertedID("""
            INSERT INTO sections (slug, name, position)
            VALUES (\(ref.slug), \(ref.name), (SELECT coalesce(max(position), 0) + 1 FROM sections))
            ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id
            """), true)
    }

    private static func upsertAuthor(_ ref: ArticleInput.AuthorRef, _ transaction: any StorageTransaction) async throws -> Int64 {
        try await transaction.insertedID("""
            INSERT INTO authors (slug, name, bio) VALUES (\(ref.slug), \(ref.name), \(ref.bio ?? ""))
            ON CONFLICT (slug) DO UPDATE SET name = excluded.name, bio = coalesce(\(ref.bio), authors.bio)
            RETURNING id
            """)
    }

    private static func upsertTag(_ ref: ArticleInput.TagRef, _ transaction: any StorageTransaction) async throws -> Int64 {
        try await transaction.insertedID("""
            INSERT INTO tags (slug, name) VALUES (\(ref.slug), \(ref.name))
            ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id
            """)
    }

}

extension StoredArticle {
    static func load(id: Int64, _ queries: any StorageQueries) async throws -> StoredArticle {
        guard let row = try await queries.queryOne("SELECT * FROM articles WHERE id = \(id)", table: "articles") else {
            throw StorageError.constraintViolated("article \(id) vanished during the save")
        }
        var stored = StoredArticle(id: id)
        (stored.externalID, stored.slug, stored.sectionID) = (try row.decode("external_id"), try row.decode("slug"), try row.decode("section_id"))
        (stored.headline, stored.dek, stored.dateline) = (try row.decode("headline"), try row.decode("dek"), try row.decode("dateline"))
        (stored.creditKind, stored.creditSource) = (try row.decode("credit_kind"), try row.decode("credit_source"))
        (stored.leadImage, stored.bodyMarkdown, stored.status) = (try ArticleRows.leadImage(row), try row.decode("body_markdown"), try row.decode("status"))
        (stored.publishedAt, stored.updatedAt, stored.displayDate) = (try row.decode("published_at"), try row.decode("updated_at"), try row.decode("display_date"))
        (stored.commentsOpen, stored.commentsCloseAt) = (try row.decode("comments_open"), try row.decode("comments_close_at"))
        (stored.language, stored.translationOf) = (try row.decode("language"), try row.decode("translation_of"))
        stored.authorIDs = try await queries.query(
            "SELECT author_id FROM article_authors WHERE article_id = \(id) ORDER BY position", table: "article_authors", key: "author_id"
        ).map { try $0.decodeFirst() }
        stored.tagIDs = try await queries.query(
            "SELECT tag_id FROM article_tags WHERE article_id = \(id) ORDER BY position", table: "article_tags", key: "tag_id"
        ).map { try $0.decodeFirst() }
        stored.corrections = try await ArticleRows.corrections(articleID: id, queries)
        stored.personIDs = try await QuoteWrites.personIDs(articleID: id, queries)
        stored.quotesIndexed = try row.decode("quotes_indexed")
        return stored
    }

    func insert(createdAt: Date, _ transaction: any StorageTransaction) async throws -> Int64 {
        let id = try await transaction.insertedID("""
            INSERT INTO articles (
                external_id, slug, headline, dek, dateline, credit_kind, credit_source, section_id,
                lead_image_src, lead_image_width, lead_image_height, lead_image_alt, lead_image_caption, lead_image_credit,
                body_markdown, status, published_at, updated_at, display_date, comments_open, comments_close_at, created_at,
                language, translation_of
            ) VALUES (
                \(externalID), \(slug), \(headline), \(dek), \(dateline), \(creditKind.rawValue), \(creditSource), \(sectionID),
                \(leadImage?.src), \(leadImage?.width), \(leadImage?.height), \(leadImage?.alt), \(leadImage?.caption), \(leadImage?.credit),
                \(bodyMarkdown), \(status.rawValue), \(publishedAt), \(updatedAt), \(displayDate), \(commentsOpen), \(commentsCloseAt), \(createdAt),
                \(language), \(translationOf)
            ) RETURNING id
            """)
        try await replaceRelations(articleID: id, transaction)
        return id
    }

    func update(_ transaction: any StorageTransaction) async throws {
        try await transaction.execute("""
            UPDATE articles SET
                external_id = \(externalID), slug = \(slug), headline = \(headline), dek = \(dek), dateline = \(dateline),
                credit_kind = \(creditKind.rawValue), credit_source = \(creditSource), section_id = \(sectionID),
                lead_image_src = \(leadImage?.src), lead_image_width = \(leadImage?.width), lead_image_height = \(leadImage?.height),
                lead_image_alt = \(leadImage?.alt), lead_image_caption = \(leadImage?.caption), lead_image_credit = \(leadImage?.credit),
                body_markdown = \(bodyMarkdown), status = \(status.rawValue), published_at = \(publishedAt),
                updated_at = \(updatedAt), display_date = \(displayDate), comments_open = \(commentsOpen),
                comments_close_at = \(commentsCloseAt), language = \(language), translation_of = \(translationOf)
            WHERE id = \(id)
            """)
        try await replaceRelations(articleID: id, transaction)
    }

    private func replaceRelations(articleID id: Int64, _ transaction: any StorageTransaction) async throws {
        try await transaction.execute("DELETE FROM article_authors WHERE article_id = \(id)")
        try await transaction.execute("DELETE FROM article_tags WHERE article_id = \(id)")
        try await transaction.execute("DELETE FROM corrections WHERE article_id = \(id)")
        for (position, authorID) in authorIDs.enumerated() {
            try await transaction.execute("INSERT INTO article_authors (article_id, author_id, position) VALUES (\(id), \(authorID), \(position))")
        }
        for (position, tagID) in tagIDs.enumerated() {
            try await transaction.execute("INSERT INTO article_tags (article_id, tag_id, position) VALUES (\(id), \(tagID), \(position))")
        }
        for (position, correction) in corrections.enumerated() {
            try await transaction.execute("""
                INSERT INTO corrections (article_id, position, kind, text, noted_at)
                VALUES (\(id), \(position), \(correction.kind.rawValue), \(correction.text), \(correction.date))
                """)
        }
    }
}
