import Foundation

/// A page that is not a story: About us, Contact, the ethics and corrections policies the
/// Trust Project's indicators ask for. It has a path of its own (`/about/`, `/about/staff/`),
/// drafts and revisions like a story, and no date, byline, section or comments.
public struct StandingPage: Sendable, Hashable {
    public var id: Int64
    public var parentID: Int64?
    public var slug: String
    /// The whole address, from the top-level page down: `/about/staff/`.
    public var path: String
    public var title: String
    public var bodyMarkdown: String
    public var status: Article.Status
    /// Its place in the footer menu, lowest first; nil when it isn't there.
    public var menuPosition: Int?
    public var version: Int
    public var publishedAt: Date?
    public var updatedAt: Date

    public init(
        id: Int64, parentID: Int64?, slug: String, path: String, title: String, bodyMarkdown: String, status: Article.Status, menuPosition: Int?,
        version: Int, publishedAt: Date?, updatedAt: Date
    ) {
        self.id = id
        self.parentID = parentID
        self.slug = slug
        self.path = path
        self.title = title
        self.bodyMarkdown = bodyMarkdown
        self.status = status
        self.menuPosition = menuPosition
        self.version = version
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
    }

    /// The deepest a page may sit: `/about/staff/desk/`.
    public static let maximumDepth = 3

    /// First segments a page can't have: the site's own, and those its routes put other
    /// things under (`/media/…`, `/preview/…`).
    public static let reservedSlugs = Section.reservedSlugs.union(["media", "preview", "page", "pages"])
}

/// What a save of a standing page writes.
public struct PageInput: Sendable, Hashable {
    public var parentID: Int64?
    public var slug: String
    public var title: String
    public var bodyMarkdown: String
    public var status: Article.Status
    public var menuPosition: Int?
    /// When it was first published; nil means now for a first publication.
    public var publishedAt: Date?
    public var updatedAt: Date?

    public init(
        parentID: Int64? = nil, slug: String, title: String, bodyMarkdown: String, status: Article.Status, menuPosition: Int? = nil,
        publishedAt: Date? = nil, updatedAt: Date? = nil
    ) {
        self.parentID = parentID
        self.slug = slug
        self.title = title
        self.bodyMarkdown = bodyMarkdown
        self.status = status
        self.menuPosition = menuPosition
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
    }

    /// What is wrong with the input as a person would be told, or nil. The path's clashes
    /// with the rest of the site are the repository's to find.
    public var problem: String? {
        let title = self.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 200 { return "Give the page a title of 1 to 200 characters." }
        if !Slug.isValid(slug) { return "Use a slug of lowercase letters, digits and single hyphens, such as “\(Slug.make(from: title).isEmpty ? "about" : Slug.make(from: title))”." }
        if bodyMarkdown.utf8.count > 1_000_000 { return "Keep the page under a million characters." }
        return nil
    }
}

/// One saved version of a page, for its history.
public struct PageRevision: Sendable, Hashable {
    public var version: Int
    public var title: String
    public var editor: String
    public var note: String
    public var savedAt: Date
}
