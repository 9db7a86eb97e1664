import Foundation

/// An `articles` row with its join rows, as every backend stores it: the unit that a save
/// compares, so that re-importing an unchanged document leaves `updated_at` alone.
struct StoredArticle: Equatable {
    var id: Int64
    var externalID: String?
    var slug = ""
    var headline = ""
    var dek: String?
    var dateline: String?
    var creditKind = Credit.Kind.staff
    var creditSource: String?
    var sectionID: Int64 = 0
    var leadImage: LeadImage?
    var bodyMarkdown = ""
    var status = Article.Status.draft
    var publishedAt: Date?
    var updatedAt = Date(timeIntervalSince1970: 0)
    var displayDate: Date?
    var commentsOpen = true
    var commentsCloseAt: Date?
    var authorIDs: [Int64] = []
    var tagIDs: [Int64] = []
    var corrections: [Correction] = []
    var language: String?
    /// The original's ID, for a translation.
    var translationOf: Int64?
    /// The people its quotes are credited to: derived from the body by the quote index, so
    /// not part of what a save compares.
    var personIDs: Set<Int64> = []
    /// The version of the extractor that read its quotes; 0 before any did.
    var quotesIndexed = 0

    init(id: Int64) { self.id = id }

    mutating func apply(_ input: ArticleInput, sectionID: Int64, authorIDs: [Int64], tagIDs: [Int64], translationOf: Int64?, publishedAt: Date?) {
        externalID = input.externalID ?? externalID
        slug = input.slug
        headline = input.headline
        dek = input.dek
        dateline = input.dateline
        creditKind = input.credit.kind
        creditSource = input.credit.source
        self.sectionID = sectionID
        leadImage = input.leadImage
        bodyMarkdown = input.bodyMarkdown
        status = input.status
        self.publishedAt = publishedAt
        displayDate = input.displayDate
        commentsOpen = input.comments.open
        commentsCloseAt = input.comments.closesAt
        self.authorIDs = authorIDs
        self.tagIDs = tagIDs
        corrections = input.corrections
        language = input.language
        self.translationOf = translationOf
    }

    /// SQLite keeps milliseconds and PostgreSQL microseconds, so equality ignores anything finer
    /// than a millisecond.
    static func == (lhs: StoredArticle, rhs: StoredArticle) -> Bool {
        func ms(_ date: Date?) -> Int64? { date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } }
        return lhs.id == rhs.id && lhs.externalID == rhs.externalID && lhs.slug == rhs.slug && lhs.headline == rhs.headline
            && lhs.dek == rhs.dek && lhs.dateline == rhs.dateline && lhs.creditKind == rhs.creditKind
            && lhs.creditSource == rhs.creditSource && lhs.sectionID == rhs.sectionID && lhs.leadImage == rhs.leadImage
            && lhs.bodyMarkdown == rhs.bodyMarkdown && lhs.status == rhs.status && ms(lhs.publishedAt) == ms(rhs.publishedAt)
            && ms(lhs.updatedAt) == ms(rhs.updatedAt) && ms(lhs.displayDate) == ms(rhs.displayDate)
            && lhs.commentsOpen == rhs.commentsOpen && ms(lhs.commentsCloseAt) == ms(rhs.commentsCloseAt)
            && lhs.authorIDs == rhs.authorIDs && lhs.tagIDs == rhs.tagIDs && lhs.language == rhs.language && lhs.translationOf == rhs.translationOf
            && lhs.corrections.map { [$0.kind.rawValue, $0.text] } == rhs.corrections.map { [$0.kind.rawValue, $0.text] }
            && lhs.corrections.map { ms($0.date) } == rhs.corrections.map { ms($0.date) }
    }
}

/// What saving one input does, decided from what is stored: the logic every backend shares.
struct ArticleSavePlan {
    var change: ArticleSaveOutcome.Change
    /// The row to write (for `.created`, its `id` is assigned by the database).
    var row: StoredArticle
    /// The slug the article leaves behind, which must keep redirecting to it.
    var retiredSlug: String?

    init(input: ArticleInput, stored: StoredArticle?, sectionID: Int64, authorIDs: [Int64], tagIDs: [Int64], translationOf: Int64?, now: Date) {
        let publishedAt: Date? = switch input.status {
        case .published: input.publishedAt ?? stored?.publishedAt ?? now
        case .draft: input.publishedAt ?? stored?.publishedAt
        }
        guard let stored else {
            var row = StoredArticle(id: 0)
            row.apply(input, sectionID: sectionID, authorIDs: authorIDs, tagIDs: tagIDs, translationOf: translationOf, publishedAt: publishedAt)
            row.updatedAt = input.updatedAt ?? publishedAt ?? now
            self.init(change: .created, row: row, retiredSlug: nil)
            return
        }
        var row = stored
        row.apply(input, sectionID: sectionID, authorIDs: authorIDs, tagIDs: tagIDs, translationOf: translationOf, publishedAt: publishedAt)
        row.updatedAt = input.updatedAt ?? stored.updatedAt
        if row == stored {
            self.init(change: .unchanged, row: stored, retiredSlug: nil)
            return
        }
        row.updatedAt = input.updatedAt ?? now
        self.init(change: .updated, row: row, retiredSlug: stored.slug == input.slug ? nil : stored.slug)
    }

    private init(change: ArticleSaveOutcome.Change, row: StoredArticle, retiredSlug: String?) {
        self.change = change
        self.row = row
        self.retiredSlug = retiredSlug
    }
}

/// Which stored article a save writes to: the one an import's keys (external ID, slug) find,
/// a given one (the newsroom edits by ID), or a new one.
enum SaveTarget {
    case matchingKeys
    case article(Int64)
    case new
}

extension StoredArticle {
    /// The cache keys of the public pages that show this article; none while it is unpublished.
    var placementKeys: Set<String> {
        guard status == .published else { return [] }
        return ContentChange.placementKeys(articleID: id, sectionID: sectionID, tagIDs: tagIDs, authorIDs: authorIDs, personIDs: personIDs)
    }

    /// The public pages a change from `before` to `after` touches: the lists the article left
    /// as well as those it joined.
    static func changedKeys(before: StoredArticle?, after: StoredArticle?, addedSection: Bool) -> Set<String> {
        var keys = (before?.placementKeys ?? []).union(after?.placementKeys ?? [])
        if addedSection { keys.insert(ContentChange.taxonomyKey) }
        return keys
    }
}

/// One article saved, with the cache keys of the public pages the save changed.
struct SavedArticle: Sendable {
    var outcome: ArticleSaveOutcome
    var changedKeys: Set<String> = []
}
