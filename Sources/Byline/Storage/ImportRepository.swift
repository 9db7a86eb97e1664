import Foundation

/// Where an old address of the site leads now.
public enum SiteRedirect: Sendable, Equatable {
    /// A story, wherever its address is today (slug and date may have changed since).
    case article(Int64)
    /// A site path: a section, a tag, a feed.
    case path(String)
}

/// What one batch of an import stores: stories with their comments and old addresses, and
/// addresses that lead to listings and feeds.
public struct ImportBatch: Sendable {
    public var source: String
    public var stories: [WordPressPlanner.Story]
    /// Standing pages, each after the page it sits under.
    public var pages: [WordPressPlanner.StandingPage]
    public var redirects: [(path: String, target: String)]
    /// Categories and tags no story is filed under, kept as tags: no category is lost, and
    /// its old address still leads to a page.
    public var tags: [ArticleInput.TagRef]
    /// Byline's thread depth: a reply deeper than this attaches at the limit.
    public var maxDepth: Int

    public init(
        source: String, stories: [WordPressPlanner.Story], pages: [WordPressPlanner.StandingPage] = [], redirects: [(path: String, target: String)] = [],
        tags: [ArticleInput.TagRef] = [], maxDepth: Int
    ) {
        self.source = source
        self.stories = stories
        self.pages = pages
        self.redirects = redirects
        self.tags = tags
        self.maxDepth = maxDepth
    }
}

/// Stores what an importer planned, matching each record by the other system's ID, so that
/// the same file imported twice changes nothing and a newer export updates what changed.
public protocol ImportRepository: Sendable {
    /// Stores the batch in one transaction; with `dryRun`, rolls it back and says what it
    /// would have done.
    func apply(_ batch: ImportBatch, now: Date, dryRun: Bool) async throws -> WordPressImportReport
    /// Where an old address leads, if an import recorded it.
    func redirect(path: String) async throws -> SiteRedirect?

    // An export reads the whole site, a page of stories at a time.

    /// Every story after `id`, whatever its status, in ID order, with when it is scheduled.
    func exportStories(after id: Int64, limit: Int) async throws -> [(id: Int64, slug: String, scheduledAt: Date?)]
    /// Every comment of a story, whatever its status, oldest first, with what only staff see.
    func exportComments(articleID: Int64) async throws -> [ExportedComment]
}

/// A comment as an export writes it: everything stored, the commenter's address and IP too.
public struct ExportedComment: Sendable, Equatable {
    public var id: Int64
    public var parentID: Int64?
    public var authorName: String
    public var authorEmail: String
    public var authorURL: String?
    public var ip: String?
    public var body: String
    public var status: Comment.Status
    public var createdAt: Date
}

/// A stored item the database refused, named as the export names it, so that the person
/// importing can find it in WordPress: `post 10 “Harbour reopens”: wp:post_name: …`.
public struct ImportItemFailure: Error, Equatable, CustomStringConvertible {
    public var item: String
    public var field: String?
    public var problem: StorageError

    public var description: String { [item, field].compactMap { $0 }.joined(separator: ": ") + ": " + problem.description }

    /// The field of the export a refusal is about, where the refusal says.
    static func field(of problem: StorageError) -> String? {
        switch problem {
        case .slugTaken: "wp:post_name"
        case .externalIDTaken: "wp:post_id"
        case .pathTaken: "wp:post_name"
        default: nil
        }
    }

    /// Runs `work`, naming `item` in what it throws; the innermost item named wins.
    static func naming<T>(_ item: String, field: String? = nil, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let failure as ImportItemFailure {
            // A comment's failure is also its story's: say both.
            throw ImportItemFailure(item: item + ", " + failure.item, field: failure.field, problem: failure.problem)
        } catch let problem as StorageError where problem != .unavailable {
            throw ImportItemFailure(item: item, field: field ?? Self.field(of: problem), problem: problem)
        }
    }
}
