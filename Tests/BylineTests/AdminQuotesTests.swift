@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The newsroom's side of the quote index: the editor's quotes panel, whose decisions outlive
/// later edits, and the People screens where duplicates are merged.
@Suite("Quotes in the newsroom")
struct AdminQuotesTests {
    private func site() async throws -> (TestSite, Int64) {
        let site = try await TestSite.make(articles: [Fixtures.article("talks", body: PeoplePagesTests.talks)])
        try await site.addUser(.editor, name: "Edna Editor")
        try await site.addUser(.contributor, name: "Cora Contributor")
        let id = try #require(try await site.storage.articles.publishedArticle(slug: "talks")).id
        return (site, id)
    }

    @Test func theEditorShowsWhoSaidWhatAndAnEditorsCorrectionSurvivesTheNextSave() async throws {
        let (site, id) = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let page = try await staff.get("/admin/articles/\(id)").text
            #expect(page.contains("Who said what") && page.contains("“The West has chosen confrontation,”"))
            #expect(page.contains(">Vladimir Putin</a>") && page.contains(">Sergei Lavrov</a>"))
            let fingerprint = try #require(try await site.storage.quotes.quotes(articleID: id).first?.fingerprint)

            let decided = try await staff.post("/admin/articles/\(id)/quotes", [("fingerprint", fingerprint), ("intent", "reassign"), ("name", "Dmitry Peskov"), ("kind", "person")])
            #expect(decided.status == .seeOther)
            #expect(decided.headers[.location] == "/admin/articles/\(id)?notice=quote#quotes")
            let after = try await staff.get("/admin/articles/\(id)").text
            #expect(after.contains(">Dmitry Peskov</a>") && after.contains("found as Vladimir Putin") && after.contains("Confirmed"))

            // The story is edited in the editor, around the quote.
            let version = try #require(try await site.storage.editorial.editable(id: id)?.version)
            let edited = try await staff.post("/admin/articles/\(id)", AdminEditorTests.with([
                ("body", PeoplePagesTests.talks + "\n\nTalks resume on Tuesday."), ("intent", "publish"), ("version", String(version)),
            ]))
            #expect(edited.status == .seeOther)
            #expect(try await site.storage.quotes.quotes(articleID: id).first?.speaker?.name == "Dmitry Peskov")
        }
    }

    @Test func hidingAndUndoingAndWhatIsRefused() async throws {
        let (site, id) = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let fingerprint = try #require(try await site.storage.quotes.quotes(articleID: id).first?.fingerprint)
            _ = try await staff.post("/admin/articles/\(id)/quotes", [("fingerprint", fingerprint), ("intent", "hide")])
            #expect(try await site.storage.quotes.quotes(articleID: id).first?.hidden == true)
            _ = try await staff.post("/admin/articles/\(id)/quotes", [("fingerprint", fingerprint), ("intent", "reset")])
            #expect(try await site.storage.quotes.quotes(articleID: id).first?.hidden == false)

            let empty = try await staff.post("/admin/articles/\(id)/quotes", [("fingerprint", fingerprint), ("intent", "reassign"), ("name", "  ")])
            #expect(empty.status == .unprocessableContent && empty.text.contains("Type the name of who said it."))
            let gone = try await staff.post("/admin/articles/\(id)/quotes", [("fingerprint", "not-in-the-story"), ("intent", "confirm")])
            #expect(gone.status == .unprocessableContent && gone.text.contains("no longer in the story"))
            let forged = try await staff.post("/admin/articles/\(id)/quotes", [("fingerprint", fingerprint), ("intent", "hide")], csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(try await site.storage.quotes.quotes(articleID: id).first?.hidden == false)

            let contributor = try await StaffClient.signIn(client, email: "contributor@example.com")
            let refused = try await contributor.post("/admin/articles/\(id)/quotes", [("fingerprint", fingerprint), ("intent", "hide")])
            #expect(refused.status == .forbidden)
            #expect(try await site.storage.quotes.quotes(articleID: id).first?.hidden == false)
        }
    }

    @Test func thePeopleScreensNameDescribeAliasAndMerge() async throws {
        let (site, _) = try await site()
        _ = try await site.storage.articles.save([Fixtures.article("short", body: "“We will answer any attack on our people,” Putin said.")], now: Date())
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let list = try await staff.get("/admin/people").text
            #expect(list.contains("Vladimir Putin") && list.contains("Sergei Lavrov"))
            #expect(try await staff.get("/admin/people?q=serg").text.contains("Sergei Lavrov"))

            let bad = try await staff.post("/admin/people/vladimir-putin", [("name", "Vladimir Putin"), ("kind", "person"), ("description", "President of Russia"), ("wikidataID", "7747")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("A Wikidata ID is Q and a number") && bad.text.contains("value=\"President of Russia\"") && bad.text.contains("value=\"7747\""))
            let saved = try await staff.post("/admin/people/vladimir-putin", [("name", "Vladimir Putin"), ("kind", "person"), ("description", "President of Russia"), ("wikidataID", "Q7747")])
            #expect(saved.status == .seeOther)
            #expect(try await site.storage.quotes.person(slug: "vladimir-putin")?.wikidataID == "Q7747")
            // The notice after a save is named by key; text in the address is never shown.
            let location = try #require(saved.headers[.location])
            #expect(try await staff.get(location).text.contains(">Saved.<"))
            let forged = try await staff.get("/admin/people/vladimir-putin?notice=Your%20password%20expired.%20Call%20555-0100").text
            #expect(!forged.contains("password expired") && !forged.contains("555-0100"))

            let merged = try await staff.post("/admin/people/putin/merge", [("into", "Vladimir Putin")])
            #expect(merged.status == .seeOther && merged.headers[.location]?.hasPrefix("/admin/people/vladimir-putin") == true)
            #expect(try await site.storage.quotes.person(slug: "vladimir-putin")?.quoteCount == 2)
            let unknown = try await staff.post("/admin/people/sergei-lavrov/merge", [("into", "Nobody Atall")])
            #expect(unknown.status == .unprocessableContent && unknown.text.contains("Nobody in the index is called"))

            let contributor = try await StaffClient.signIn(client, email: "contributor@example.com")
            #expect(try await contributor.get("/admin/people").status == .forbidden)
        }
    }
}
