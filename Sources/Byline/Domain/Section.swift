/// A desk of the newsroom (World, Politics …). Every article belongs to exactly one.
public struct Section: Sendable, Hashable, Codable {
    public var id: Int64
    public var slug: String
    public var name: String
    public var description: String

    public init(id: Int64, slug: String, name: String, description: String = "") {
        self.id = id
        self.slug = slug
        self.name = name
        self.description = description
    }

    /// Section pages live at `/{slug}`, so a section may not take a path the site already uses.
    public static let reservedSlugs: Set<String> = [
        "admin", "api", "assets", "author", "authors", "comments", "feed", "feeds", "healthz", "readyz",
        "robots-txt", "search", "section", "sitemap", "sitemaps", "tag", "tags", "login", "logout", "people", "language",
    ]
}
