@testable import Byline
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Hummingbird
import HummingbirdTesting
import Testing

/// Parses XML and reports the first error, for well-formedness checks.
final class XMLCheck: NSObject, XMLParserDelegate {
    private(set) var error: String?
    private(set) var namespaces: Set<String> = []
    private(set) var elements: [String] = []

    static func check(_ text: String) -> XMLCheck {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = check
        if !parser.parse() { check.error = check.error ?? parser.parserError.map { "\($0)" } ?? "unknown error" }
        return check
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if let namespaceURI { namespaces.insert(namespaceURI) }
        elements.append(name)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred error: Error) { self.error = "\(error)" }
}

@Suite("Feeds")
struct FeedTests {
    static let tricky = "Costs rose by 5% & more <b>bold</b>; the code `a]]>b` stays whole."

    private func site(feedContent: String? = nil) async throws -> TestSite {
        var harbour = Fixtures.article("harbour", section: "World", tags: ["Ports"], body: Self.tricky + "\n\n![Map](/media/map.png)")
        harbour.dek = "Prices ]]> expectations, & more."
        var site = try await TestSite.make(articles: [
            harbour,
            Fixtures.article("budget", section: "Politics", publishedAt: Fixtures.publishedAt.addingTimeInterval(3600)),
        ])
        if let feedContent { site.configuration.feedFullText = feedContent == "full" }
        return site
    }

    @Test(arguments: Feeds.Format.allCases)
    func theSiteFeedIsWellFormedWithAbsoluteURLsAndFullArticles(format: Feeds.Format) async throws {
        try await site().test { client in
            let response = try await client.execute(uri: "/\(format.fileName)", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == format.contentType)
            #expect(response.headers[.eTag] != nil && response.headers[.lastModified] != nil)
            let text = response.text
            switch format {
            case .json:
                let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                #expect(object["version"] as? String == "https://jsonfeed.org/version/1.1")
                let items = try #require(object["items"] as? [[String: Any]])
                #expect(items.map { $0["title"] as? String } == ["Headline for budget", "Headline for harbour"])
                let html = try #require(items[1]["content_html"] as? String)
                #expect(html.contains("https://news.example.com/media/map.png"))
                #expect(items[1]["date_published"] as? String == "2019-12-03T22:49:00Z")
            case .rss, .atom:
                let check = XMLCheck.check(text)
                #expect(check.error == nil, "\(check.error ?? "")")
                #expect(text.contains("https://news.example.com/world/2019/12/03/harbour"))
                #expect(text.contains("https://news.example.com/media/map.png"))
                #expect(!text.contains("src=\"/media"), "relative links would break in a reader")
                if format == .rss {
                    #expect(text.contains("<pubDate>Tue, 03 Dec 2019 22:49:00 +0000</pubDate>"))
                    #expect(text.contains("Prices ]]]]><![CDATA[> expectations, & more."), "a ]]> inside the text is split across two CDATA sections")
                    #expect(check.namespaces.contains("http://purl.org/rss/1.0/modules/content/"))
                } else {
                    #expect(text.contains("<published>2019-12-03T22:49:00Z</published>"))
                    #expect(check.namespaces == ["http://www.w3.org/2005/Atom"])
                }
            }
        }
    }

    @Test func sectionTagAndAuthorFeedsHoldOnlyTheirArticles() async throws {
        try await site().test { client in
            let world = try await client.execute(uri: "/world/feed.atom", method: .get).text
            #expect(world.contains("Headline for harbour") && !world.contains("Headline for budget"))
            let tag = try await client.execute(uri: "/tag/ports/feed.rss", method: .get).text
            #expect(tag.contains("Headline for harbour") && !tag.contains("Headline for budget"))
            let author = try await client.execute(uri: "/author/mara-lindqvist/feed.json", method: .get).text
            #expect(author.contains("Headline for harbour") && author.contains("Headline for budget"))
            #expect(try await client.execute(uri: "/nowhere/feed.rss", method: .get).status == .notFound)
        }
    }

    @Test func theExcerptSettingLeavesOutTheArticleText() async throws {
        try await site(feedContent: "excerpt").test { client in
            let rss = try await client.execute(uri: "/feed.rss", method: .get).text
            #expect(!rss.contains("content:encoded>") && rss.contains("A dek for budget."))
        }
    }

    @Test func commentFeedsCarryApprovedCommentsAndNeverAnEmail() async throws {
        let site = try await site()
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "harbour"))
        for (status, body) in [(Byline.Comment.Status.approved, "Shown & <escaped>"), (.pending, "Still held")] {
            _ = try await site.storage.comments.add(NewComment(
                articleID: article.id, parentID: nil, authorName: "Rita", authorEmail: "rita@example.com", authorURL: "https://rita.example",
                body: body, status: status, reason: "test", ip: "192.0.2.1", userAgent: nil, createdAt: Date()
            ), maxDepth: 5)
        }
        try await site.test { client in
            for path in ["/comments/feed.atom", "/world/2019/12/03/harbour/comments.atom"] {
                let feed = try await client.execute(uri: path, method: .get)
                #expect(feed.status == .ok)
                #expect(XMLCheck.check(feed.text).error == nil)
                #expect(feed.text.contains("Shown &amp;amp; &amp;lt;escaped&amp;gt;"))
                #expect(!feed.text.contains("Still held"))
                #expect(!feed.text.contains("rita@example.com") && !feed.text.contains("192.0.2.1"))
            }
        }
    }

    @Test func pagesAdvertiseTheirFeeds() async throws {
        try await site().test { client in
            let front = try await client.execute(uri: "/", method: .get).text
            #expect(front.contains(#"<link rel="alternate" type="application/rss+xml" title="The Test Gazette (RSS)" href="/feed.rss">"#))
            #expect(front.contains(#"type="application/feed+json""#))
            let section = try await client.execute(uri: "/world", method: .get).text
            #expect(section.contains(#"href="/world/feed.atom""#))
            let article = try await client.execute(uri: "/world/2019/12/03/harbour", method: .get).text
            #expect(article.contains(#"href="/world/2019/12/03/harbour/comments.atom""#))
        }
    }
}

@Suite("Sitemaps and robots.txt")
struct SitemapTests {
    @Test func theIndexNamesEverySitemapAndEachIsWellFormed() async throws {
        let recent = Date().addingTimeInterval(-3600)
        let site = try await TestSite.make(articles: [
            Fixtures.article("old-news"), Fixtures.article("fresh", headline: "Fresh & new", publishedAt: recent),
        ])
        try await site.test { client in
            let index = try await client.execute(uri: "/sitemap.xml", method: .get).text
            #expect(XMLCheck.check(index).error == nil)
            for name in ["articles-1.xml", "pages.xml", "news.xml"] { #expect(index.contains("https://news.example.com/sitemaps/\(name)")) }

            let articles = try await client.execute(uri: "/sitemaps/articles-1.xml", method: .get).text
            let check = XMLCheck.check(articles)
            #expect(check.error == nil && check.namespaces == ["http://www.sitemaps.org/schemas/sitemap/0.9"])
            #expect(articles.contains("<loc>https://news.example.com/world/2019/12/03/old-news</loc><lastmod>2019-12-03T22:49:00Z</lastmod>"))
            #expect(try await client.execute(uri: "/sitemaps/articles-2.xml", method: .get).status == .notFound)

            let news = try await client.execute(uri: "/sitemaps/news.xml", method: .get).text
            let newsCheck = XMLCheck.check(news)
            #expect(newsCheck.error == nil)
            #expect(newsCheck.namespaces == ["http://www.sitemaps.org/schemas/sitemap/0.9", "http://www.google.com/schemas/sitemap-news/0.9"])
            #expect(news.contains("<news:title>Fresh &amp; new</news:title>") && !news.contains("old-news"))
            #expect(news.contains("<news:name>The Test Gazette</news:name>") && news.contains("<news:language>en</news:language>"))

            let pages = try await client.execute(uri: "/sitemaps/pages.xml", method: .get).text
            #expect(XMLCheck.check(pages).error == nil)
            #expect(pages.contains("https://news.example.com/world") && pages.contains("https://news.example.com/author/mara-lindqvist"))

            let robots = try await client.execute(uri: "/robots.txt", method: .get).text
            #expect(robots.contains("Sitemap: https://news.example.com/sitemap.xml") && robots.contains("Disallow: /admin/"))
        }
    }
}

@Suite("Structured data")
struct StructuredDataTests {
    static func jsonLD(_ html: String) throws -> [[String: Any]] {
        var blocks: [[String: Any]] = []
        var rest = html[...]
        while let start = rest.range(of: "<script type=\"application/ld+json\">"), let end = rest.range(of: "</script>", range: start.upperBound..<rest.endIndex) {
            let json = String(rest[start.upperBound..<end.lowerBound])
            blocks.append(try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]))
            rest = rest[end.upperBound...]
        }
        return blocks
    }

    @Test func anArticleCarriesNewsArticleBreadcrumbsOpenGraphAndTwitterData() async throws {
        var input = Fixtures.article("harbour", headline: "Harbour </script><script>alert(1)</script> reopens", tags: ["Ports", "Storms"], corrections: [
            Correction(kind: .correction, text: "The date was wrong.", date: Fixtures.publishedAt.addingTimeInterval(7200)),
        ])
        input.dateline = "FARROW"
        let headline = input.headline
        let site = try await TestSite.make(articles: [input])
        try await site.test { client in
            let html = try await client.execute(uri: "/world/2019/12/03/harbour", method: .get).text
            #expect(!html.contains("</script><script>alert(1)"), "a headline cannot close the JSON-LD script")
            let blocks = try Self.jsonLD(html)
            let article = try #require(blocks.first { $0["@type"] as? String == "NewsArticle" })
            #expect(article["headline"] as? String == "Harbour </script><script>alert(1)</script> reopens")
            #expect(article["description"] as? String == "A dek for harbour.")
            #expect(article["datePublished"] as? String == "2019-12-03T17:49:00-05:00", "with the site's offset")
            #expect(article["articleSection"] as? String == "World")
            #expect(article["keywords"] as? [String] == ["Ports", "Storms"])
            #expect(article["isAccessibleForFree"] as? Bool == true && article["commentCount"] as? Int == 0)
            #expect(article["articleBody"] as? String == "Body text.", "the body's words, from the same model the page shows")
            #expect(article["wordCount"] as? Int == 2)
            #expect((article["locationCreated"] as? [String: Any])?["name"] as? String == "FARROW")
            let author = try #require((article["author"] as? [[String: Any]])?.first)
            #expect(author["url"] as? String == "https://news.example.com/author/mara-lindqvist")
            let image = try #require((article["image"] as? [[String: Any]])?.first)
            #expect(image["width"] as? Int == 1200 && image["height"] as? Int == 675 && image["caption"] as? String == "The harbour at dusk.")
            let publisher = try #require(article["publisher"] as? [String: Any])
            #expect(publisher["name"] as? String == "The Test Gazette" && (publisher["logo"] as? [String: Any])?["url"] != nil)
            #expect((article["correction"] as? [[String: Any]])?.first?["@type"] as? String == "CorrectionComment")
            #expect((article["mainEntityOfPage"] as? [String: Any])?["@id"] as? String == "https://news.example.com/world/2019/12/03/harbour")

            let crumbs = try #require(blocks.first { $0["@type"] as? String == "BreadcrumbList" })
            let names = (crumbs["itemListElement"] as? [[String: Any]])?.map { $0["name"] as? String }
            #expect(names == ["Home", "World", headline])

            for tag in [
                #"<meta property="og:type" content="article">"#, #"<meta property="article:section" content="World">"#,
                #"<meta property="og:image" content="https://news.example.com/assets/demo/harbour.jpg">"#,
                #"<meta property="og:image:width" content="1200">"#, #"<meta property="og:image:alt" content="Cranes at dusk">"#,
                #"<meta property="article:published_time" content="2019-12-03T17:49:00-05:00">"#,
                #"<meta name="twitter:card" content="summary_large_image">"#,
            ] {
                #expect(html.contains(tag), "missing \(tag)")
            }
        }
    }

    @Test func listingsCarryWebSiteItemListAndPersonData() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("harbour"), Fixtures.article("budget")])
        try await site.test { client in
            let front = try Self.jsonLD(try await client.execute(uri: "/", method: .get).text)
            let webSite = try #require(front.first { $0["@type"] as? String == "WebSite" })
            let action = try #require(webSite["potentialAction"] as? [String: Any])
            #expect((action["target"] as? [String: Any])?["urlTemplate"] as? String == "https://news.example.com/search?q={search_term_string}")
            #expect((front.first { $0["@type"] as? String == "ItemList" }?["itemListElement"] as? [Any])?.count == 2)
            let author = try Self.jsonLD(try await client.execute(uri: "/author/mara-lindqvist", method: .get).text)
            #expect(author.first { $0["@type"] as? String == "Person" }?["name"] as? String == "Mara Lindqvist")
            let section = try Self.jsonLD(try await client.execute(uri: "/world", method: .get).text)
            #expect(section.contains { $0["@type"] as? String == "BreadcrumbList" })
        }
    }

    @Test func relatedArticlesShareTagsOrTheSection() async throws {
        let site = try await TestSite.make(articles: [
            Fixtures.article("main", section: "World", tags: ["Ports"]),
            Fixtures.article("same-tag", section: "Politics", tags: ["Ports"]),
            Fixtures.article("same-section", section: "World"),
            Fixtures.article("unrelated", section: "Culture"),
            Fixtures.article("draft-sibling", section: "World", status: .draft, publishedAt: nil),
        ])
        try await site.test { client in
            let html = try await client.execute(uri: "/world/2019/12/03/main", method: .get).text
            let related = try #require(html.element("aside"))
            #expect(related.contains("More on this story"))
            #expect(related.contains("Headline for same-tag") && related.contains("Headline for same-section"))
            #expect(!related.contains("Headline for unrelated") && !related.contains("draft-sibling") && !related.contains("Headline for main<"))
            #expect(related.range(of: "same-tag")!.lowerBound < related.range(of: "same-section")!.lowerBound, "shared tags count first")
        }
    }
}

@Suite("JSON-LD inside a script element")
struct StructuredDataScriptTests {
    @Test func nothingInAValueCanEndTheScriptOrTheLine() {
        let script = StructuredData.script(["articleBody": "a </script><!-- & \u{2028}b\u{2029} “q”"])
        #expect(script == #"{"articleBody":"a \u003c/script\u003e\u003c!-- \u0026 \u2028b\u2029 “q”"}"#)
    }

    /// `JSONValue.text` is written by hand for speed; it must be the bytes `JSONEncoder` writes.
    @Test func jsonTextIsExactlyWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let awkward = "\u{0}\u{1f}\u{7f} \"quoted\" back\\slash /path\n\r\t\u{8}\u{c} é “q” \u{2028}\u{2029} 😀 </script> & <!--"
        let documents: [JSONValue] = [
            ["B": "z", "_": "", "a": JSONValue(awkward), "a10": 1, "a9": -2, "aB": true, "a_b": .null, "ab": [], "Ä": [:]],
            [1200, 675, .number(0.5), .number(1e-5), .number(1e20), .number(-0.0), .number(123_456_789.125), .number(1.0 / 3.0)],
            ["@context": "https://schema.org", "@graph": [["@type": "NewsArticle", "headline": "Talks “resume”", "image": ["width": 1200]]]],
            "", .bool(false),
        ]
        for document in documents {
            #expect(document.text == String(decoding: try encoder.encode(document), as: UTF8.self))
            let escaped = String(decoding: try encoder.encode(document), as: UTF8.self)
                .replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
                .replacingOccurrences(of: "&", with: "\\u0026").replacingOccurrences(of: "\u{2028}", with: "\\u2028")
                .replacingOccurrences(of: "\u{2029}", with: "\\u2029")
            #expect(StructuredData.script(document) == escaped)
        }
    }
}
