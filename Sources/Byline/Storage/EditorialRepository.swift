import Foundation

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
