import Foundation
import Synchronization

/// What changed, named by keys that caches file their entries under. The same names go out
/// to CDNs as `Surrogate-Key`s and in `cache.purge` webhooks, so a purge by key there matches
/// an invalidation here.
///
/// - `article-ID`: the article itself (its page, its corrections, its byline);
/// - `comments-ID`: the approved discussion of one article; `comments`: any discussion;
/// - `section-ID`, `tag-ID`, `author-ID`: the lists of one section, tag or author;
/// - `page-ID`: one standing page;
/// - `person-ID`: what one person in the quote index said; `people`: the list of them;
/// - `listings`: the site-wide lists (front page, site feeds, sitemaps);
/// - `taxonomy`: the section navigation every page carries;
/// - `*`: anything may have changed, for when a node cannot know.
public struct ContentChange: Sendable, Hashable, Codable {
    public var keys: Set<String>

    public init(keys: Set<String>) { self.keys = keys }

    public static let everything = ContentChange(keys: ["*"])
    public static let taxonomyKey = "taxonomy"
    public static let listingsKey = "listings"
    public static let allCommentsKey = "comments"
    /// The site settings changed: every node reloads them.
    public static let settingsKey = "settings"

    public static func articleKey(_ id: Int64) -> String { "article-\(id)" }
    public static func commentsKey(_ articleID: Int64) -> String { "comments-\(articleID)" }
    public static func sectionKey(_ id: Int64) -> String { "section-\(id)" }
    public static func tagKey(_ id: Int64) -> String { "tag-\(id)" }
    public static func authorKey(_ id: Int64) -> String { "author-\(id)" }
    public static func pageKey(_ id: Int64) -> String { "page-\(id)" }
    public static func personKey(_ id: Int64) -> String { "person-\(id)" }
    public static let peopleKey = "people"

    /// The keys touched when a published story's quotes change: the story (its quotes in the
    /// Content API) and the pages of the people it quotes, or quoted.
    static func quotes(articleID: Int64, people: Set<Int64>) -> ContentChange {
        ContentChange(keys: Set(people.map(personKey)).union([articleKey(articleID), peopleKey]))
    }

    public func affects(_ key: String) -> Bool { keys.contains("*") || keys.contains(key) }

    /// The keys touched when an article's visible comments change.
    static func comments(articleID: Int64) -> ContentChange {
        ContentChange(keys: [commentsKey(articleID), allCommentsKey])
    }

    /// The keys touched when articles change: each article's placement keys (read before
    /// and after the change, in its transaction), and the site-wide lists.
    static func articles(placements: Set<String>) -> ContentChange? {
        guard !placements.isEmpty else { return nil }
        return ContentChange(keys: placements.union([listingsKey]))
    }

    /// The keys of the pages that show one article: its own page and the lists of its section,
    /// tags and authors.
    static func placementKeys(articleID: Int64, sectionID: Int64?, tagIDs: [Int64], authorIDs: [Int64], personIDs: Set<Int64> = []) -> Set<String> {
        var keys: Set<String> = [articleKey(articleID)]
        if !personIDs.isEmpty { keys.formUnion(personIDs.map(personKey) + [peopleKey]) }
        if let sectionID { keys.insert(sectionKey(sectionID)) }
        keys.formUnion(tagIDs.map(tagKey))
        keys.formUnion(authorIDs.map(authorKey))
        return keys
    }
}

/// A cache that must forget what a change touched the moment the change is published.
protocol ContentChangeObserver: AnyObject, Sendable {
    func apply(_ change: ContentChange)
}
