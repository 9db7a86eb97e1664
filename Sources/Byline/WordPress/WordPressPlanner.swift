import Foundation

/// What each WordPress item becomes in Byline, decided without touching storage: the
/// second pass over an export hands every item here and stores what comes back.
///
/// Categories: WordPress sites file posts under dozens of categories, and a section is a
/// link in every page's navigation, so only the most used top-level categories become
/// sections (ten by default, or exactly those named with `--sections`). Every other category
/// becomes a tag, and a post keeps every category it had, as its section or as tags.
public struct WordPressPlanner: Sendable {
    public struct Options: Sendable {
        /// Category slugs to make sections; nil picks the most used top-level ones.
        public var sections: [String]?
        public var maximumSections: Int
        /// The site's zone, for the local dates of drafts (WordPress leaves their GMT empty).
        public var timeZone: TimeZone
        /// The media-library address of an uploaded file that was copied in, by its old URL.
        public var copiedUpload: @Sendable (String) -> String?

        public init(sections: [String]? = nil, maximumSections: Int = 10, timeZone: TimeZone = .gmt, copiedUpload: @escaping @Sendable (String) -> String? = { _ in nil }) {
            self.sections = sections
            self.maximumSections = maximumSections
            self.timeZone = timeZone
            self.copiedUpload = copiedUpload
        }
    }

    /// Why a plan can't be made at all.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public let inventory: WordPressInventory
    public let options: Options
    /// Section slug → name.
    public let sections: [String: String]
    /// The footer menu's pages (WordPress IDs) and their places in it, from the site's menu
    /// called Footer; and the menu entries that made it.
    public let footerMenu: [Int: Int]
    private let footerMenuEntries: Set<Int>
    /// The section a post with none of the section categories goes to.
    public let defaultSection: ArticleInput.SectionRef

    public init(_ inventory: WordPressInventory, options: Options = Options()) throws(Failure) {
        self.inventory = inventory
        self.options = options
        let categories = inventory.terms.filter { $0.taxonomy == "category" }
        let names = Dictionary(categories.map { ($0.slug, $0.name) }, uniquingKeysWith: { first, _ in first })
        var chosen: [String]
        if options.sections == nil, inventory.site.generator == WXR.Site.bylineGenerator {
            // Byline's own export names only its sections as categories.
            chosen = categories.filter { $0.parent.isEmpty }.map(\.slug)
        } else if let asked = options.sections {
            let unknown = asked.filter { names[$0] == nil }
            guard unknown.isEmpty else {
                throw Failure(reason: "--sections names categories the export doesn't have: \(unknown.joined(separator: ", ")). Its categories are: \(categories.map(\.slug).joined(separator: ", "))")
            }
            chosen = asked
        } else {
            // The most used first; ties in the file's order.
            let topLevel = categories.enumerated().filter { $0.element.parent.isEmpty }
            chosen = topLevel.sorted { (inventory.categoryUse[$0.element.slug] ?? 0, -$0.offset) > (inventory.categoryUse[$1.element.slug] ?? 0, -$1.offset) }
                .prefix(options.maximumSections).map(\.element.slug)
        }
        var sections: [String: String] = [:]
        for slug in chosen { sections[Self.slug(slug, or: "section")] = Self.plain(names[slug] ?? slug) }
        self.sections = sections
        // WordPress sites list their policies in a footer menu. Their header menu is usually of
        // categories, which Byline's sections replace, so only the footer menu's pages come.
        let menus = Dictionary(grouping: inventory.menuItems, by: \.menu)
        let footer = menus.keys.sorted().first { slug in
            ([slug] + (menus[slug]?.prefix(1).map(\.menuName) ?? [])).contains { $0.lowercased().contains("footer") }
        }
        let entries = footer.flatMap { menus[$0] }?.filter { $0.page != nil }.sorted { ($0.order, $0.id) < ($1.order, $1.id) } ?? []
        var positions: [Int: Int] = [:]
        for entry in entries where positions[entry.page!] == nil { positions[entry.page!] = positions.count + 1 }
        footerMenu = positions
        footerMenuEntries = Set(entries.map(\.id))
        if let first = chosen.first {
            defaultSection = ArticleInput.SectionRef(slug: Self.slug(first, or: "section"), name: Self.plain(names[first] ?? first))
        } else {
            defaultSection = ArticleInput.SectionRef(slug: "news", name: "News")
        }
    }

    // MARK: Items

    public struct Story: Sendable, Equatable {
        public var wordpressID: Int
        public var input: ArticleInput
        /// When WordPress had it scheduled (`future`): a draft until then.
        public var scheduledAt: Date?
        public var comments: [Comment]
        /// Site paths that led to it on WordPress, each answered with a 301 from now on.
        public var oldPaths: [String]
    }

    public struct StandingPage: Sendable, Equatable {
        public var wordpressID: Int
        /// Its place in the footer menu, when the export came from Byline.
        public var menuPosition: Int?
        public var parentWordPressID: Int?
        public var slug: String
        public var title: String
        public var bodyMarkdown: String
        public var status: Article.Status
        public var publishedAt: Date?
        public var updatedAt: Date?
        public var oldPaths: [String]
        public var comments: [Comment]
    }

    public struct Comment: Sendable, Equatable {
        public var wordpressID: Int
        public var parentWordPressID: Int?
        public var authorName: String
        public var authorEmail: String
        public var authorURL: String?
        public var ip: String?
        public var body: String
        public var status: Byline.Comment.Status
        public var createdAt: Date
    }

    public enum Planned: Sendable, Equatable {
        case story(Story)
        case page(StandingPage)
    }

    /// The item as Byline has it, or nil with the reason in the report.
    public func plan(_ item: WXR.Item, report: inout WordPressImportReport) -> Planned? {
        guard let id = item.id else {
            report.skip("an item without a wp:post_id (\(describe(item)))")
            return nil
        }
        switch item.type {
        case "post": return story(item, id: id, report: &report).map(Planned.story)
        case "page": return page(item, id: id, report: &report).map(Planned.page)
        case "attachment": return nil
        case "nav_menu_item" where footerMenuEntries.contains(id): return nil
        default:
            report.skipped[Self.skippedKind(item.type), default: 0] += 1
            return nil
        }
    }

    private func story(_ item: WXR.Item, id: Int, report: inout WordPressImportReport) -> Story? {
        guard let status = status(item, id: id, kind: "post", report: &report) else { return nil }
        let content = convert(item, id: id, report: &report)
        let headline = headline(item, body: content.body, id: id, kind: "post", report: &report)
        let extra = Extensions(item.meta)
        var section: ArticleInput.SectionRef?
        var tags: [ArticleInput.TagRef] = []
        var seenTags: Set<String> = []
        func addTag(_ slug: String, _ name: String) {
            let slug = Self.slug(slug, or: Self.slug(name, or: "tag"))
            if seenTags.insert(slug).inserted { tags.append(ArticleInput.TagRef(slug: slug, name: Self.plain(name).ifEmpty(slug))) }
        }
        let categories = item.terms.filter { $0.domain == "category" }
        func home(_ slug: String) -> String? {
            inventory.ancestry(ofCategory: slug).map { Self.slug($0, or: "section") }.first { sections[$0] != nil }
        }
        // The primary category an editor chose (Yoast SEO's, on most news sites) decides. Else a
        // category that is a section itself says more than one under a section: a post filed
        // under Sport and under News › Local is a sports story.
        let primary = item.meta[Self.primaryCategoryMeta].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { id in inventory.terms.first { $0.taxonomy == "category" && $0.id == id } }.flatMap { home($0.slug) }
        let direct = categories.lazy.map { Self.slug($0.slug, or: "section") }.first { sections[$0] != nil }
        if let chosen = primary ?? direct ?? categories.lazy.compactMap({ home($0.slug) }).first {
            section = ArticleInput.SectionRef(slug: chosen, name: sections[chosen]!)
        }
        for term in categories {
            // The category that is the story's section is that, and not a tag as well.
            if Self.slug(term.slug, or: "section") == section?.slug { continue }
            addTag(term.slug, term.name)
        }
        for term in item.terms where term.domain == "post_tag" { addTag(term.slug, term.name) }
        let dates = dates(item)
        var input = ArticleInput(
            externalID: "wordpress:\(id)", slug: slug(item, fallback: headline, id: id), headline: headline,
            dek: Self.plain(item.excerpt).nilIfEmpty, authors: extra.authors ?? [author(item.creator)], dateline: extra.dateline, credit: extra.credit,
            section: section ?? defaultSection, tags: tags,
            leadImage: leadImage(item), bodyMarkdown: content.markdown, status: status == .published ? .published : .draft,
            publishedAt: status == .published ? dates.published : nil, updatedAt: dates.modified,
            corrections: extra.corrections, comments: CommentSettings(open: item.commentStatus != "closed"))
        if status == .published, let published = dates.published, published > (dates.modified ?? published) { input.updatedAt = published }
        // Polylang files each post under a `language` term; otherwise the post is in the site's language.
        input.language = item.terms.first { $0.domain == "language" }.flatMap { LanguageTag.normalized($0.slug) }
            ?? LanguageTag.normalized(inventory.site.language)
        return Story(
            wordpressID: id, input: input, scheduledAt: status == .scheduled ? dates.published : nil,
            comments: comments(item, report: &report), oldPaths: oldPaths(item, id: id, query: "p"))
    }

    private func page(_ item: WXR.Item, id: Int, report: inout WordPressImportReport) -> StandingPage? {
        guard let status = status(item, id: id, kind: "page", report: &report) else { return nil }
        let content = convert(item, id: id, report: &report)
        let title = headline(item, body: content.body, id: id, kind: "page", report: &report)
        let dates = dates(item)
        return StandingPage(
            wordpressID: id, menuPosition: item.meta[Self.menuMeta].flatMap { Int($0) } ?? footerMenu[id], parentWordPressID: item.parent.flatMap { inventory.entries[$0]?.type == "page" ? $0 : nil },
            slug: slug(item, fallback: title, id: id), title: title, bodyMarkdown: content.markdown,
            status: status == .published ? .published : .draft, publishedAt: status == .published ? dates.published : nil,
            updatedAt: dates.modified, oldPaths: oldPaths(item, id: id, query: "page_id"), comments: comments(item, report: &report))
    }

    private func status(_ item: WXR.Item, id: Int, kind: String, report: inout WordPressImportReport) -> EditorialStatus? {
        if !item.password.isEmpty {
            report.note("\(kind) \(id) \(quoted(item)): password-protected on WordPress, imported as a draft so that it stays unpublished")
            return .draft
        }
        switch item.status {
        case "publish": return .published
        case "future": return .scheduled
        case "draft", "pending", "": return .draft
        case "private":
            report.note("\(kind) \(id) \(quoted(item)): private on WordPress, imported as a draft")
            return .draft
        case "trash":
            report.skipped["\(kind)s in WordPress's trash", default: 0] += 1
            return nil
        default:
            report.note("\(kind) \(id) \(quoted(item)): status \"\(item.status)\" is not WordPress's own, imported as a draft")
            return .draft
        }
    }

    // MARK: Byline's own export

    static let bodyMeta = "_byline_body_markdown"
    static let authorsMeta = "_byline_authors"
    static let datelineMeta = "_byline_dateline"
    static let creditMeta = "_byline_credit"
    static let correctionsMeta = "_byline_corrections"
    static let menuMeta = "_byline_menu_position"
    /// Yoast SEO's primary category, a term ID.
    static let primaryCategoryMeta = "_yoast_wpseo_primary_category"

    /// What Byline's export keeps in post meta because WXR has no field for it.
    struct Extensions {
        var authors: [ArticleInput.AuthorRef]?
        var dateline: String?
        var credit: Credit = .staff
        var corrections: [Correction] = []

        init(_ meta: [String: String]) {
            struct Person: Decodable { var slug: String; var name: String }
            struct Entry: Decodable { var kind: Correction.Kind; var text: String; var date: String }
            if let data = meta[WordPressPlanner.authorsMeta].map({ Data($0.utf8) }), let people = try? JSONDecoder().decode([Person].self, from: data),
                people.allSatisfy({ Slug.isValid($0.slug) && !$0.name.isEmpty })
            {
                authors = people.map { ArticleInput.AuthorRef(slug: $0.slug, name: $0.name) }
            }
            dateline = meta[WordPressPlanner.datelineMeta].flatMap { $0.isEmpty ? nil : $0 }
            if let credit = meta[WordPressPlanner.creditMeta], let colon = credit.firstIndex(of: ":"),
                let kind = Credit.Kind(rawValue: String(credit[..<colon])), let parsed = Credit(kind: kind, source: String(credit[credit.index(after: colon)...]))
            {
                self.credit = parsed
            }
            if let data = meta[WordPressPlanner.correctionsMeta].map({ Data($0.utf8) }), let entries = try? JSONDecoder().decode([Entry].self, from: data) {
                corrections = entries.compactMap { entry in ISO8601.parse(entry.date).map { Correction(kind: entry.kind, text: entry.text, date: $0) } }
            }
        }
    }

    private func convert(_ item: WXR.Item, id: Int, report: inout WordPressImportReport) -> WordPressContent.Converted {
        // Byline's export carries the Markdown its HTML was made from: that is the body.
        if let markdown = item.meta[Self.bodyMeta] {
            return WordPressContent.Converted(markdown: markdown, body: StoryBody.parse(markdown), shortcodesRemoved: [:], notes: .init())
        }
        let inventory = self.inventory
        let site = inventory.site.link
        let copied = options.copiedUpload
        let converter = WordPressContent(
            shortcodes: WordPressShortcodes(
                attachment: { inventory.attachments[$0].map(Self.picture) },
                attachedToPost: { inventory.attachments.values.filter { $0.parent == id }.sorted { $0.id < $1.id }.map(Self.picture) }),
            address: { Self.address($0, site: site, copied: copied) })
        let converted = converter.convert(item.content)
        report.shortcodesRemoved.merge(converted.shortcodesRemoved, uniquingKeysWith: +)
        report.elementsRemoved.merge(converted.notes.removed, uniquingKeysWith: +)
        // Files the post links to on the old site that no attachment stands for: nothing
        // copies them, so the newsroom needs to know they are still over there.
        let uploads = site + "/wp-content/"
        for address in converted.body.addresses where !site.isEmpty && address.hasPrefix(uploads) && !inventory.attachmentURLs.contains(WordPressUploads.Copied.key(address)) {
            let line = "\(address) (\(item.type) \(id) links to it; the export has no attachment for it)"
            if !report.filesNotCopied.contains(line) { report.filesNotCopied.append(line) }
        }
        for address in converted.notes.refusedAddresses { report.note("\(item.type) \(id) \(quoted(item)): the address \(address.debugDescription) was refused; its words were kept") }
        return converted
    }

    private static func picture(_ attachment: WordPressInventory.Attachment) -> WordPressShortcodes.Attachment {
        WordPressShortcodes.Attachment(url: attachment.url, alt: attachment.alt, caption: plain(attachment.caption))
    }

    /// An old site's own links become site paths, which its redirects answer; its uploads
    /// become the media library's copies when they were copied.
    static func address(_ url: String, site: String, copied: (String) -> String?) -> String? {
        if let media = copied(url) { return media }
        guard !site.isEmpty, url.lowercased().hasPrefix(site.lowercased()) else { return url }
        let path = String(url.dropFirst(site.count))
        guard path.isEmpty || path.hasPrefix("/") || path.hasPrefix("?") || path.hasPrefix("#") else { return url }
        // Files not copied stay where they are, at the old address.
        if path.contains("/wp-content/") { return url }
        return path.isEmpty ? "/" : path.hasPrefix("/") ? path : "/" + path
    }

    /// What the report calls the items of a type Byline has no use for, in WordPress's words.
    static func skippedKind(_ type: String) -> String {
        switch type {
        case "": "items without a type"
        case "nav_menu_item": "menu items other than the footer menu's pages (nav_menu_item: sections are the site's navigation)"
        case "wp_block": "reusable blocks (wp_block)"
        case "revision": "revisions (revision: Byline keeps its own from now on)"
        case "custom_css", "customize_changeset", "wp_global_styles", "wp_template", "wp_template_part", "wp_navigation":
            "theme settings (\(type))"
        default: "items of type \(type)"
        }
    }

    private func headline(_ item: WXR.Item, body: StoryBody, id: Int, kind: String, report: inout WordPressImportReport) -> String {
        let title = Self.plain(item.title)
        if !title.isEmpty { return title }
        // WordPress shows "(no title)"; a story needs a headline, and its first words serve.
        let headline = body.plainText.leadingWords(upTo: 80, marking: false) ?? "Untitled \(kind) \(id)"
        report.note("\(kind) \(id): no title on WordPress; headlined \(headline.debugDescription)")
        return headline
    }

    private func slug(_ item: WXR.Item, fallback: String, id: Int) -> String {
        // WordPress names an untitled post by its ID; the headline made for it reads better,
        // and the old address still leads to it.
        let name = Self.plain(item.title).isEmpty && item.name == String(id) ? "" : item.name
        return Self.slug(name, or: Self.slug(fallback, or: "\(item.type)-\(id)"))
    }

    /// A WordPress slug (percent-encoded when not ASCII) as a valid Byline slug.
    static func slug(_ wordpress: String, or fallback: String) -> String {
        let decoded = wordpress.removingPercentEncoding ?? wordpress
        let slug = Slug.make(from: decoded)
        return Slug.isValid(slug) ? slug : fallback
    }

    private func author(_ login: String) -> ArticleInput.AuthorRef {
        let author = inventory.authors[login]
        let display = Self.plain(author?.displayName ?? "")
        let full = Self.plain([author?.firstName ?? "", author?.lastName ?? ""].joined(separator: " "))
        let name = display.ifEmpty(full).ifEmpty(login).ifEmpty("Staff")
        return ArticleInput.AuthorRef(slug: Self.slug(name, or: Self.slug(login, or: "author-\(author?.id ?? 0)")), name: name)
    }

    private func leadImage(_ item: WXR.Item) -> LeadImage? {
        guard let id = item.meta["_thumbnail_id"].flatMap({ Int($0) }), let picture = inventory.attachments[id] else { return nil }
        let src = Self.address(picture.url, site: inventory.site.link, copied: options.copiedUpload) ?? picture.url
        let alt = Self.plain(picture.alt).ifEmpty(Self.plain(picture.caption)).ifEmpty(Self.plain(picture.title))
        return LeadImage(
            src: src, width: picture.width ?? 1200, height: picture.height ?? 800, alt: alt, caption: Self.plain(picture.caption).nilIfEmpty,
            credit: Self.plain(picture.description).nilIfEmpty)
    }

    private func comments(_ item: WXR.Item, report: inout WordPressImportReport) -> [Comment] {
        var comments: [Comment] = []
        for comment in item.comments {
            switch comment.type {
            case "", "comment": break
            case "pingback", "trackback":
                report.skipped["\(comment.type)s (counted, not imported as comments)", default: 0] += 1
                continue
            default:
                report.skipped["comments of type \"\(comment.type)\"", default: 0] += 1
                continue
            }
            guard let id = comment.id else { continue }
            let status: Byline.Comment.Status = switch comment.approved {
            case "1", "approve": .approved
            case "spam": .spam
            case "trash", "post-trashed": .trash
            default: .pending
            }
            var body = StoryBody.fromHTML(comment.content, .init(lineBreaksAreMarkup: true)).body.plainText
            if body.count > 10_000 {
                report.note("comment \(id) on item \(item.id ?? 0): longer than Byline's 10,000 characters, shortened")
                body = String(body.prefix(10_000))
            }
            if body.isEmpty { body = "…" }
            let email = comment.email.lowercased()
            comments.append(Comment(
                wordpressID: id, parentWordPressID: comment.parent, authorName: String(Self.plain(comment.author).ifEmpty("Anonymous").prefix(100)),
                // Byline needs an address to group a commenter's history; one WordPress didn't
                // require is made unique to the comment, in the reserved .invalid domain.
                authorEmail: email.count >= 3 && email.contains("@") && email.count <= 254 ? email : "wordpress-comment-\(id)@import.invalid",
                authorURL: BodyURL.isExternal(comment.url) && comment.url.count <= 2000 ? comment.url : nil, ip: comment.ip.nilIfEmpty, body: body,
                status: status, createdAt: date(gmt: comment.dateGMT, local: comment.date) ?? Date(timeIntervalSince1970: 0)))
        }
        return comments
    }

    private func oldPaths(_ item: WXR.Item, id: Int, query: String) -> [String] {
        var paths = ["/?\(query)=\(id)"]
        for link in [item.link, item.guid] {
            if let path = Self.sitePath(link, site: inventory.site.link), !paths.contains(path) { paths.append(path) }
        }
        return paths
    }

    /// The path (and query) of one of the old site's own addresses.
    static func sitePath(_ link: String, site: String) -> String? {
        guard !site.isEmpty, link.lowercased().hasPrefix(site.lowercased()) else { return nil }
        let path = String(link.dropFirst(site.count))
        guard path.hasPrefix("/") || path.hasPrefix("?") else { return nil }
        return path.hasPrefix("/") ? path : "/" + path
    }

    private func dates(_ item: WXR.Item) -> (published: Date?, modified: Date?) {
        (date(gmt: item.dateGMT, local: item.date), date(gmt: item.modifiedGMT, local: item.modified))
    }

    /// WordPress's `Y-m-d H:i:s`, in GMT when it wrote one (drafts have `0000-00-00 …`), else
    /// in the site's zone.
    func date(gmt: String, local: String) -> Date? {
        if let date = Self.parse(gmt, in: .gmt) { return date }
        return Self.parse(local, in: options.timeZone)
    }

    static func parse(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int($0) }
        guard parts.count == 6, let year = parts[0], year > 0, let month = parts[1], let day = parts[2] else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: parts[3] ?? 0, minute: parts[4] ?? 0, second: parts[5] ?? 0))
    }

    /// HTML's text: tags gone, references decoded, white space one space.
    static func plain(_ html: String) -> String {
        guard html.contains(where: { $0 == "<" || $0 == "&" }) else { return html.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        return StoryBody.fromHTML(html).body.plainText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private func quoted(_ item: WXR.Item) -> String { "“\(Self.plain(item.title).ifEmpty("no title"))”" }

    private func describe(_ item: WXR.Item) -> String { "\(item.type) \(quoted(item))" }
}

extension String {
    fileprivate func ifEmpty(_ other: @autoclosure () -> String) -> String { isEmpty ? other() : self }
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
