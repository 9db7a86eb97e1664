@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Mustache
import Testing

/// The interface in the site's language: every word from a shipped catalog, plurals by
/// CLDR's rules, right-to-left pages for Arabic, and what a catalog or theme may get wrong.
@Suite("Interface languages")
struct InterfaceLanguageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shipped = ["en", "fr", "es", "de", "ru", "ar"]
    static let locales = root.appendingPathComponent("Resources/Locales")

    static func bundled() throws -> Translations { try Translations.load(from: [locales]) }

    // MARK: The catalogs

    @Test func everyShippedCatalogTranslatesEveryMessageTheInterfaceUses() throws {
        let messages = try MessageExtractor(root: Self.root).messages()
        #expect(messages.count > 100, "the extractor finds the templates' and the code's messages")
        #expect(messages.contains { $0.id == "Leave a comment" && $0.references.contains { $0.hasPrefix("Resources/Themes/default/templates/article.mustache:") } })
        #expect(messages.contains { $0.id == "Please enter your name." && $0.references.contains { $0.hasPrefix("Sources/Byline/Comments/CommentSubmission.swift:") } })
        #expect(messages.contains { $0.id == "{count} comment" && $0.plural == "{count} comments" })
        let translations = try Self.bundled()
        #expect(Set(Self.shipped).isSubset(of: Set(translations.languages)))
        for language in Self.shipped {
            let catalog = translations.catalog(for: language)
            let missing = messages.filter { !catalog.translates($0.id, context: $0.context) }.map(\.id)
            #expect(missing.isEmpty, "\(language).po lacks \(missing); run make messages and translate them")
        }
    }

    @Test func theTemplateForTranslatorsIsUpToDate() throws {
        let messages = try MessageExtractor(root: Self.root).messages()
        let written = try String(contentsOf: Self.locales.appendingPathComponent(CatalogFiles.templateName), encoding: .utf8)
        // Line numbers move with every edit; the messages themselves must be current.
        func withoutReferences(_ text: String) -> String { text.split(separator: "\n").filter { !$0.hasPrefix("#:") }.joined(separator: "\n") }
        #expect(withoutReferences(written) == withoutReferences(CatalogFiles.template(messages)), "Resources/Locales/byline.pot is stale: run make messages")
    }

    /// The form each language uses for n, as CLDR gives it.
    @Test(arguments: [
        ("en", [1, 0, 1, 1, 1, 1, 1, 1, 1]), ("de", [1, 0, 1, 1, 1, 1, 1, 1, 1]), ("es", [1, 0, 1, 1, 1, 1, 1, 1, 1]),
        ("fr", [0, 0, 1, 1, 1, 1, 1, 1, 1]), ("ru", [2, 0, 1, 1, 2, 2, 0, 2, 0]), ("ar", [0, 1, 2, 3, 3, 4, 4, 5, 5]),
    ])
    func pluralFormsFollowCLDR(language: String, forms: [Int]) throws {
        let catalog = try Self.bundled().catalog(for: language)
        #expect([0, 1, 2, 3, 5, 11, 21, 100, 101].map(catalog.plurals.form(for:)) == forms)
    }

    @Test func pluralsReadAsEachLanguageCountsThem() throws {
        let translations = try Self.bundled()
        func comments(_ language: String, _ n: Int) -> String { translations.catalog(for: language).plural("{count} comment", "{count} comments", count: n) }
        #expect([1, 2].map { comments("en", $0) } == ["1 comment", "2 comments"])
        #expect([0, 1, 2].map { comments("fr", $0) } == ["0 commentaire", "1 commentaire", "2 commentaires"])
        #expect([1, 2, 5, 11, 21, 101].map { comments("ru", $0) } == [
            "1 комментарий", "2 комментария", "5 комментариев", "11 комментариев", "21 комментарий", "101 комментарий",
        ])
        #expect([0, 1, 2, 3, 11, 100].map { comments("ar", $0) } == ["لا تعليقات", "تعليق واحد", "تعليقان", "3 تعليقات", "11 تعليقًا", "100 تعليق"])
        #expect(comments("de", 1234) == "1.234 Kommentare", "numbers as the language writes them")
    }

    @Test func aTagWithARegionUsesItsLanguagesCatalogAndUnknownLanguagesAreEnglish() throws {
        let translations = try Self.bundled()
        #expect(translations.catalog(for: "fr-CA").message("Leave a comment") == "Laisser un commentaire")
        #expect(translations.catalog(for: "pt-BR").message("Leave a comment") == "Leave a comment")
        #expect(Translations.direction(of: "ar-EG") == "rtl" && Translations.direction(of: "he") == "rtl" && Translations.direction(of: "fa_IR") == "rtl")
        #expect(Translations.direction(of: "fr-FR") == "ltr" && Translations.direction(of: "en") == "ltr")
    }

    @Test func bylinesJoinNamesAsEachLanguageDoes() throws {
        let translations = try Self.bundled()
        let authors = ["Ana", "Bo", "Cy"].map { Author(id: 0, slug: $0.lowercased(), name: $0) }
        func byline(_ language: String, _ count: Int) -> String {
            BylineName.list(Array(authors.prefix(count)), translations.catalog(for: language)).map { $0.separator + $0.name }.joined()
        }
        #expect(byline("en", 3) == "Ana, Bo and Cy", "news style: no serial comma")
        #expect(byline("en", 1) == "Ana")
        #expect(byline("fr", 3) == "Ana, Bo et Cy")
        #expect(byline("de", 2) == "Ana und Bo")
        #expect(byline("ar", 2) == "Ana وBo")
    }

    @Test func aSiteInAnotherLanguageThatKeepsTheDefaultDatePatternWritesDatesItsWay() {
        let date = ISO8601.parse("2025-11-24T16:00:00Z")!
        let utc = TimeZone(identifier: "UTC")!
        #expect(DateDisplay(timeZone: utc, locale: Locale(identifier: "fr_FR"), pattern: DateDisplay.defaultPattern).readable(date) == "24 novembre 2025 à 16:00")
        #expect(DateDisplay(timeZone: utc, locale: Locale(identifier: "de_DE"), pattern: DateDisplay.defaultPattern).readable(date) == "24. November 2025 um 16:00")
        #expect(DateDisplay(timeZone: utc, locale: Locale(identifier: "en_US"), pattern: DateDisplay.defaultPattern).readable(date) == "November 24, 2025, 4:00 PM")
        #expect(DateDisplay(timeZone: utc, locale: Locale(identifier: "fr_FR"), pattern: "d/M/y").readable(date) == "24/11/2025", "a chosen pattern is kept")
    }

    // MARK: Templates

    static func catalog(_ language: String, _ entries: String) throws -> MessageCatalog {
        let folder = try LocalizationTests.folder(["\(language).po": LocalizationTests.catalog(language, entries)])
        return try MessageCatalog.load(language: language, from: [folder])
    }

    @Test func templateMessagesAreTranslatedEscapedAndTheirPlaceholdersFilled() throws {
        let french = try Self.catalog("fr", #"""
            msgid "Reply to {name} about {topic}"
            msgstr "Sur {topic}, répondre à {name} <b>&</b> {{ }}"
            """#)
        let source = "<p>{{#t}}Reply to\n   {name} about {topic}{{/t}}</p>"
        #expect(try TemplateTranslation.uses(in: source) == [.init(id: "Reply to {name} about {topic}", line: 1)])
        let translated = try TemplateTranslation.translated(source, with: french)
        #expect(translated == "<p>Sur {{topic}}, répondre à {{name}} &lt;b&gt;&amp;&lt;/b&gt; &#123;&#123; &#125;&#125;</p>")
        #expect(try TemplateTranslation.translated("{{#t}}Leave a comment{{/t}} & more", with: .source) == "Leave a comment & more")
    }

    /// The words a template shows outside `{{#t}}`: its text between tags, and the attributes
    /// a person reads (a placeholder, a title, an aria-label, a confirmation). Code samples,
    /// which are commands and headers in any language, and web addresses are not words.
    static func untranslatedWords(in source: String) -> [String] {
        var text = source.replacing(/\{\{#t\}\}.*?\{\{\/t\}\}/.dotMatchesNewlines(), with: " ")
        text = text.replacing(/<code>.*?<\/code>|<!--.*?-->|<(script|style)\b.*?<\/(script|style)>/.dotMatchesNewlines(), with: " ")
        var words: [String] = []
        for match in text.matches(of: /\b(?:placeholder|title|aria-label|alt|data-confirm)="([^"]*)"/) {
            let value = String(match.1).replacing(/\{\{[^}]*\}\}/, with: " ")
            if !value.contains("://") { words += value.matches(of: /\p{L}{2,}/).map { String($0.0) } }
        }
        text = text.replacing(/\{\{\{?[^}]*\}?\}\}/, with: " ").replacing(/<[^>]*>/, with: " ").replacing(/&[a-z]+;|&#[0-9]+;/, with: " ")
        return words + text.matches(of: /\p{L}{2,}/).map { String($0.0) }
    }

    @Test func everyWordATemplateShowsIsAMessageForTranslators() throws {
        #expect(Self.untranslatedWords(in: #"<p title="Private">{{name}} <code>byline users</code> {{#t}}Leave a comment{{/t}}</p>"#) == ["Private"])
        #expect(Self.untranslatedWords(in: #"<input placeholder="https://hooks.example.com/x" aria-label="{{#t}}Name{{/t}}">"#).isEmpty)
        for folder in MessageExtractor.templateFolders {
            for file in try Theme.templateFiles(in: Self.root.appendingPathComponent(folder).path) {
                let words = Self.untranslatedWords(in: file.source)
                #expect(words.isEmpty, "\(folder)/\(file.path) shows words outside {{#t}}: \(words.prefix(12))")
            }
        }
    }

    /// Languages are parsed when first shown, so every shipped one is parsed here.
    @Test func everyTemplateParsesInEveryShippedLanguage() throws {
        let translations = try Self.bundled()
        for folder in MessageExtractor.templateFolders {
            for file in try Theme.templateFiles(in: Self.root.appendingPathComponent(folder).path) {
                for language in Self.shipped {
                    let source = try TemplateTranslation.translated(file.source, with: translations.catalog(for: language))
                    #expect(throws: Never.self, "\(file.path) in \(language)") { try MustacheTemplate(string: TemplateEscaping.prepared(source)) }
                }
            }
        }
    }

    @Test(arguments: [
        ("a\n{{#t}}Leave a comment", 2, "has no {{/t}}"),
        ("{{#t}}Reply to {{name}}{{/t}}", 1, "cannot hold a tag"),
        ("a\nb\nc {{/t}}", 3, "without {{#t}}"),
        ("{{#t}}  {{/t}}", 1, "holds no text"),
    ])
    func aMisusedMessageTagIsRefusedWithItsLine(source: String, line: Int, message: String) {
        #expect {
            try TemplateTranslation.uses(in: source)
        } throws: { error in
            (error as? TemplateTranslation.Problem).map { $0.line == line && $0.message.contains(message) } ?? false
        }
    }

    @Test func aThemeOverridesAnyMessageInAnyLanguageEnglishToo() async throws {
        let theme = TemporaryDirectory.make()
        try FileManager.default.createDirectory(atPath: theme + "/locales", withIntermediateDirectories: true)
        try Data(LocalizationTests.catalog("en", #"""
            msgid "Leave a comment"
            msgstr "Join the conversation"
            """#, plurals: "nplurals=2; plural=(n != 1);").utf8).write(to: URL(fileURLWithPath: theme + "/locales/en.po"))
        let site = try await TestSite.make(theme: theme, articles: [Fixtures.article("talks-resume")])
        try await site.test { client in
            let html = try await client.execute(uri: RouterTests.articlePath, method: .get).text
            #expect(html.contains("Join the conversation"))
            #expect(!html.contains("Leave a comment"))
            #expect(html.contains("There are no comments yet."), "what the theme leaves alone comes from Byline's catalog")
        }
    }

    @Test func aBrokenThemeCatalogStopsStartUpWithItsFileAndLine() async throws {
        let theme = TemporaryDirectory.make()
        try FileManager.default.createDirectory(atPath: theme + "/locales", withIntermediateDirectories: true)
        let file = theme + "/locales/fr.po"
        try Data(LocalizationTests.catalog("fr", #"""
            msgid "Reply to {authorName}"
            msgstr "Répondre à {auteur}"
            """#).utf8).write(to: URL(fileURLWithPath: file))
        let site = try await TestSite.make(theme: theme)
        await #expect {
            _ = try await buildApplication(site.configuration, storage: site.storage)
        } throws: { error in
            "\(error)".contains("\(file):8") && "\(error)".contains("{auteur}")
        }
    }

    // MARK: Reader pages

    /// What a reader reads: text between tags and the words in attributes a person meets.
    static func readable(_ html: String) -> String {
        // Code is not language: an event name or a command reads the same in any.
        var text = html.replacing(/<script[\s\S]*?<\/script>|<code\b[^>]*>[\s\S]*?<\/code>/, with: " ")
        var words: [String] = []
        for match in text.matches(of: /(?:aria-label|placeholder|title|alt|data-cancel-label)="([^"]*)"/) { words.append(String(match.1)) }
        text = text.replacing(/<[^>]*>/, with: " ")
        return (words + [text]).joined(separator: " ").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The English messages a page in `language` must not show: those the catalog gives other
    /// words, by their fixed text (what lies between placeholders), as whole words.
    static func englishLeftIn(_ html: String, language: String) throws -> [String] {
        let catalog = try bundled().catalog(for: language)
        let text = readable(html)
        var found: [String] = []
        for message in try MessageExtractor(root: root).messages() where catalog.message(message.id) != message.id {
            let translation = catalog.message(message.id)
            // A word the translation keeps, such as "Atom", is not English left behind.
            for fragment in message.id.split(separator: /\{[A-Za-z_.]+\}/).map({ $0.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) })
            where fragment.count >= 4 && fragment.contains(where: \.isLetter) && !translation.contains(fragment) {
                let pattern = "(?<![\\p{L}])" + NSRegularExpression.escapedPattern(for: fragment) + "(?![\\p{L}])"
                if text.range(of: pattern, options: .regularExpression) != nil { found.append(fragment) }
            }
        }
        return found
    }

    static func expectNoEnglish(_ html: String, language: String, where place: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let left = try englishLeftIn(html, language: language)
        #expect(left.isEmpty, "English left \(place): \(left)", sourceLocation: sourceLocation)
    }

    static func site(_ locale: String, backend: Backend = .sqlite) async throws -> TestSite {
        try await TestSite.make(
            articles: [Fixtures.article("talks-resume", headline: "Les négociations reprennent", authors: ["Mara Lindqvist", "Omar Haddad"])],
            comments: CommentRouterTests.policy { $0.moderation.trustAfterApproved = 0 }, backend: backend, locale: locale
        )
    }

    @Test(arguments: Backend.allCases)
    func aFrenchSiteShowsNoEnglishOnItsReaderPages(backend: Backend) async throws {
        let site = try await Self.site("fr_FR", backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: RouterTests.articlePath)
            let empty = try await client.execute(uri: RouterTests.articlePath, method: .get).text
            #expect(empty.contains("<html lang=\"fr-FR\" dir=\"ltr\">"))
            #expect(empty.contains("Laisser un commentaire") && empty.contains("Votre adresse e-mail ne sera pas publiée.") && empty.contains("Il n’y a pas encore de commentaires."))
            #expect(empty.contains("Mara Lindqvist</bdi></a> et <a"), "names joined in French")
            #expect(empty.contains("3 décembre 2019"), "dates in French")
            try Self.expectNoEnglish(empty, language: "fr")

            let refused = try await forms.post(["author": "", "email": "nope", "comment": "Un avis réfléchi."])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Veuillez saisir votre nom.") && refused.text.contains("Veuillez saisir une adresse e-mail valide"))
            try Self.expectNoEnglish(refused.text, language: "fr")

            _ = try await forms.post(["author": "Ana Lectrice", "comment": "Un avis réfléchi."])
            let discussed = try await client.execute(uri: RouterTests.articlePath, method: .get).text
            #expect(discussed.contains(">1 commentaire</h2>") && discussed.contains("<bdi>Ana Lectrice</bdi>"))
            try Self.expectNoEnglish(discussed, language: "fr")

            for path in ["/", "/world/", "/search?q=n%C3%A9gociations", "/search?q=zzzz", "/people/", "/no-such-page"] {
                let html = try await client.execute(uri: path, method: .get).text
                try Self.expectNoEnglish(html, language: "fr", where: "English left on \(path)")
            }
            let missing = try await client.execute(uri: "/no-such-page", method: .get).text
            #expect(missing.contains("Page introuvable") && missing.contains("Erreur 404"))
            #expect(try await client.execute(uri: "/search?q=n%C3%A9gociations", method: .get).text.contains("1 résultat pour « négociations »."))
        }
    }

    @Test func anArabicSiteIsRightToLeftWithNoEnglishAndItsNamesIsolated() async throws {
        let site = try await Self.site("ar_EG")
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: RouterTests.articlePath)
            _ = try await forms.post(["author": "Ana Reader", "comment": "رأي مدروس."])
            let html = try await client.execute(uri: RouterTests.articlePath, method: .get).text
            #expect(html.contains("<html lang=\"ar-EG\" dir=\"rtl\">"))
            #expect(html.contains("اترك تعليقًا") && html.contains(">تعليق واحد</h2>"))
            #expect(html.contains("<bdi>Ana Reader</bdi>"), "a Latin name inside Arabic text is isolated")
            #expect(html.contains("class=\"comment__text\" dir=\"auto\""))
            try Self.expectNoEnglish(html, language: "ar")
            let front = try await client.execute(uri: "/", method: .get).text
            #expect(front.contains("dir=\"auto\">Les négociations reprennent</a>"), "headlines in listings take their own direction")
            try Self.expectNoEnglish(front, language: "ar")
        }
    }
}

/// `make messages`: finding messages in Swift, and merging a catalog with the template.
@Suite("Message extraction and catalog updates")
struct MessageExtractionTests {
    @Test func swiftMessagesAreFoundByTheirLiteralsAndCommentsAreSkipped() throws {
        let source = #"""
            // Message("Only an example")
            let a = Message("Please enter your name.")
            let b = catalog.message("Home", context: "navigation")
            let c = catalog.plural("{count} comment", "{count} comments", count: n)
            """#
        let uses = try MessageExtractor.swiftUses(in: source, path: "X.swift")
        #expect(uses.map(\.id) == ["Please enter your name.", "Home", "{count} comment"])
        #expect(uses[1].context == "navigation" && uses[2].plural == "{count} comments")
        #expect(uses.map(\.reference) == ["X.swift:2", "X.swift:3", "X.swift:4"])
    }

    @Test func aMessageBuiltByInterpolationIsRefusedWithItsPlace() {
        #expect {
            try MessageExtractor.swiftUses(in: "\nlet a = Message(\"Reply to \\(name)\")", path: "Y.swift")
        } throws: { error in
            "\(error)".contains("Y.swift:2") && "\(error)".contains("placeholder")
        }
    }

    @Test func updatingACatalogKeepsTranslationsAddsNewMessagesUntranslatedAndDropsUnusedOnes() throws {
        let existing = LocalizationTests.catalog("fr", #"""
            msgid "Reply"
            msgstr "Répondre"

            msgid "Gone"
            msgstr "Parti"
            """#)
        let messages = [
            MessageExtractor.Found(id: "Reply", references: ["a.mustache:1"]),
            MessageExtractor.Found(id: "{count} comment", plural: "{count} comments", references: ["b.swift:2"]),
        ]
        let update = try CatalogFiles.update(existing, file: "fr.po", language: "fr", messages: messages)
        #expect(update.untranslated == 1 && update.dropped == ["Gone"])
        let file = try POFile.parse(update.text, file: "fr.po")
        #expect(file.header["Language"] == "fr")
        #expect(file.entries.map(\.id) == ["Reply", "{count} comment"])
        #expect(file.entries[0].translations == ["Répondre"] && file.entries[1].translations == ["", ""])
        #expect(update.text.hasPrefix("# Byline\n"), "the file's opening comment is kept")
        #expect(update.text.contains("#: a.mustache:1\nmsgid \"Reply\""))

        let english = try CatalogFiles.update(LocalizationTests.catalog("en", ""), file: "en.po", language: "en", messages: messages)
        #expect(english.untranslated == 0, "English, the source, translates each message as itself")
        #expect(try POFile.parse(english.text, file: "en.po").entries[1].translations == ["{count} comment", "{count} comments"])
    }

    @Test func aMessageShownInEnglishForWantOfATranslationIsLoggedOnce() throws {
        let log = CapturedLog()
        let folder = try LocalizationTests.folder(["fr.po": LocalizationTests.catalog("fr", "msgid \"Reply\"\nmsgstr \"Répondre\"\n")])
        let french = try MessageCatalog.load(language: "fr", from: [folder], logger: log.logger)
        #expect(french.message("Leave a comment") == "Leave a comment")
        _ = french.message("Leave a comment")
        _ = french.message("Reply")
        // A detail that came as text is shown as written, and is not a missing translation.
        #expect(french.message(Message.verbatim("No story has the slug “vote”.")) == "No story has the slug “vote”.")
        let misses = log.lines.withLock { $0.filter { $0.metadata["msgid"] != nil } }
        #expect(misses.map { $0.metadata["msgid"] } == ["Leave a comment"])
    }
}
