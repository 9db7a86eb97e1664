import Foundation

/// Stores standing pages and their revisions.
public protocol PageRepository: Sendable {
    /// A published page by its whole path (`/about/staff/`).
    func publishedPage(path: String) async throws -> StandingPage?
    /// Any page, whatever its status.
    func page(id: Int64) async throws -> StandingPage?
    /// Every page, by path, for the newsroom.
    func pages() async throws -> [StandingPage]
    /// The published pages an editor put in the footer menu, in their order.
    func menu() async throws -> [StandingPage]
    /// Creates the page (`id` nil) or updates it. Throws `StorageError.pathTaken` when its path
    /// is another page's, a section's or one the site uses itself, and `StorageError.notFound`
    /// for a parent that isn't a page. A changed path moves the pages under it, and the old
    /// addresses answer with a 301.
    func save(_ input: PageInput, id: Int64?, editor: String, note: String, now: Date) async throws -> (page: StandingPage, change: ArticleSaveOutcome.Change)
    func revisions(pageID: Int64) async throws -> [PageRevision]
}
