import Foundation

/// A feed in the shape every format needs; `Feeds` writes it as RSS 2.0, Atom 1.0 or JSON Feed 1.1.
struct FeedModel: Sendable {
    struct Person: Sendable, Hashable {
        var name: String
        var url: String?
    }

    struct Item: Sendable {
        /// A permanent, unique identifier: the article's canonical URL, or a `tag:` URI for comments.
        var id: String
        var url: String
        var title: String
        var summary: String?
        /// Full HTML with absolute links, or nil for an excerpt-only feed.
        var contentHTML: String?
        var authors: [Person]
        var published: Date
        var updated: Date
        var categories: [String]
        var image: String?
        /// The item's language where it is not the feed's (a translation, agency copy in another language).
        var language: String? = nil
    }

    var title: String
    var subtitle: String?
    /// The page the feed is about.
    var homeURL: String
    /// The feed's own address, in this format.
    var feedURL: String
    var language: String
    var items: [Item]
    var icon: String?

    /// The newest change among the items; the feed's own date.
    var updated: Date { items.map(\.updated).max() ?? Date(timeIntervalSince1970: 0) }
}

/// The three feed formats. All text is escaped here; nothing a writer or commenter typed can
/// break out of its element.
enum Feeds {
    enum Format: String, CaseIterable, Sendable {
        case rss, atom, json

        var fileName: String {
            switch self {
            case .rss: "feed.rss"
            case .atom: "feed.atom"
            case .json: "feed.json"
            }
        }

        var contentType: String {
            switch self {
            case .rss: "application/rss+xml; charset=utf-8"
            case .atom: "application/atom+xml; charset=utf-8"
            case .json: "application/feed+json; charset=utf-8"
            }
        }

        var title: String {
            switch self {
            case .rss: "RSS"
            case .atom: "Atom"
            case .json: "JSON Feed"
            }
        }

        var linkType: String { String(contentType.prefix { $0 != ";" }) }
    }

    static func render(_ feed: FeedModel, as format: Format) -> String {
        switch format {
        case .rss: rss(feed)
        case .atom: atom(feed)
        case .json: json(feed)
        }
    }

    // MARK: RSS 2.0

    static func rss(_ feed: FeedModel) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel>
            <title>\(xmlEscaped(feed.title))</title>
            <link>\(xmlEscaped(feed.homeURL))</link>
            <atom:link href="\(xmlEscaped(feed.feedURL))" rel="self" type="application/rss+xml"/>
            <description>\(xmlEscaped(feed.subtitle ?? feed.title))</description>
            <language>\(xmlEscaped(feed.language))</language>
            <lastBuildDate>\(rfc822(feed.updated))</lastBuildDate>
            <generator>Byline</generator>

            """
        for item in feed.items {
            xml += "<item>\n"
            xml += "<title>\(xmlEscaped(item.title))</title>\n"
            xml += "<link>\(xmlEscaped(item.url))</link>\n"
            xml += "<guid isPermaLink=\"\(item.id == item.url)\">\(xmlEscaped(item.id))</guid>\n"
            xml += "<pubDate>\(rfc822(item.published))</pubDate>\n"
            for author in item.authors { xml += "<dc:creator>\(xmlEscaped(author.name))</dc:creator>\n" }
            if let language = item.language { xml += "<dc:language>\(xmlEscaped(language))</dc:language>\n" }
            for category in item.categories { xml += "<category>\(xmlEscaped(category))</category>\n" }
            if let summary = item.summary { xml += "<description>\(cdata(summary))</description>\n" }
            if let content = item.contentHTML { xml += "<content:encoded>\(cdata(content))</content:encoded>\n" }
            xml += "</item>\n"
        }
        return xml + "</channel>\n</rss>\n"
    }

    // MARK: Atom 1.0

    static func atom(_ feed: FeedModel) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(xmlEscaped(feed.language))">
            <title>\(xmlEscaped(feed.title))</title>

            """
        if let subtitle = feed.subtitle { xml += "<subtitle>\(xmlEscaped(subtitle))</subtitle>\n" }
        xml += """
            <id>\(xmlEscaped(feed.feedURL))</id>
            <link rel="self" type="application/atom+xml" href="\(xmlEscaped(feed.feedURL))"/>
            <link rel="alternate" type="text/html" href="\(xmlEscaped(feed.homeURL))"/>
            <updated>\(rfc3339(feed.updated))</updated>
            <generator>Byline</generator>

            """
        if let icon = feed.icon { xml += "<icon>\(xmlEscaped(icon))</icon>\n" }
        for item in feed.items {
            xml += item.language.map { "<entry xml:lang=\"\(xmlEscaped($0))\">\n" } ?? "<entry>\n"
            xml += "<title>\(xmlEscaped(item.title))</title>\n"
            xml += "<id>\(xmlEscaped(item.id))</id>\n"
            xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(xmlEscaped(item.url))\"/>\n"
            xml += "<published>\(rfc3339(item.published))</published>\n"
            xml += "<updated>\(rfc3339(item.updated))</updated>\n"
            for author in item.authors {
                xml += "<author><name>\(xmlEscaped(author.name))</name>" + (author.url.map { "<uri>\(xmlEscaped($0))</uri>" } ?? "") + "</author>\n"
            }
            for category in item.categories { xml += "<category term=\"\(xmlEscaped(category))\"/>\n" }
            if let summary = item.summary { xml += "<summary type=\"html\">\(xmlEscaped(summary))</summary>\n" }
            if let content = item.contentHTML { xml += "<content type=\"html\">\(xmlEscaped(content))</content>\n" }
            xml += "</entry>\n"
        }
        return xml + "</feed>\n"
    }

    // MARK: JSON Feed 1.1

    static func json(_ feed: FeedModel) -> String {
        var fields: [String: JSONValue] = [
            "version": "https://jsonfeed.org/version/1.1", "title": JSONValue(feed.title), "home_page_url": JSONValue(feed.homeURL),
            "feed_url": JSONValue(feed.feedURL), "language": JSONValue(feed.language),
            "items": .array(feed.items.map { item in
                var entry: [String: JSONValue] = [
                    "id": JSONValue(item.id), "url": JSONValue(item.url), "title": JSONValue(item.title), "date_published": JSONValue(rfc3339(item.published)),
                    "date_modified": JSONValue(rfc3339(item.updated)),
                    "authors": .array(item.authors.map { author in
                        let person: JSONValue = ["name": JSONValue(author.name)]
                        return author.url.map { person.setting("url", JSONValue($0)) } ?? person
                    }),
                ]
                if let summary = item.summary { entry["summary"] = JSONValue(summary) }
                if let content = item.contentHTML { entry["content_html"] = JSONValue(content) } else { entry["content_text"] = JSONValue(item.summary ?? item.title) }
                if !item.categories.isEmpty { entry["tags"] = .array(item.categories.map(JSONValue.string)) }
                if let image = item.image { entry["image"] = JSONValue(image) }
                if let language = item.language { entry["language"] = JSONValue(language) }
                return .object(entry)
            }),
        ]
        if let subtitle = feed.subtitle { fields["description"] = JSONValue(subtitle) }
        if let icon = feed.icon { fields["icon"] = JSONValue(icon) }
        return JSONValue.object(fields).text
    }

    // MARK: Text

    /// Escapes the five XML specials, and drops characters XML 1.0 forbids (most control
    /// characters) rather than producing a document no parser accepts.
    static func xmlEscaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                guard value >= 0x20, !(0xFFFE...0xFFFF).contains(value) else { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A CDATA section that survives a `]]>` inside the text, by splitting it across two sections.
    static func cdata(_ text: String) -> String {
        "<![CDATA[" + stripForbidden(text).replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    private static func stripForbidden(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter {
            $0 == "\t" || $0 == "\n" || $0 == "\r" || ($0.value >= 0x20 && !(0xFFFE...0xFFFF).contains($0.value))
        }))
    }

    static func rfc3339(_ date: Date) -> String { ISO8601.string(from: date, in: .gmt) }

    static func rfc822(_ date: Date) -> String {
        date.formatted(Date.VerbatimFormatStyle(
            format: "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .defaultDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) +0000",
            locale: Locale(identifier: "en_US_POSIX"), timeZone: .gmt, calendar: Calendar(identifier: .gregorian)
        ))
    }
}
