import Foundation

/// schema.org JSON-LD, OpenGraph and Twitter Card tags: what search engines, social networks
/// and aggregators read from a page.
struct StructuredData: Sendable {
    let siteName: String
    let baseURL: String
    let language: String
    let dates: DateDisplay

    var logo: [String: Any] {
        ["@type": "ImageObject", "url": baseURL + "/assets/img/logo.svg", "width": 600, "height": 60]
    }

    var publisher: [String: Any] {
        ["@type": "NewsMediaOrganization", "name": siteName, "url": baseURL + "/", "logo": logo]
    }

    func absolute(_ src: String) -> String { src.hasPrefix("/") ? baseURL + src : src }

    // MARK: Articles

    func newsArticle(_ article: Article, canonical: String, commentCount: Int) -> [String: Any] {
        var object: [String: Any] = [
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": String(article.headline.prefix(110)), "url": canonical,
            "mainEntityOfPage": ["@type": "WebPage", "@id": canonical], "inLanguage": language,
            "author": article.authors.map { ["@type": "Person", "name": $0.name, "url": SiteURL.author(slug: $0.slug).absolute(base: baseURL)] },
            "publisher": publisher, "articleSection": article.section.name, "isAccessibleForFree": true, "commentCount": commentCount,
            "dateModified": dates.machine(article.updatedAt),
        ]
        if let published = article.shownDate { object["datePublished"] = dates.machine(published) }
        if let dek = article.dek { object["description"] = dek }
        if !article.tags.isEmpty { object["keywords"] = article.tags.map(\.name) }
        if let image = article.leadImage {
            var imageObject: [String: Any] = ["@type": "ImageObject", "url": absolute(image.src), "width": image.width, "height": image.height]
            if let caption = image.caption { imageObject["caption"] = caption }
            if let credit = image.credit { imageObject["creditText"] = credit }
            object["image"] = [imageObject]
        }
        if let dateline = article.dateline { object["locationCreated"] = ["@type": "Place", "name": dateline] }
        if !article.corrections.isEmpty {
            object["correction"] = article.corrections.map {
                ["@type": "CorrectionComment", "text": "\($0.kind.label): \($0.text)", "datePublished": dates.machine($0.date)]
            }
        }
        if case .wires(let agency) = article.credit { object["sourceOrganization"] = ["@type": "Organization", "name": agency] }
        return object
    }

    func breadcrumbs(_ trail: [(name: String, url: String)]) -> [String: Any] {
        [
            "@context": "https://schema.org", "@type": "BreadcrumbList",
            "itemListElement": trail.enumerated().map { index, step in
                ["@type": "ListItem", "position": index + 1, "name": step.name, "item": step.url] as [String: Any]
            },
        ]
    }

    func articleTags(_ article: Article, canonical: String) -> [MetaTag] {
        var tags: [MetaTag] = [
            .property("og:type", "article"), .property("og:site_name", siteName), .property("og:title", article.headline),
            .property("og:url", canonical), .property("og:locale", language.replacingOccurrences(of: "-", with: "_")),
            .property("article:modified_time", dates.machine(article.updatedAt)), .property("article:section", article.section.name),
        ]
        if let dek = article.dek { tags.append(.property("og:description", dek)) }
        if let published = article.publishedAt { tags.append(.property("article:published_time", dates.machine(published))) }
        tags += article.authors.map { .property("article:author", SiteURL.author(slug: $0.slug).absolute(base: baseURL)) }
        tags += article.tags.map { .property("article:tag", $0.name) }
        if let image = article.leadImage {
            tags += [
                .property("og:image", absolute(image.src)), .property("og:image:width", String(image.width)),
                .property("og:image:height", String(image.height)), .property("og:image:alt", image.alt),
            ]
        }
        tags += [.name("twitter:card", article.leadImage == nil ? "summary" : "summary_large_image"), .name("twitter:title", article.headline)]
        if let dek = article.dek { tags.append(.name("twitter:description", dek)) }
        if let image = article.leadImage { tags += [.name("twitter:image", absolute(image.src)), .name("twitter:image:alt", image.alt)] }
        return tags
    }

    // MARK: Listings

    func webSite() -> [String: Any] {
        [
            "@context": "https://schema.org", "@type": "WebSite", "name": siteName, "url": baseURL + "/", "inLanguage": language,
            "publisher": publisher,
            "potentialAction": [
                "@type": "SearchAction",
                "target": ["@type": "EntryPoint", "urlTemplate": baseURL + "/search?q={search_term_string}"],
                "query-input": "required name=search_term_string",
            ] as [String: Any],
        ]
    }

    func itemList(_ urls: [String], name: String) -> [String: Any] {
        [
            "@context": "https://schema.org", "@type": "ItemList", "name": name,
            "itemListElement": urls.enumerated().map { ["@type": "ListItem", "position": $0.offset + 1, "url": $0.element] as [String: Any] },
        ]
    }

    func person(_ author: Author) -> [String: Any] {
        var object: [String: Any] = [
            "@context": "https://schema.org", "@type": "Person", "name": author.name, "url": SiteURL.author(slug: author.slug).absolute(base: baseURL),
            "worksFor": ["@type": "NewsMediaOrganization", "name": siteName, "url": baseURL + "/"],
        ]
        if !author.bio.isEmpty { object["description"] = author.bio }
        return object
    }

    func listingTags(title: String, description: String?, url: String) -> [MetaTag] {
        var tags: [MetaTag] = [
            .property("og:type", "website"), .property("og:site_name", siteName), .property("og:title", title), .property("og:url", url),
            .name("twitter:card", "summary"), .name("twitter:title", title),
        ]
        if let description { tags += [.property("og:description", description), .name("twitter:description", description)] }
        return tags
    }

    /// JSON that can sit inside `<script>`: `<`, `>` and `&` are written as `\u` escapes, so no
    /// headline can close the script element or open a comment.
    static func script(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e").replacingOccurrences(of: "&", with: "\\u0026")
            .replacingOccurrences(of: "\u{2028}", with: "\\u2028").replacingOccurrences(of: "\u{2029}", with: "\\u2029")
    }
}
