@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A story told in several languages: each version has a language, and the versions point to
/// each other in storage, on their pages, in the sitemap, the JSON-LD, the feeds and the API.
@Suite("Multilingual stories")
struct MultilingualStoriesTests {
    static func story(_ slug: String, _ language: String?, translating original: String? = nil, status: Article.Status = .published) -> ArticleInput {
        var input = Fixtures.article(slug, headline: "Headline of \(slug)", status: status, publishedAt: status == .published ? Fixtures.publishedAt : nil)
        input.language = language
        input.translationOf = original
        return input
    }

    static func save(_ inputs: ArticleInput..., into storage: Storage) async throws {
        for input in inputs { _ = try await storage.articles.save([input], now: Fixtures.publishedAt) }
    }

    static func refusal(_ input: ArticleInput, _ storage: Storage) async -> String? {
        do {
            _ = try await storage.articles.save([input], now: Fixtures.publishedAt)
            return nil
        } catch StorageError.translationRefused(let reason) {
            return reason
        } catch {
            return "another error: \(error)"
        }
    }

    // MARK: Language tags

    @Test func languageTagsAreWrittenInTheirUsualCaseAndNamedInTheirOwnLanguage() {
        #expect(LanguageTag.normalized("pt_br") == "pt-BR")
        #expect(LanguageTag.normalized(" ZH-hant-tw ") == "zh-Hant-TW")
        #expect(LanguageTag.normalized("FR") == "fr")
        for bad in ["", "f", "french!", "fr--FR", "1234", "fr-toolongsubtag"] { #expect(LanguageTag.normalized(bad) == nil, "\(bad)") }
        #expect(LanguageTag.nativeName(of: "fr") == "Français")
        #expect(LanguageTag.nativeName(of: "de") == "Deutsch")
        #expect(LanguageTag.nativeName(of: "ar") == "العربية")
        #expect(LanguageTag.same("fr", "fr-FR") && !LanguageTag.same("pt-BR", "pt-PT") && !LanguageTag.same("en", "fr"))
        #expect(LanguageTag.searchConfiguration(for: "fr-CA") == "french" && LanguageTag.searchConfiguration(for: "ja") == "simple")
    }

    // MARK: Storage, on both backends

    @Test(arguments: Backend.allCases)
    func aStoryAndItsTranslationsListEachOtherAndATranslationOfATranslationJoinsTheOriginal(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await Self.save(
            Self.story("talks", "en"), Self.story("pourparlers", "fr", translating: "talks"), Self.story("conversaciones", "es", translating: "pourparlers"),
            into: storage)

        let original = try #require(try await storage.articles.publishedArticle(slug: "talks"))
        #expect(original.language == "en" && original.translationOf == nil)
        #expect(original.translations.map(\.slug) == ["pourparlers", "conversaciones"])
        #expect(original.translations.map(\.language) == ["fr", "es"] && original.translations.allSatisfy { !$0.isOriginal })

        let spanish = try #require(try await storage.articles.publishedArticle(slug: "conversaciones"))
        #expect(spanish.translationOf?.slug == "talks", "linked to the original, not to the translation it named")
        #expect(spanish.translations.map(\.slug) == ["talks", "pourparlers"] && spanish.translations.first?.isOriginal == true)
    }

    @Test(arguments: Backend.allCases)
    func aLinkThatCannotBeIsRefusedWithItsReason(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await Self.save(Self.story("talks", "en"), Self.story("pourparlers", "fr", translating: "talks"), Self.story("standalone", "de"), into: storage)

        #expect(try #require(await Self.refusal(Self.story("gesprache", "de", translating: "no-such-story"), storage)).contains("No story has the slug"))
        #expect(try #require(await Self.refusal(Self.story("talks", "en", translating: "pourparlers"), storage)).contains("can't translate itself"))
        #expect(try #require(await Self.refusal(Self.story("entretiens", "fr", translating: "talks"), storage)).contains("“pourparlers” is already the version of this story in fr"))
        #expect(try #require(await Self.refusal(Self.story("talks", "fr"), storage)).contains("“pourparlers” is already"), "an original can't take a translation's language either")
        #expect(try #require(await Self.refusal(Self.story("talks", "en", translating: "standalone"), storage)).contains("has translations of its own (pourparlers)"))
        #expect(try await storage.articles.publishedArticle(slug: "entretiens") == nil, "nothing refused is stored")
        #expect(try await storage.articles.publishedArticle(slug: "talks")?.translationOf == nil)
    }

    @Test(arguments: Backend.allCases)
    func readersAreShownOnlyPublishedVersionsAndDeletingTheOriginalLeavesItsTranslationsStanding(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await Self.save(
            Self.story("talks", "en"), Self.story("pourparlers", "fr", translating: "talks"), Self.story("gesprache", "de", translating: "talks", status: .draft),
            into: storage)
        #expect(try await storage.articles.publishedArticle(slug: "talks")?.translations.map(\.slug) == ["pourparlers"])
        #expect(try await storage.articles.article(slug: "gesprache")?.translationOf?.slug == "talks")

        let talks = try #require(try await storage.articles.publishedArticle(slug: "talks"))
        #expect(try await storage.editorial.delete(id: talks.id))
        let french = try #require(try await storage.articles.publishedArticle(slug: "pourparlers"))
        #expect(french.translationOf == nil && french.translations.isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func sitemapEntriesCarryEveryOtherVersion(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await Self.save(Self.story("talks", "en"), Self.story("pourparlers", "fr", translating: "talks"), Self.story("alone", nil), into: storage)
        let entries = try await storage.articles.sitemapEntries(offset: 0, limit: 10)
        let bySlug = Dictionary(uniqueKeysWithValues: entries.map { ($0.slug, $0) })
        #expect(bySlug["talks"]?.translations.map(\.slug) == ["pourparlers"])
        #expect(bySlug["pourparlers"]?.translations.map(\.slug) == ["talks"] && bySlug["pourparlers"]?.language == "fr")
        #expect(bySlug["alone"]?.translations.isEmpty == true)
    }

    @Test(arguments: Backend.allCases)
    func searchFindsAccentedWordsWithoutTheirAccents(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        var story = Self.story("cv", "fr")
        story.headline = "Le résumé de la réunion à Besançon"
        try await Self.save(story, into: storage)
        for query in ["resume", "RÉSUMÉ", "besancon reunion"] {
            let found = try await storage.search.search(terms: SearchText.terms(query), order: .relevance, page: .init(number: 1, size: 10), language: "fr")
            #expect(found.items.map(\.summary.slug) == ["cv"], "\(query)")
        }
    }

    @Test func postgreSQLFindsTheOtherFormsOfAWordInStoriesOfTheReadersLanguage() async throws {
        let storage = try await Backend.postgres.makeStorage()
        var french = Self.story("scrutin", "fr")
        french.bodyMarkdown = "Une élection régionale a eu lieu dimanche."
        var english = Self.story("vote", "en")
        english.bodyMarkdown = "The council voted on Monday."
        try await Self.save(french, english, into: storage)
        let page = PageRequest(number: 1, size: 10)
        func slugs(_ query: String, _ language: String?) async throws -> [String] {
            try await storage.search.search(terms: SearchText.terms(query), order: .newest, page: page, language: language).items.map(\.summary.slug)
        }
        #expect(try await slugs("élections", "fr") == ["scrutin"], "the plural finds the singular through the French stemmer")
        #expect(try await slugs("élections", nil).isEmpty, "without a language a word matches only the words it begins")
        #expect(try await slugs("votes", "en") == ["vote"])
        #expect(try await slugs("elect", nil) == ["scrutin"], "a prefix still finds words as written")
    }

    // MARK: Pages, sitemap, feeds and the API

    static func site(backend: Backend = .sqlite) async throws -> TestSite {
        let site = try await TestSite.make(backend: backend, locale: "en_GB")
        try await save(Self.story("talks", "en-GB"), Self.story("pourparlers", "fr", translating: "talks"), Self.story("dialogo", "ar", translating: "talks"), into: site.storage)
        return site
    }

    static func url(_ slug: String, _ site: TestSite) -> String {
        SiteURL.article(slug, section: "world", publishedAt: Fixtures.publishedAt, dates: site.configuration.dateDisplay).absolute(base: "https://news.example.com")
    }

    static func jsonLD(_ html: String) throws -> [StructuredArticle] {
        var found: [StructuredArticle] = []
        var rest = Substring(html)
        while let start = rest.range(of: "<script type=\"application/ld+json\">"), let end = rest.range(of: "</script>", range: start.upperBound..<rest.endIndex) {
            if let article = try? JSONDecoder().decode(StructuredArticle.self, from: Data(rest[start.upperBound..<end.lowerBound].utf8)), article.type == "NewsArticle" {
                found.append(article)
            }
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// The language switcher's markup.
    static func switcher(in html: String) -> String? {
        guard let start = html.range(of: "<nav class=\"story__languages\""), let end = html.range(of: "</nav>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    struct StructuredArticle: Decodable {
        struct Version: Decodable {
            var id: String
            var inLanguage: String
            enum CodingKeys: String, CodingKey { case id = "@id", inLanguage }
        }
        var type: String
        var inLanguage: String
        var workTranslation: [Version]?
        var translationOfWork: Version?
        enum CodingKeys: String, CodingKey { case type = "@type", inLanguage, workTranslation, translationOfWork }
    }

    @Test(arguments: Backend.allCases)
    func eachVersionsPageLinksToTheOthersInItsHeadItsSwitcherAndItsJSONLD(backend: Backend) async throws {
        let site = try await Self.site(backend: backend)
        let (talks, french, arabic) = (Self.url("talks", site), Self.url("pourparlers", site), Self.url("dialogo", site))
        try await site.test { client in
            let original = try await client.execute(uri: String(talks.dropFirst("https://news.example.com".count)), method: .get).text
            for (language, url) in [("en-GB", talks), ("fr", french), ("ar", arabic), ("x-default", talks)] {
                #expect(original.contains("<link rel=\"alternate\" hreflang=\"\(language)\" href=\"\(url)\">"), "\(language)")
            }
            let switcher = try #require(Self.switcher(in: original))
            #expect(switcher.contains("href=\"\(french)\" hreflang=\"fr\" lang=\"fr\" dir=\"ltr\" title=\"Headline of pourparlers\">Français</a>"))
            #expect(switcher.contains("hreflang=\"ar\" lang=\"ar\" dir=\"rtl\"") && switcher.contains(">العربية</a>"))
            #expect(!switcher.contains(">English"), "the switcher offers the other languages only")
            let originalData = try #require(try Self.jsonLD(original).first)
            #expect(originalData.inLanguage == "en-GB" && originalData.translationOfWork == nil)
            #expect(originalData.workTranslation?.map(\.id) == [french, arabic] && originalData.workTranslation?.map(\.inLanguage) == ["fr", "ar"])

            let translation = try await client.execute(uri: String(french.dropFirst("https://news.example.com".count)), method: .get).text
            #expect(translation.contains("<article class=\"story\" lang=\"fr\" dir=\"ltr\">"))
            #expect(translation.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"\(talks)\">"))
            #expect(translation.contains("hreflang=\"en-GB\" lang=\"en-GB\" dir=\"ltr\" title=\"Headline of talks\">"))
            let translationData = try #require(try Self.jsonLD(translation).first)
            #expect(translationData.inLanguage == "fr" && translationData.translationOfWork?.id == talks && translationData.workTranslation == nil)
        }
    }

    @Test func aStoryWithoutTranslationsHasNoAlternatesOrSwitcher() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")])
        try await site.test { client in
            let page = try await client.execute(uri: RouterTests.articlePath, method: .get).text
            #expect(!page.contains("hreflang") && !page.contains("story__languages") && !page.contains("workTranslation"))
        }
    }

    @Test func theSitemapListsEveryVersionOnEachVersionsEntry() async throws {
        let site = try await Self.site()
        try await site.test { client in
            let xml = try await client.execute(uri: "/sitemaps/articles-1.xml", method: .get).text
            #expect(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""))
            let entry = try #require(xml.components(separatedBy: "<url>").first { $0.contains("<loc>\(Self.url("pourparlers", site))</loc>") })
            for (language, slug) in [("ar", "dialogo"), ("en-GB", "talks"), ("fr", "pourparlers")] {
                #expect(entry.contains("<xhtml:link rel=\"alternate\" hreflang=\"\(language)\" href=\"\(Self.url(slug, site))\"/>"), "\(language)")
            }
        }
    }

    @Test func feedsNameTheLanguageOfAStoryInAnotherLanguage() async throws {
        let site = try await Self.site()
        try await site.test { client in
            let atom = try await client.execute(uri: "/feed.atom", method: .get).text
            #expect(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-GB\">"))
            #expect(atom.contains("<entry xml:lang=\"fr\">") && atom.contains("<entry xml:lang=\"ar\">"))
            #expect(atom.occurrences(of: "<entry>") == 1, "the story in the site's language needs no xml:lang of its own")
            let rss = try await client.execute(uri: "/feed.rss", method: .get).text
            #expect(rss.contains("<dc:language>fr</dc:language>"))
            let json = try JSONDecoder().decode(JSONFeedItems.self, from: Data(buffer: try await client.execute(uri: "/feed.json", method: .get).body))
            #expect(Set(json.items.compactMap(\.language)) == ["fr", "ar"])
        }
    }

    struct JSONFeedItems: Decodable {
        struct Item: Decodable { var language: String? }
        var items: [Item]
    }

    struct APIArticle: Decodable {
        struct Translation: Decodable {
            var slug: String
            var language: String
            var url: String
            var isOriginal: Bool
        }
        var slug: String
        var language: String?
        var translationOf: String?
        var translations: [Translation]
    }

    @Test func theContentAPIReadsAndWritesLanguagesAndTranslations() async throws {
        let site = try await Self.site()
        let (_, token) = try await APITokenAdministration(tokens: site.storage.apiTokens).create(name: "desk", role: .editor)
        try await site.test { client in
            let body = #"{"headline": "Gespräche in Sotschi", "slug": "gesprache", "authors": ["Wire Desk"], "section": "World", "body": "Text.", "language": "de", "translationOf": "talks"}"#
            let created = try await ContentAPITests.send(client, .post, "/api/v1/articles", token: token, body: body)
            #expect(created.status == .created)
            let german = try JSONDecoder().decode(APIArticle.self, from: Data(buffer: created.body))
            #expect(german.language == "de" && german.translationOf == "talks")
            #expect(german.translations.map(\.slug) == ["talks", "pourparlers", "dialogo"] && german.translations.first?.isOriginal == true)
            #expect(german.translations.first?.url == Self.url("talks", site))

            let plain = try await ContentAPITests.send(client, .post, "/api/v1/articles", token: token, body: #"{"headline": "Plain", "authors": ["A"], "section": "World", "body": "Text."}"#)
            #expect(try JSONDecoder().decode(APIArticle.self, from: Data(buffer: plain.body)).language == "en-GB", "a story sent without a language is in the site's")

            let badTag = try await ContentAPITests.send(client, .post, "/api/v1/articles", token: token, body: #"{"headline": "X", "authors": ["A"], "section": "World", "body": "T.", "language": "french!"}"#)
            #expect(badTag.status == .unprocessableContent)
            #expect(try JSONDecoder().decode(APIFailure.self, from: Data(buffer: badTag.body)).error.fields?.map(\.field) == ["language"])

            let twice = try await ContentAPITests.send(client, .post, "/api/v1/articles", token: token, body: #"{"headline": "Y", "slug": "entretiens", "authors": ["A"], "section": "World", "body": "T.", "language": "fr", "translationOf": "talks"}"#)
            #expect(twice.status == .unprocessableContent)
            let refusal = try JSONDecoder().decode(APIFailure.self, from: Data(buffer: twice.body))
            #expect(refusal.error.code == "validation_failed" && refusal.error.fields?.first?.field == "translationOf")
            #expect(refusal.error.fields?.first?.message.contains("“pourparlers” is already") == true)
        }
    }

    @Test func theImportFormatCarriesLanguagesAndTranslations() throws {
        let inputs = try ArticleImport.parse(Fixtures.json([
            ["headline": "Talks", "authors": ["A"], "section": "World", "body": "T.", "language": "en_gb"],
            ["headline": "Pourparlers", "authors": ["A"], "section": "World", "body": "T.", "language": "fr", "translationOf": "talks"],
        ]))
        #expect(inputs.map(\.language) == ["en-GB", "fr"] && inputs.map(\.translationOf) == [nil, "talks"])
        #expect(throws: ArticleImport.Failure.self) {
            try ArticleImport.parse(Fixtures.json([["headline": "X", "authors": ["A"], "section": "World", "body": "T.", "translationOf": "Not A Slug"]]))
        }
    }

    @Test(arguments: Backend.allCases)
    func eachLanguageHasAFrontPageOfItsStoriesShownInThatLanguage(backend: Backend) async throws {
        let site = try await Self.site(backend: backend)
        try await Self.save(Self.story("unnamed", nil), Self.story("quebec", "fr-CA"), into: site.storage)
        try await site.test { client in
            let french = try await client.execute(uri: "/language/fr", method: .get)
            #expect(french.status == .ok)
            let html = french.text
            #expect(html.contains("<html lang=\"fr\" dir=\"ltr\">") && html.contains("<title>Français – The Test Gazette</title>"))
            #expect(html.contains("Headline of pourparlers") && html.contains("Headline of quebec"), "fr takes in fr-CA")
            #expect(!html.contains("Headline of talks") && !html.contains("Headline of dialogo") && !html.contains("Headline of unnamed"))
            // The stories' own headlines ("Headline of …") are the newsroom's words, not the interface's.
            try InterfaceLanguageTests.expectNoEnglish(html.replacingOccurrences(of: "Headline of", with: ""), language: "fr", where: "/language/fr")

            let arabic = try await client.execute(uri: "/language/ar", method: .get).text
            #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">") && arabic.contains("Headline of dialogo"))

            let english = try await client.execute(uri: "/language/en", method: .get).text
            #expect(english.contains("Headline of talks") && english.contains("Headline of unnamed"), "stories saved without a language are the site's")
            #expect(!english.contains("Headline of pourparlers"))

            let redirect = try await client.execute(uri: "/language/FR?page=1", method: .get)
            #expect(redirect.status == .movedPermanently && redirect.headers[.location] == "/language/fr?page=1")
            #expect(try await client.execute(uri: "/language/de", method: .get).status == .notFound, "no German story, no German page")
            #expect(try await client.execute(uri: "/language/not-a-language!", method: .get).status == .notFound)

            let feed = try await client.execute(uri: "/language/fr/feed.atom", method: .get).text
            #expect(feed.contains("xml:lang=\"fr\">") && feed.contains("Headline of pourparlers") && !feed.contains("Headline of talks"))
            #expect(feed.contains("<entry xml:lang=\"fr-CA\">") && feed.occurrences(of: "<entry>") == 1, "only the Québécois story names its own")
        }
    }

    @Test func aSectionMayNotTakeTheLanguagePagesAddress() throws {
        #expect(Section.reservedSlugs.contains("language"))
        #expect(throws: ArticleImport.Failure.self) {
            try ArticleImport.parse(Fixtures.json([["headline": "X", "authors": ["A"], "section": "Language", "body": "T."]]))
        }
    }

    @Test func aWordPressPostKeepsItsPolylangLanguageAndTheRestTakeTheExportsLanguage() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        let export = try WordPressImportTests.gazette {
            $0.replacingOccurrences(
                of: "<category domain=\"post_tag\" nicename=\"harbour\"><![CDATA[Harbour]]></category>",
                with: "<category domain=\"post_tag\" nicename=\"harbour\"><![CDATA[Harbour]]></category>\n\t\t<category domain=\"language\" nicename=\"sv\"><![CDATA[Svenska]]></category>")
        }
        try await WordPressImportTests.importGazette(into: storage, export)
        let swedish = try #require(try await storage.articles.publishedArticle(slug: "harbour-reopens"))
        #expect(swedish.language == "sv" && !swedish.tags.contains { $0.slug == "sv" }, "a language is not a tag")
        let others = try await storage.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 50)).items.filter { $0.slug != "harbour-reopens" }
        #expect(!others.isEmpty && others.allSatisfy { $0.language == "en-GB" })
    }

    @Test func theEditorSetsTheLanguageLinksATranslationAndSaysWhyALinkCannotBe() async throws {
        let site = try await Self.site()
        try await site.addUser(.editor, name: "Edna Editor")
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let talks = try #require(try await site.storage.articles.publishedArticle(slug: "talks"))
            let form = try await staff.get("/admin/articles/\(talks.id)").text
            #expect(form.contains("<option value=\"en-GB\" selected>"), "the story's own language is chosen")
            #expect(form.contains("Headline of pourparlers") && form.contains("href=\"/admin/articles/new?translation_of=\(talks.id)\""))

            let start = try await staff.get("/admin/articles/new?translation_of=\(talks.id)").text
            #expect(start.contains("name=\"translation_of\" type=\"text\" value=\"talks\""), "a new translation starts linked to its original")

            let refused = try await staff.post("/admin/articles", AdminEditorTests.with([
                ("headline", "Entretiens à Sotchi"), ("slug", "entretiens"), ("language", "fr"), ("translation_of", "talks"), ("intent", "save"),
            ]))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("is already the version of this story in fr") && refused.text.contains("value=\"Entretiens à Sotchi\""))

            let saved = try await staff.post("/admin/articles", AdminEditorTests.with([
                ("headline", "Gespräche in Sotschi"), ("slug", "gesprache"), ("language", "de"), ("translation_of", "talks"), ("intent", "publish"),
            ]))
            #expect(saved.status == .seeOther)
            let german = try #require(try await site.storage.articles.publishedArticle(slug: "gesprache"))
            #expect(german.language == "de" && german.translationOf?.id == talks.id)
            #expect(try await site.storage.articles.publishedArticle(slug: "talks")?.translations.map(\.slug).contains("gesprache") == true)

            let badTag = try await staff.post("/admin/articles", AdminEditorTests.with([("headline", "X"), ("language", "français"), ("intent", "save")]))
            #expect(badTag.status == .unprocessableContent && badTag.text.contains("Give a language tag such as fr"))
        }
    }

    @Test func restoringARevisionLinkedToAStoryNowGoneSaysSoAndKeepsTheForm() async throws {
        let site = try await Self.site()
        try await site.addUser(.editor, name: "Edna Lund")
        let talks = try #require(try await site.storage.articles.publishedArticle(slug: "talks"))
        let french = try #require(try await site.storage.articles.publishedArticle(slug: "pourparlers"))
        #expect(try await site.storage.editorial.delete(id: talks.id))
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let refused = try await staff.post("/admin/articles/\(french.id)/revisions/1/restore", [("version", "1")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("No story has the slug “talks”") && refused.text.contains("value=\"Headline of pourparlers\""))
            #expect(try await site.storage.articles.publishedArticle(slug: "pourparlers")?.language == "fr", "nothing changed")
        }
    }

    @Test func publishingATranslationRefreshesTheCachedPagesOfTheOtherVersions() async throws {
        let site = try await TestSite.make(articles: [Self.story("talks-resume", "en")])
        try await site.test { client in
            let before = try await client.execute(uri: RouterTests.articlePath, method: .get)
            #expect(before.status == .ok && !before.text.contains("hreflang=\"fr\""))
            try await Self.save(Self.story("pourparlers", "fr", translating: "talks-resume"), into: site.storage)
            try await waitUntil("the original's page lists its translation") {
                try await client.execute(uri: RouterTests.articlePath, method: .get).text.contains("hreflang=\"fr\"")
            }
        }
    }
}
