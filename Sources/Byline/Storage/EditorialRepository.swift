import Foundation

/// Where an article is in the newsroom's workflow. A scheduled article is a draft with a
/// publication time; the background job publishes it.
public enum EditorialStatus: String, Sendable, CaseIterable {
    case draft, scheduled, published

    public var label: String { rawValue.capitalized }
}

/// Who made a change, as revisions and conflict messages name them.
public struct Editor: Sendable, Hashable {
    public var userID: Int64?
    public var name: String

    public init(userID: Int64?, name: String) {
        self.userID = userID
        self.name = name
    }

    public init(_ user: User) { self.init(userID: user.id, name: user.name) }
}

/// An article with what the newsroom needs to edit it safely.
public struct EditableArticle: Sendable, Hashable {
    public var article: Article
    /// Goes up by one with every save: the editor sends back the version it started from.
    public var version: Int
    /// The account that created it, which contributors and authors may edit.
    public var ownerID: Int64?
    public var scheduledAt: Date?
    /// The last revision's author and time, for "changed by X at T".
    public var lastSavedBy: String?
    public var lastSavedAt: Date?

    public init(article: Article, version: Int, ownerID: Int64?, scheduledAt: Date?, lastSavedBy: String?, lastSavedAt: Date?) {
        self.article = article
        self.version = version
        self.ownerID = ownerID
        self.scheduledAt = scheduledAt
        self.lastSavedBy = lastSavedBy
        self.lastSavedAt = lastSavedAt
    }

    public var status: EditorialStatus {
        article.status == .published ? .published : (scheduledAt == nil ? .draft : .scheduled)
    }
}

/// A line of the newsroom's article list.
public struct NewsroomArticleRow: Sendable, Hashable {
    public var id: Int64
    public var headline: String
    public var slug: String
    public var status: EditorialStatus
    public var sectionName: String
    public var authorNames: [String]
    public var ownerID: Int64?
    public var updatedAt: Date
    public var publishedAt: Date?
    public var scheduledAt: Date?

    public init(
        id: Int64, headline: String, slug: String, status: EditorialStatus, sectionName: String, authorNames: [String], ownerID: Int64?,
        updatedAt: Date, publishedAt: Date?, scheduledAt: Date?
    ) {
        self.id = id
        self.headline = headline
        self.slug = slug
        self.status = status
        self.sectionName = sectionName
        self.authorNames = authorNames
        self.ownerID = ownerID
        self.updatedAt = updatedAt
        self.publishedAt = publishedAt
        self.scheduledAt = scheduledAt
    }
}

/// Which articles the newsroom's list shows.
public struct NewsroomArticleFilter: Sendable, Hashable {
    public var status: EditorialStatus?
    public var sectionID: Int64?
    public var authorID: Int64?
    /// Words the headline contains, case-insensitively.
    public var query: String?

    public init(status: EditorialStatus? = nil, sectionID: Int64? = nil, authorID: Int64? = nil, query: String? = nil) {
        self.status = status
        self.sectionID = sectionID
        self.authorID = authorID
        self.query = query
    }
}

/// A saved state of an article.
public struct Revision: Sendable, Hashable {
    public var articleID: Int64
    public var version: Int
    public var document: ArticleDocument
    public var savedBy: String
    public var savedAt: Date
    /// What the save did, such as "Published" or "Restored version 3".
    public var note: String

    public init(articleID: Int64, version: Int, document: ArticleDocument, savedBy: String, savedAt: Date, note: String) {
        self.articleID = articleID
        self.version = version
        self.document = document
        self.savedBy = savedBy
        self.savedAt = savedAt
        self.note = note
    }
}

/// A newsroom save: what to store, and what the editor believed was stored.
public struct EditorialSave: Sendable {
    /// nil creates an article.
    public var articleID: Int64?
    public var input: ArticleInput
    public var document: ArticleDocument
    /// The version the editor started from; a different stored version is a conflict.
    public var expectedVersion: Int?
    public var scheduledAt: Date?
    public var editor: Editor
    public var note: String

    public init(
        articleID: Int64?, input: ArticleInput, document: ArticleDocument, expectedVersion: Int?, scheduledAt: Date?, editor: Editor, note: String
    ) {
        self.articleID = articleID
        self.input = input
        self.document = document
        self.expectedVersion = expectedVersion
        self.scheduledAt = scheduledAt
        self.editor = editor
        self.note = note
    }
}

public enum EditorialSaveResult: Sendable, Hashable {
    case saved(id: Int64, version: Int)
    /// Someone saved since the editor opened it; nothing was written.
    case conflict(current: EditableArticle)
    /// The article was deleted meanwhile.
    case missing
}

/// The newsroom's side of articles: every status, versions, revisions and scheduling.
public protocol EditorialRepository: Sendable {
    func articles(_ filter: NewsroomArticleFilter, page: PageRequest) async throws -> Page<NewsroomArticleRow>
    func editable(id: Int64) async throws -> EditableArticle?
    /// Saves and keeps a revision, in one transaction, unless the version has moved on.
    /// Throws `StorageError.slugTaken` when another article has the slug.
    func save(_ save: EditorialSave, now: Date) async throws -> EditorialSaveResult
    /// Returns false when there was no such article.
    func delete(id: Int64) async throws -> Bool
    /// Newest first.
    func revisions(articleID: Int64) async throws -> [Revision]
    func revision(articleID: Int64, version: Int) async throws -> Revision?
    /// Publishes scheduled drafts whose time has come; each goes out once, whichever node
    /// runs this first. Returns their IDs.
    func publishDue(at now: Date) async throws -> [Int64]
    /// How many articles are in each status, for the dashboard.
    func statusCounts() async throws -> [EditorialStatus: Int]
}
