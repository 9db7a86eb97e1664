@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Each member reads the newsroom in their own language, the site's unless they chose
/// another; before anyone signs in, the sign-in page is in the site's.
@Suite("The newsroom's language")
struct NewsroomLanguageTests {
    static func chrome(_ html: String) -> String {
        guard let start = html.range(of: "<header class=\"topbar\">"), let end = html.range(of: "<main") else { return "" }
        return String(html[start.lowerBound..<end.lowerBound])
    }

    @Test(arguments: Backend.allCases)
    func aMembersLanguageIsStoredAndClearedForTheSites(backend: Backend) async throws {
        let users = try await backend.makeStorage().users
        let ana = try await users.create(email: "ana@example.com", name: "Ana", role: .editor, passwordHash: UserRepositoryContractTests.hash, at: Fixtures.publishedAt)
        #expect(ana.language == nil)
        #expect(try await users.setLanguage("ar", userID: ana.id))
        #expect(try await users.user(id: ana.id)?.language == "ar")
        #expect(try await users.setLanguage(nil, userID: ana.id))
        #expect(try await users.user(email: "ana@example.com")?.language == nil)
        #expect(try await !users.setLanguage("fr", userID: 9_999))
    }

    @Test func theSignInPageIsInTheSitesLanguageWithNoEnglishLeft() async throws {
        let site = try await TestSite.make(locale: "fr_FR")
        try await site.addUser(.editor, name: "Edna Editor")
        try await site.test { client in
            let page = try await client.execute(uri: "/admin/login", method: .get).text
            #expect(page.contains("<html lang=\"fr-FR\" dir=\"ltr\">") && page.contains("Connexion à la rédaction"))
            try InterfaceLanguageTests.expectNoEnglish(page, language: "fr", where: "on the sign-in page")
            let refused = try await StaffClient.submitLogin(client, email: "editor@example.com", password: "wrong password entirely")
            #expect(refused.text.contains("Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte."))
        }
    }

    @Test func eachMemberSeesTheNewsroomInTheirLanguageAndAnArabicOneRightToLeft() async throws {
        let site = try await TestSite.make(locale: "fr_FR")
        try await site.addUser(.editor, name: "Edna Lund")
        let arabic = try await site.addUser(.author, name: "Amal Nasser")
        _ = try await site.storage.users.setLanguage("ar", userID: arabic.id)
        try await site.test { client in
            let french = try await StaffClient.signIn(client, email: "editor@example.com")
            let dashboard = try await french.get("/admin").text
            #expect(dashboard.contains("<html lang=\"fr-FR\" dir=\"ltr\">"))
            #expect(Self.chrome(dashboard).contains(">Tableau de bord<") && Self.chrome(dashboard).contains("Éditeur"))
            try InterfaceLanguageTests.expectNoEnglish(Self.chrome(dashboard), language: "fr", where: "in the newsroom's chrome")

            let author = try await StaffClient.signIn(client, email: "author@example.com")
            let editor = try await author.get("/admin/articles/new").text
            #expect(editor.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(Self.chrome(editor).contains(">المقالات<") && Self.chrome(editor).contains("كاتب") && Self.chrome(editor).contains("تسجيل الخروج"))
            try InterfaceLanguageTests.expectNoEnglish(Self.chrome(editor), language: "ar", where: "in the newsroom's chrome")
        }
    }

    @Test func theDashboardAndTheArticleListAreWhollyInTheMembersLanguage() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("vote", headline: "Le conseil vote le budget")], locale: "fr_FR")
        try await site.addUser(.editor, name: "Edna Lund")
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let dashboard = try await staff.get("/admin").text
            #expect(dashboard.contains("<span class=\"stat__number\">1</span> <span class=\"stat__label\">publié</span>"))
            #expect(dashboard.contains("<span class=\"stat__number\">0</span> <span class=\"stat__label\">brouillon</span>"), "French counts nought as singular")
            try InterfaceLanguageTests.expectNoEnglish(dashboard, language: "fr", where: "on the dashboard")
            let list = try await staff.get("/admin/articles?notice=save").text
            #expect(list.contains("Enregistré.") && list.contains("1 trouvé") && list.contains("Le conseil vote le budget"))
            try InterfaceLanguageTests.expectNoEnglish(list, language: "fr", where: "on the article list")
        }
    }

    @Test func aMemberChoosesTheirLanguageOnTheirAccountPage() async throws {
        let site = try await TestSite.make(locale: "de_DE")
        try await site.addUser(.contributor, name: "Cole Contributor")
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "contributor@example.com")
            let account = try await staff.get("/admin/account").text
            #expect(account.contains("<option value=\"\" selected>Die Sprache der Website (Deutsch)</option>"))
            #expect(account.contains("<option value=\"fr\">Français</option>") && account.contains("<option value=\"ar\">العربية</option>"))

            let saved = try await staff.post("/admin/account", [("language", "es")])
            #expect(saved.status == .seeOther)
            #expect(try await staff.get("/admin/account?notice=saved").text.contains("Sus ajustes se han guardado."))
            #expect(try await site.storage.users.user(email: "contributor@example.com")?.language == "es")

            let refused = try await staff.post("/admin/account", [("language", "tlh")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("Elija uno de los idiomas de la lista."))
            #expect(try await site.storage.users.user(email: "contributor@example.com")?.language == "es", "nothing changed")

            #expect(try await staff.post("/admin/account", [("language", "")]).status == .seeOther)
            #expect(try await site.storage.users.user(email: "contributor@example.com")?.language == nil, "back to the site's")

            let forged = try await staff.post("/admin/account", [("language", "fr")], csrf: "not-the-token")
            #expect(forged.status == .forbidden)
            #expect(try await site.storage.users.user(email: "contributor@example.com")?.language == nil, "a forged form changes nothing")
        }
    }

    /// Every page an administrator can open, with something on each to show.
    static func everyNewsroomPage(_ site: TestSite, _ staff: StaffClient) async throws -> [String] {
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "vote"))
        let comment = try await site.storage.comments.add(NewComment(
            articleID: article.id, parentID: nil, authorName: "Ana Lectrice", authorEmail: "ana@example.com", authorURL: nil,
            body: "Un avis réfléchi.", status: .pending, reason: "premier commentaire", ip: "192.0.2.7", userAgent: nil, createdAt: Date()
        ), maxDepth: 5)
        let edit = SiteURL.admin(.article(.value(article.id))).path
        // A second version, so that revisions can be compared.
        #expect(try await staff.post(edit, [("version", "1"), ("intent", "save"), ("headline", "Le conseil vote le budget"), ("section", "world"),
            ("authors", "Mara Lindqvist"), ("body", "Le conseil a voté.")]).status == .seeOther)
        return [
            "/admin", "/admin/articles", "/admin/articles/new", edit, edit + "/revisions", edit + "/compare?from=1&to=2", edit + "/delete",
            "/admin/comments", "/admin/comments?status=spam", "/admin/comments/\(comment.id)/edit", "/admin/media", "/admin/sections", "/admin/tags",
            "/admin/people", "/admin/wire", "/admin/wire?state=failed", "/admin/pages", "/admin/pages/new", "/admin/users", "/admin/webhooks",
            "/admin/import", "/admin/account", "/admin/articles/9999",
        ]
    }

    @Test(arguments: [("fr", "fr_FR"), ("ar", "ar")])
    func everyNewsroomPageIsWhollyInTheMembersLanguage(language: String, locale: String) async throws {
        let site = try await TestSite.make(
            articles: [Fixtures.article("vote", headline: "Le conseil vote le budget", tags: ["Budget"], body: "« Nous votons », a dit la maire.")],
            locale: locale
        )
        try await site.addUser(.admin, name: "Edna Lund")
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "admin@example.com")
            for path in try await Self.everyNewsroomPage(site, staff) {
                let page = try await staff.get(path)
                #expect(page.status == .ok || path.hasSuffix("9999"), "\(path): \(page.status)")
                try InterfaceLanguageTests.expectNoEnglish(page.text, language: language, where: "on \(path)")
            }
            // What the newsroom says when something is refused is in the member's language too.
            let refused = try await staff.post("/admin/articles", [("version", "1"), ("intent", "publish"), ("headline", ""), ("section", "nowhere")])
            #expect(refused.status == .unprocessableContent)
            try InterfaceLanguageTests.expectNoEnglish(refused.text, language: language, where: "on a refused save")
            if language == "fr" {
                #expect(refused.text.contains("Donnez un titre à l’article, même provisoire.") && refused.text.contains("Choisissez une rubrique."))
                #expect(try await staff.get("/admin/comments").text.contains("Marquer comme indésirable"))
            } else {
                #expect(refused.text.contains("<html lang=\"ar\" dir=\"rtl\">") && refused.text.contains("اختر قسمًا."))
            }
        }
    }

    /// A refusal's words on the admin error page: its own when the member's catalog has them,
    /// and otherwise, for a member reading another language than English, the general ones.
    @Test func aRefusalIsInTheMembersLanguageOrInTheGeneralWordsForItsStatus() throws {
        let translations = try InterfaceLanguageTests.bundled()
        let french = translations.catalog(for: "fr"), english = translations.catalog(for: "en")
        let said = AdminErrorMiddleware<BylineRequestContext>.said
        let fallback = Message("There is nothing here: it may have been deleted.")
        #expect(said("There is no such comment: it may have been deleted.", fallback, french) == "Ce commentaire n’existe pas : il a peut-être été supprimé.")
        #expect(said("Wire item 42 was held by AFP.", fallback, french) == "Il n’y a rien ici : cela a peut-être été supprimé.")
        #expect(said("Wire item 42 was held by AFP.", fallback, english) == "Wire item 42 was held by AFP.")
        #expect(said(nil, fallback, french) == "Il n’y a rien ici : cela a peut-être été supprimé.")
    }
}
