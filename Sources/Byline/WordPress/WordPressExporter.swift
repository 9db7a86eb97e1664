import Foundation

/// `byline wordpress export`: the whole site as a WXR 1.2 file that WordPress (and Byline)
/// imports: stories and standing pages, authors, sections as categories and tags as tags,
/// images as attachments, and comments with their threading and status. Written as it is read,
/// a page of stories at a time.
///
/// What WXR has no field for (a story's several authors, dateline, credit, corrections, and
/// the Markdown its HTML came from) goes in `_byline_*` post meta, which WordPress keeps and
/// Byline's importer reads back, so that import(export(site)) is the same site.
public enum WordPressExporter {
    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        public var stories = 0
        public var pages = 0
        public var comments = 0
        public var attachments = 0

        public var description: String {
            "Exported \(stories) stories, \(pages) pages, \(comments) comments and \(attachments) attachments."
        }
    }

    /// IDs of things that aren't stories, kept apart from the stories' own in WordPress's one
    /// ID space.
    static let pageIDs: Int64 = 1_000_000_000
    static let mediaIDs: Int64 = 2_000_000_000
    static let leadImageIDs: Int64 = 3_000_000_000

    public static func run(configuration: Configuration, output: URL?, includePrivate: Bool, now: Date = Date()) async throws -> Summary {
        let storage = try await openStorage(configuration, now: now)
        let site = (try? (try await storage.settings.load()).apply(to: configuration)) ?? configuration
        let sink: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output.path, contents: nil) else { throw WXR.Failure(reason: "cannot write \(output.path)") }
            sink = try FileHandle(forWritingTo: output)
        } else {
            sink = FileHandle.standardOutput
        }
        defer { if output != nil { try? sink.close() } }
        return try await write(storage, site: site, includePrivate: includePrivate, now: now) { sink.write(Data($0.utf8)) }
    }

    public static func write(
        _ storage: Storage, site: Configuration, includePrivate: Bool, now: Date = Date(), to emit: (String) throws -> Void
    ) async throws -> Summary {
        var summary = Summary()
        let base = site.baseURL
        let dates = site.dateDisplay
        var xml = XMLText()
        xml.raw("""
            <?xml version="1.0" encoding="UTF-8" ?>
            <!-- A WordPress eXtended RSS file written by Byline: import it with WordPress's Tools → Import → WordPress, or with byline wordpress import. -->
            <rss version="2.0"
            \txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
            \txmlns:content="http://purl.org/rss/1.0/modules/content/"
            \txmlns:wfw="http://wellformedweb.org/CommentAPI/"
            \txmlns:dc="http://purl.org/dc/elements/1.1/"
            \txmlns:wp="http://wordpress.org/export/1.2/"
            >
            <channel>

            """)
        xml.element("title", site.siteName)
        xml.element("link", base)
        xml.element("description", "")
        xml.element("pubDate", Feeds.rfc822(now))
        xml.element("language", site.languageTag)
        xml.element("wp:wxr_version", "1.2")
        xml.element("wp:base_site_url", base)
        xml.element("wp:base_blog_url", base)
        for author in try await storage.taxonomy.authors() {
            xml.open("wp:author")
            xml.element("wp:author_id", String(author.id))
            xml.cdata("wp:author_login", author.slug)
            xml.cdata("wp:author_email", "")
            xml.cdata("wp:author_display_name", author.name)
            xml.cdata("wp:author_first_name", "")
            xml.cdata("wp:author_last_name", "")
            xml.close("wp:author")
        }
        for section in try await storage.taxonomy.sections() {
            xml.open("wp:category")
            xml.element("wp:term_id", String(section.id))
            xml.cdata("wp:category_nicename", section.slug)
            xml.cdata("wp:category_parent", "")
            xml.cdata("wp:cat_name", section.name)
            xml.cdata("wp:category_description", section.description)
            xml.close("wp:category")
        }
        for usage in try await storage.taxonomy.tags() {
            xml.open("wp:tag")
            xml.element("wp:term_id", String(usage.tag.id))
            xml.cdata("wp:tag_slug", usage.tag.slug)
            xml.cdata("wp:tag_name", usage.tag.name)
            xml.close("wp:tag")
        }
        xml.element("generator", WXR.Site.bylineGenerator)
        try emit(xml.take())

        for item in try await storage.media.items(query: nil, page: PageRequest(number: 1, size: 100_000)).items {
            attachment(
                &xml, id: mediaIDs + item.id, parent: nil, url: SiteURL.absolute(item.url, base: base), title: item.originalName, alt: item.alt,
                caption: item.caption, credit: item.credit, width: item.width, height: item.height, date: item.createdAt, dates: dates)
            summary.attachments += 1
        }
        try emit(xml.take())

        var after: Int64 = 0
        while true {
            let stories = try await storage.imports.exportStories(after: after, limit: 200)
            guard let last = stories.last else { break }
            after = last.id
            for entry in stories {
                guard let article = try await storage.articles.article(slug: entry.slug) else { continue }
                let comments = try await storage.imports.exportComments(articleID: article.id)
                story(&xml, article, scheduledAt: entry.scheduledAt, comments: comments, includePrivate: includePrivate, base: base, dates: dates)
                summary.stories += 1
                summary.comments += comments.count
                if article.leadImage != nil { summary.attachments += 1 }
            }
            try emit(xml.take())
        }

        let pages = try await storage.standingPages.pages()
        for page in pages {
            standingPage(&xml, page, base: base, dates: dates)
            summary.pages += 1
        }
        xml.raw("</channel>\n</rss>\n")
        try emit(xml.take())
        return summary
    }

    private static func story(
        _ xml: inout XMLText, _ article: Article, scheduledAt: Date?, comments: [ExportedComment], includePrivate: Bool, base: String, dates: DateDisplay
    ) {
        let id = String(article.id)
        let published = article.publishedAt ?? scheduledAt ?? article.updatedAt
        xml.open("item")
        xml.cdata("title", article.headline)
        let link = article.status == .published
            ? SiteURL.article(article.slug, section: article.section.slug, publishedAt: published, dates: dates).absolute(base: base) : "\(base)/?p=\(id)"
        xml.element("link", link)
        xml.element("pubDate", Feeds.rfc822(published))
        xml.cdata("dc:creator", article.authors.first?.slug ?? "")
        xml.raw("<guid isPermaLink=\"false\">\(XMLText.escaped("\(base)/?p=\(id)"))</guid>\n")
        xml.element("description", "")
        xml.cdata("content:encoded", ArticleBodyRenderer().html(from: article.bodyMarkdown, linkingFrom: base))
        xml.cdata("excerpt:encoded", article.dek ?? "")
        xml.element("wp:post_id", id)
        dated(&xml, published: published, modified: article.updatedAt, dates: dates)
        xml.cdata("wp:comment_status", article.comments.open ? "open" : "closed")
        xml.cdata("wp:ping_status", "closed")
        xml.cdata("wp:post_name", article.slug)
        xml.cdata("wp:status", article.status == .published ? "publish" : scheduledAt != nil ? "future" : "draft")
        xml.element("wp:post_parent", "0")
        xml.element("wp:menu_order", "0")
        xml.cdata("wp:post_type", "post")
        xml.cdata("wp:post_password", "")
        xml.element("wp:is_sticky", "0")
        xml.raw("<category domain=\"category\" nicename=\"\(XMLText.escaped(article.section.slug))\">\(XMLText.cdata(article.section.name))</category>\n")
        for tag in article.tags {
            xml.raw("<category domain=\"post_tag\" nicename=\"\(XMLText.escaped(tag.slug))\">\(XMLText.cdata(tag.name))</category>\n")
        }
        var meta: [(String, String)] = [(WordPressPlanner.bodyMeta, article.bodyMarkdown)]
        if article.authors.count > 1 || article.authors.contains(where: { $0.slug != Slug.make(from: $0.name) }) {
            meta.append((WordPressPlanner.authorsMeta, json(article.authors.map { ["slug": $0.slug, "name": $0.name] })))
        }
        if let dateline = article.dateline { meta.append((WordPressPlanner.datelineMeta, dateline)) }
        if let source = article.credit.source { meta.append((WordPressPlanner.creditMeta, article.credit.kind.rawValue + ":" + source)) }
        if !article.corrections.isEmpty {
            meta.append((WordPressPlanner.correctionsMeta, json(article.corrections.map { ["kind": $0.kind.rawValue, "text": $0.text, "date": ISO8601.string(from: $0.date, in: .gmt)] })))
        }
        if article.leadImage != nil { meta.append(("_thumbnail_id", String(leadImageIDs + article.id))) }
        for (key, value) in meta { postmeta(&xml, key, value) }
        for comment in comments {
            xml.open("wp:comment")
            xml.element("wp:comment_id", String(comment.id))
            xml.cdata("wp:comment_author", comment.authorName)
            // A commenter's address and IP leave the newsroom only when asked for.
            let invented = comment.authorEmail.hasSuffix("@import.invalid")
            xml.cdata("wp:comment_author_email", includePrivate && !invented ? comment.authorEmail : "")
            xml.element("wp:comment_author_url", comment.authorURL ?? "")
            xml.cdata("wp:comment_author_IP", includePrivate ? comment.ip ?? "" : "")
            xml.cdata("wp:comment_date", wordpressDate(comment.createdAt, in: dates.timeZone))
            xml.cdata("wp:comment_date_gmt", wordpressDate(comment.createdAt, in: .gmt))
            xml.cdata("wp:comment_content", comment.body)
            let approved = switch comment.status {
            case .approved: "1"
            case .pending: "0"
            case .spam: "spam"
            case .trash: "trash"
            }
            xml.cdata("wp:comment_approved", approved)
            xml.cdata("wp:comment_type", "comment")
            xml.element("wp:comment_parent", comment.parentID.map(String.init) ?? "0")
            xml.element("wp:comment_user_id", "0")
            xml.close("wp:comment")
        }
        xml.close("item")
        if let image = article.leadImage {
            attachment(
                &xml, id: leadImageIDs + article.id, parent: article.id, url: SiteURL.absolute(image.src, base: base), title: image.alt, alt: image.alt,
                caption: image.caption ?? "", credit: image.credit ?? "", width: image.width, height: image.height, date: published, dates: dates)
        }
    }

    private static func standingPage(_ xml: inout XMLText, _ page: StandingPage, base: String, dates: DateDisplay) {
        let published = page.publishedAt ?? page.updatedAt
        xml.open("item")
        xml.cdata("title", page.title)
        xml.element("link", SiteURL.page(path: page.path).absolute(base: base))
        xml.element("pubDate", Feeds.rfc822(published))
        xml.cdata("dc:creator", "")
        xml.raw("<guid isPermaLink=\"false\">\(XMLText.escaped("\(base)/?page_id=\(pageIDs + page.id)"))</guid>\n")
        xml.element("description", "")
        xml.cdata("content:encoded", ArticleBodyRenderer().html(from: page.bodyMarkdown, linkingFrom: base))
        xml.cdata("excerpt:encoded", "")
        xml.element("wp:post_id", String(pageIDs + page.id))
        dated(&xml, published: published, modified: page.updatedAt, dates: dates)
        xml.cdata("wp:comment_status", "closed")
        xml.cdata("wp:ping_status", "closed")
        xml.cdata("wp:post_name", page.slug)
        xml.cdata("wp:status", page.status == .published ? "publish" : "draft")
        xml.element("wp:post_parent", page.parentID.map { String(pageIDs + $0) } ?? "0")
        xml.element("wp:menu_order", String(page.menuPosition ?? 0))
        xml.cdata("wp:post_type", "page")
        xml.cdata("wp:post_password", "")
        xml.element("wp:is_sticky", "0")
        postmeta(&xml, WordPressPlanner.bodyMeta, page.bodyMarkdown)
        if let position = page.menuPosition { postmeta(&xml, WordPressPlanner.menuMeta, String(position)) }
        xml.close("item")
    }

    private static func attachment(
        _ xml: inout XMLText, id: Int64, parent: Int64?, url: String, title: String, alt: String, caption: String, credit: String, width: Int, height: Int,
        date: Date, dates: DateDisplay
    ) {
        xml.open("item")
        xml.cdata("title", title)
        xml.element("link", url)
        xml.element("pubDate", Feeds.rfc822(date))
        xml.cdata("dc:creator", "")
        xml.raw("<guid isPermaLink=\"false\">\(XMLText.escaped(url))</guid>\n")
        xml.element("description", "")
        xml.cdata("content:encoded", credit)
        xml.cdata("excerpt:encoded", caption)
        xml.element("wp:post_id", String(id))
        dated(&xml, published: date, modified: date, dates: dates)
        xml.cdata("wp:comment_status", "closed")
        xml.cdata("wp:ping_status", "closed")
        xml.cdata("wp:post_name", String(id))
        xml.cdata("wp:status", "inherit")
        xml.element("wp:post_parent", parent.map(String.init) ?? "0")
        xml.element("wp:menu_order", "0")
        xml.cdata("wp:post_type", "attachment")
        xml.cdata("wp:post_password", "")
        xml.element("wp:is_sticky", "0")
        xml.cdata("wp:attachment_url", url)
        postmeta(&xml, "_wp_attachment_image_alt", alt)
        postmeta(&xml, "_wp_attachment_metadata", "a:2:{s:5:\"width\";i:\(width);s:6:\"height\";i:\(height);}")
        xml.close("item")
    }

    private static func dated(_ xml: inout XMLText, published: Date, modified: Date, dates: DateDisplay) {
        xml.cdata("wp:post_date", wordpressDate(published, in: dates.timeZone))
        xml.cdata("wp:post_date_gmt", wordpressDate(published, in: .gmt))
        xml.cdata("wp:post_modified", wordpressDate(modified, in: dates.timeZone))
        xml.cdata("wp:post_modified_gmt", wordpressDate(modified, in: .gmt))
    }

    private static func postmeta(_ xml: inout XMLText, _ key: String, _ value: String) {
        xml.open("wp:postmeta")
        xml.cdata("wp:meta_key", key)
        xml.cdata("wp:meta_value", value)
        xml.close("wp:postmeta")
    }

    /// WordPress's `Y-m-d H:i:s`.
    static func wordpressDate(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", parts.year ?? 0) + "-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}

/// XML written as text, a chunk at a time.
struct XMLText {
    private var text = ""

    mutating func take() -> String {
        defer { text = "" }
        return text
    }

    mutating func raw(_ value: String) { text += value }
    mutating func open(_ name: String) { text += "<\(name)>\n" }
    mutating func close(_ name: String) { text += "</\(name)>\n" }
    mutating func element(_ name: String, _ value: String) { text += "<\(name)>\(Self.escaped(value))</\(name)>\n" }
    mutating func cdata(_ name: String, _ value: String) { text += "<\(name)>\(Self.cdata(value))</\(name)>\n" }

    /// Text safe in an element or attribute, with the characters XML 1.0 forbids left out.
    static func escaped(_ value: String) -> String {
        allowed(value).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A CDATA section; a `]]>` inside is split across two.
    static func cdata(_ value: String) -> String {
        "<![CDATA[" + allowed(value).replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    private static func allowed(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { !isAllowed($0) }) else { return value }
        return String(String.UnicodeScalarView(value.unicodeScalars.filter(isAllowed)))
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
