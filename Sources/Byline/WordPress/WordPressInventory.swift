import Foundation

/// What a first pass over an export learns, so that the second can turn each post into a
/// story without holding the file: who wrote, which categories there are and how much each
/// is used, every attachment (galleries and lead images name them by ID, often before them
/// in the file), and where every item lives (for page paths and old links).
public struct WordPressInventory: Sendable {
    public struct Attachment: Sendable, Equatable {
        public var id: Int
        public var url: String
        public var alt: String
        public var caption: String
        /// The description, where WordPress sites put the photographer's credit.
        public var description: String
        public var parent: Int?
        public var width: Int?
        public var height: Int?
        public var title: String
    }

    public struct Entry: Sendable, Equatable {
        public var type: String
        public var status: String
        public var name: String
        public var title: String
        public var parent: Int?
        public var link: String
    }

    /// An entry of one of the site's navigation menus (`nav_menu_item`).
    public struct MenuItem: Sendable, Equatable {
        public var id: Int
        /// The menu's slug and name.
        public var menu: String
        public var menuName: String
        public var order: Int
        /// The page it links to, when it links to a page and sits at the menu's top level.
        public var page: Int?
    }

    public var site = WXR.Site()
    public var authors: [String: WXR.Author] = [:]
    /// Categories and tags in the file's order, the parents before their children.
    public var terms: [WXR.Term] = []
    public var attachments: [Int: Attachment] = [:]
    /// Every attachment's address, for telling them from other files the posts link to.
    public var attachmentURLs: Set<String> = []
    public var entries: [Int: Entry] = [:]
    /// Published posts filed under each category slug.
    public var categoryUse: [String: Int] = [:]
    public var menuItems: [MenuItem] = []
    public var itemCount = 0
    private var declared: Set<String> = []

    public init() {}

    public mutating func take(_ part: WXR.Part) {
        switch part {
        case .site(let site): self.site = site
        case .author(let author): authors[author.login] = author
        case .term(let term):
            // WordPress 4.6 and later declare each category and tag twice, as `wp:category` or
            // `wp:tag` and again as `wp:term`; the first says all there is.
            guard declared.insert(term.taxonomy + ":" + term.slug).inserted else { return }
            terms.append(term)
        case .item(let item):
            itemCount += 1
            guard let id = item.id else { return }
            entries[id] = Entry(type: item.type, status: item.status, name: item.name, title: item.title, parent: item.parent, link: item.link)
            if item.type == "attachment" {
                let metadata = item.meta["_wp_attachment_metadata"] ?? ""
                attachments[id] = Attachment(
                    id: id, url: item.attachmentURL.isEmpty ? item.guid : item.attachmentURL, alt: item.meta["_wp_attachment_image_alt"] ?? "",
                    caption: item.excerpt, description: item.content, parent: item.parent,
                    width: Self.serializedInteger("width", in: metadata), height: Self.serializedInteger("height", in: metadata), title: item.title)
                attachmentURLs.insert(WordPressUploads.Copied.key(attachments[id]!.url))
            }
            if item.type == "nav_menu_item", let menu = item.terms.first(where: { $0.domain == "nav_menu" }) {
                let linksToAPage = item.meta["_menu_item_type"] == "post_type" && item.meta["_menu_item_object"] == "page"
                let topLevel = (item.meta["_menu_item_menu_item_parent"] ?? "0").trimmingCharacters(in: .whitespaces) == "0"
                menuItems.append(MenuItem(
                    id: id, menu: menu.slug, menuName: menu.name, order: item.menuOrder,
                    page: linksToAPage && topLevel ? item.meta["_menu_item_object_id"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } : nil))
            }
            if item.type == "post", item.status == "publish" {
                for term in item.terms where term.domain == "category" { categoryUse[term.slug, default: 0] += 1 }
            }
            // An item may name a category the header didn't declare (exports of one author do).
            for term in item.terms where term.domain == "category" || term.domain == "post_tag" {
                guard declared.insert(term.domain + ":" + term.slug).inserted else { continue }
                terms.append(WXR.Term(taxonomy: term.domain, slug: term.slug, name: term.name))
            }
        }
    }

    /// A top-level integer of PHP's `serialize()` output (`s:5:"width";i:1200;`), which is
    /// how WordPress stores an image's size; nothing else of the format is read.
    static func serializedInteger(_ key: String, in serialized: String) -> Int? {
        let marker = "s:\(key.utf8.count):\"\(key)\";i:"
        guard let start = serialized.range(of: marker) else { return nil }
        return Int(serialized[start.upperBound...].prefix { $0.isNumber })
    }

    /// The category's chain of slugs from the top, itself last.
    func ancestry(ofCategory slug: String) -> [String] {
        var chain: [String] = []
        var current: String? = slug
        while let each = current, !chain.contains(each) {
            chain.insert(each, at: 0)
            let parent = terms.first { $0.taxonomy == "category" && $0.slug == each }?.parent ?? ""
            current = parent.isEmpty ? nil : parent
        }
        return chain
    }
}
