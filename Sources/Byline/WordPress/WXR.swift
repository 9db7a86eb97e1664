import Foundation

/// A WordPress eXtended RSS export (WXR 1.0–1.2), as the parts the file holds. Values are
/// kept as WordPress wrote them; what they become in Byline is the importer's business.
public enum WXR {
    public struct Site: Sendable, Equatable {
        public var title = ""
        /// The blog's address (`<link>`), which every item's link starts with.
        public var link = ""
        public var description = ""
        public var language = ""
        public var version = ""
        public var baseSiteURL = ""
        public var baseBlogURL = ""
        /// `<generator>`: WordPress writes its own address and version.
        public var generator = ""

        /// What Byline's own export says it is, so that its import knows its categories are sections.
        public static let bylineGenerator = "Byline"
    }

    public struct Author: Sendable, Equatable {
        public var id: Int?
        public var login = ""
        public var email = ""
        public var displayName = ""
        public var firstName = ""
        public var lastName = ""
    }

    /// A category, tag, or term of another taxonomy, declared at the top of the file.
    public struct Term: Sendable, Equatable {
        public var id: Int?
        /// `category`, `post_tag`, or another taxonomy's name.
        public var taxonomy = ""
        public var slug = ""
        /// The parent's slug; empty at the top.
        public var parent = ""
        public var name = ""
        public var description = ""
    }

    /// One of an item's `<category domain="…" nicename="…">Name</category>`.
    public struct ItemTerm: Sendable, Equatable {
        public var domain: String
        public var slug: String
        public var name: String
    }

    public struct Comment: Sendable, Equatable {
        public var id: Int?
        public var author = ""
        public var email = ""
        public var url = ""
        public var ip = ""
        public var date = ""
        public var dateGMT = ""
        public var content = ""
        /// `1`, `0`, `spam` or `trash`.
        public var approved = ""
        /// Empty or `comment` for a reader's comment; `pingback`, `trackback`, `note`…
        public var type = ""
        public var parent: Int?
        public var userID: Int?
        public var meta: [String: String] = [:]
    }

    /// A post, page, attachment, menu item or any other post type.
    public struct Item: Sendable, Equatable {
        public var title = ""
        public var link = ""
        public var pubDate = ""
        public var creator = ""
        public var guid = ""
        public var description = ""
        public var content = ""
        public var excerpt = ""
        public var id: Int?
        public var date = ""
        public var dateGMT = ""
        public var modified = ""
        public var modifiedGMT = ""
        public var commentStatus = ""
        public var name = ""
        public var status = ""
        public var parent: Int?
        public var menuOrder = 0
        public var type = ""
        public var password = ""
        public var isSticky = false
        public var attachmentURL = ""
        public var terms: [ItemTerm] = []
        /// `wp:postmeta`, by key; a key given twice keeps its first value.
        public var meta: [String: String] = [:]
        public var comments: [Comment] = []
    }

    public enum Part: Sendable, Equatable {
        case site(Site)
        case author(Author)
        case term(Term)
        case item(Item)
    }

    /// Why a file can't be read, in one line for the person who gave it.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }
}
