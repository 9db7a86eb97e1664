import Foundation

/// schema.org JSON-LD, OpenGraph and Twitter Card tags: what search engines, social networks
/// and aggregators read from a page.
struct StructuredData: Sendable {
    let siteName: String
    let baseURL: String
    let language: String
    let dates: DateDisplay

    var logo: JSONValue {
        ["@type": "ImageObject", "url": JSONValue(SiteURL.asset("img/logo.svg").absolute(base: baseURL)), "width": 600, "height": 60]
    }

    var publisher: JSONValue {
        ["@type": "NewsMediaOrganization", "name": JSONValue(siteName), "url": JSONValue(SiteURL.front().absolute(base: baseURL)), "logo": logo]
    }

    func absolute(_ src: String) -> String { SiteURL.absolute(src, base: baseURL) }

    // MARK: Articles

    func newsArticle(_ article: Article, body: RenderedBody, canonical: String, commentCount: Int) -> JSONValue {
        var fields: [String: JSONValue] = [
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": JSONValue(String(article.headline.prefix(110))), "url": JSONValue(canonical),
            "mainEntityOfPage": ["@type": "WebPage", "@id": JSONValue(canonical)], "inLanguage": JSONValue(article.language ?? language),
            "author": .array(article.authors.map {
                ["@type": "Person", "name": JSONValue($0.name), "url": JSONValue(SiteURL.author(slug: $0.slug).absolute(base: baseURL))]
            }),
            "publisher": publisher, "articleSection": JSONValue(article.section.name), "isAccessibleForFree": true,
            "commentCount": JSONValue(commentCount), "dateModified": JSONValue(dates.machine(article.updatedAt)),
            "articleBody": JSONValue(body.plainText), "wordCount": JSONValue(body.wordCount),
        ]
        if let published = article.shownDate { fields["datePublished"] = JSONValue(dates.machine(published)) }
        if let dek = article.dek { fields["description"] = JSONValue(dek) }
        if !article.tags.isEmpty { fields["keywords"] = .array(article.tags.map { JSONValue($0.name) }) }
        if let image = article.leadImage {
            var imageObject: [String: JSONValue] = [
                "@type": "ImageObject", "url": JSONValue(absolute(image.src)), "width": JSONValue(image.width), "height": JSONValue(image.height),
            ]
            if let caption = image.caption { imageObject["caption"] = JSONValue(caption) }
            if let credit = image.credit { imageObject["creditText"] = JSONValue(credit) }
            fields["image"] = [.object(imageObject)]
        }
        if let dateline = article.dateline { fields["locationCreated"] = ["@type": "Place", "name": JSONValue(dateline)] }
        if !article.corrections.isEmpty {
            fields["correction"] = .array(article.corrections.map {
                ["@type": "CorrectionComment", "text": JSONValue("\($0.kind.label): \($0.text)"), "datePublished": JSONValue(dates.machine($0.date))]
            })
        }
        if case .wires(let agency) = article.credit { fields["sourceOrganization"] = ["@type": "Organization", "name": JSONValue(agency)] }
        let version = { (translation: ArticleTranslation) -> JSONValue in
            let url = JSONValue(translation.url(dates).absolute(base: baseURL))
            return ["@type": "NewsArticle", "@id": url, "url": url, "headline": JSONValue(translation.headline), "inLanguage": JSONValue(translation.language ?? language)]
        }
        if article.translationOf != nil {
            if let original = article.translations.first(where: \.isOriginal) { fields["translationOfWork"] = version(original) }
        } else if !article.translations.isEmpty {
            fields["workTranslation"] = .array(article.translations.map(version))
        }
        return .object(fields)
    }

    func breadcrumbs(_ trail: [(name: String, url: String)]) -> JSONValue {
        [
            "@context": "https://schema.org", "@type": "BreadcrumbList",
            "itemListElement": .array(trail.enumerated().map { index, step in
                ["@type": "ListItem", "position": JSONValue(index + 1), "name": JSONValue(step.name), "item": JSONValue(step.url)]
            }),
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

    func webSite() -> JSONValue {
        [
            "@context": "https://schema.org", "@type": "WebSite", "name": JSONValue(siteName), "url": JSONValue(baseURL + "/"),
            "inLanguage": JSONValue(language), "publisher": publisher,
            "potentialAction": [
                "@type": "SearchAction",
                "target": ["@type": "EntryPoint", "urlTemplate": JSONValue(SiteURL.search.absolute(base: baseURL) + "?q={search_term_string}")],
                "query-input": "required name=search_term_string",
            ],
        ]
    }

    func itemList(_ urls: [String], name: String) -> JSONValue {
        [
            "@context": "https://schema.org", "@type": "ItemList", "name": JSONValue(name),
            "itemListElement": .array(urls.enumerated().map { ["@type": "ListItem", "position": JSONValue($0.offset + 1), "url": JSONValue($0.element)] }),
        ]
    }

    func person(_ author: Author) -> JSONValue {
        let person: JSONValue = [
            "@context": "https://schema.org", "@type": "Person", "name": JSONValue(author.name),
            "url": JSONValue(SiteURL.author(slug: author.slug).absolute(base: baseURL)),
            "worksFor": ["@type": "NewsMediaOrganization", "name": JSONValue(siteName), "url": JSONValue(SiteURL.front().absolute(base: baseURL))],
        ]
        return author.bio.isEmpty ? person : person.setting("description", JSONValue(author.bio))
    }

    // MARK: Quotes

    /// Someone the site quotes, as schema.org has them: a `Person` or an `Organization`, the
    /// same as their Wikidata item when an editor gave one.
    func speaker(_ person: Person) -> JSONValue {
        var speaker: JSONValue = [
            "@type": JSONValue(person.kind == .person ? "Person" : "Organization"), "name": JSONValue(person.name),
            "url": JSONValue(SiteURL.person(slug: person.slug).absolute(base: baseURL)),
        ]
        if let description = person.description { speaker = speaker.setting("description", JSONValue(description)) }
        if let wikidata = person.wikidataID { speaker = speaker.setting("sameAs", JSONValue("https://www.wikidata.org/wiki/\(wikidata)")) }
        if !person.aliases.isEmpty { speaker = speaker.setting("alternateName", .array(person.aliases.map { JSONValue($0) })) }
        return speaker
    }

    /// A person's page: one `Quotation` for each quote shown, by them, part of its story.
    func quotations(_ quotes: [PublicQuote], by person: Person) -> JSONValue {
        let creator = speaker(person)
        return [
            "@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": creator,
            "hasPart": .array(quotes.map { quote in
                let url = SiteURL.article(quote.article.slug, section: quote.article.sectionSlug, publishedAt: quote.article.publishedAt, dates: dates)
                    .absolute(base: baseURL)
                return [
                    "@type": "Quotation", "text": JSONValue(quote.quote.text), "creator": creator,
                    "isPartOf": [
                        "@type": "NewsArticle", "headline": JSONValue(quote.article.headline), "url": JSONValue(url),
                        "datePublished": JSONValue(dates.machine(quote.article.publishedAt)),
                    ],
                ]
            }),
        ]
    }

    func listingTags(title: String, description: String?, url: String) -> [MetaTag] {
        var tags: [MetaTag] = [
            .property("og:type", "website"), .property("og:site_name", siteName), .property("og:title", title), .property("og:url", url),
            .name("twitter:card", "summary"), .name("twitter:title", title),
        ]
        if let description { tags += [.property("og:description", description), .name("twitter:description", description)] }
        return tags
    }

    /// JSON that can sit inside `<script>` (`JSONValue.scriptText`).
    static func script(_ document: JSONValue) -> String { document.scriptText }
}
