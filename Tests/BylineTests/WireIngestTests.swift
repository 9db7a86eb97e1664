@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// An agency's stories kept in step with the agency: one article per story, updated by later
/// versions, held when the newsroom has changed it, taken down by a kill. On each backend.
@Suite("Wire ingest")
struct WireIngestTests {
    static let now = ISO8601.parse("2026-11-30T12:00:00Z")!

    static func ingest(_ storage: Storage, _ document: Data, name: String = "wire.json", source: String? = nil, policy: WireSource.Policy? = nil, at: Date = now) async throws -> WireOutcome {
        let outcomes = try await WireIngest(storage: storage).ingest(document, name: name, .init(source: source, policy: policy, origin: name), now: at)
        #expect(outcomes.count == 1)
        return try #require(outcomes.first)
    }

    static func fixture(_ name: String, _ edit: (String) -> String = { $0 }) throws -> Data {
        Data(edit(String(decoding: try WireFixtures.data(name), as: UTF8.self)).utf8)
    }

    /// The ninjs 2.x story as a later version of itself.
    static func version(_ number: Int, of name: String = "ninjs-2.json", _ edit: (String) -> String = { $0 }) throws -> Data {
        try fixture(name) { edit($0.replacingOccurrences(of: "\"version\": \"6\"", with: "\"version\": \"\(number)\"")) }
    }

    static func editor(_ storage: Storage, edits id: Int64, status: Article.Status? = nil, body: String = "An editor rewrote this.", at date: Date = now) async throws -> EditorialSaveResult {
        let editable = try #require(try await storage.editorial.editable(id: id))
        var document = ArticleDocument(editable.article)
        document.body = body
        return try await storage.editorial.save(EditorialSave(
            articleID: id, input: document.input(status: status ?? editable.article.status, sections: try await storage.taxonomy.sections(), externalID: nil),
            document: document, expectedVersion: editable.version, scheduledAt: nil, editor: Editor(userID: nil, name: "Desk editor"), note: "Edited"), now: date)
    }

    @Test(arguments: Backend.allCases)
    func aStoryBecomesOneDraftCreditedToItsAgencyAndLaterVersionsUpdateIt(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let created = try await Self.ingest(storage, try WireFixtures.data("ninjs-2.json"))
        #expect(created.kind == .created && created.detail == "version 6 made a draft")
        let id = try #require(created.articleID)
        let article = try #require(try await storage.articles.article(slug: "kommunen-har-kjopt-giganttomt"))
        #expect(article.id == id && article.status == .draft && article.externalID == "wire:f1d7a6c2-2b7e-4c43-9a51-0a8d4d1c2e77")
        #expect(article.credit == .wires(agency: "Fjordbyrå") && article.authors.map(\.name) == ["Kari Nordmann"])
        #expect(article.leadImage?.src == "https://img.fjordbyra.example/ab12-preview.jpg" && article.leadImage?.credit == "Ola Foto/Fjordbyrå")
        #expect(article.bodyMarkdown.hasPrefix("Kommunen har kjøpt en tomt"))
        #expect(try await storage.wire.item(guid: "f1d7a6c2-2b7e-4c43-9a51-0a8d4d1c2e77")?.state == .new)

        // The same version again, and an older one arriving late, change nothing.
        #expect(try await Self.ingest(storage, try WireFixtures.data("ninjs-2.json")).kind == .ignored)
        let late = try await Self.ingest(storage, try Self.version(5))
        #expect(late.kind == .ignored && late.detail == "version 5 ignored: not newer than version 6, which Byline already has")

        let newer = try await Self.ingest(storage, try Self.version(7) { $0.replacingOccurrences(of: "sier ordføreren.", with: "sier ordføreren til Fjordbyrå.") })
        #expect(newer.kind == .updated && newer.articleID == id)
        #expect(try await storage.articles.article(slug: "kommunen-har-kjopt-giganttomt")?.bodyMarkdown.contains("til Fjordbyrå.") == true)
        let revisions = try await storage.editorial.revisions(articleID: id)
        #expect(revisions.map(\.note) == ["Fjordbyrå version 7", "Fjordbyrå version 6"] && revisions.first?.savedBy == "Fjordbyrå wire")
        #expect(try await storage.wire.queue(state: nil, source: nil, page: PageRequest(number: 1, size: 10)).items.map(\.agencyVersion) == [7])
    }

    @Test(arguments: Backend.allCases)
    func anUpdateAfterAnEditorsChangeIsHeldForTheEditorAndOverwritesNothing(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let id = try #require(try await Self.ingest(storage, try WireFixtures.data("ninjs-2.json")).articleID)
        _ = try await Self.editor(storage, edits: id)
        let held = try await Self.ingest(storage, try Self.version(7))
        #expect(held.kind == .held && held.detail == "version 7 held: an editor changed the story since the wire last did")
        #expect(try await storage.articles.article(slug: "kommunen-har-kjopt-giganttomt")?.bodyMarkdown == "An editor rewrote this.")
        let item = try #require(try await storage.wire.item(guid: "f1d7a6c2-2b7e-4c43-9a51-0a8d4d1c2e77"))
        #expect(item.state == .held && item.pendingVersion == 7 && item.agencyVersion == 6)
    }

    @Test(arguments: Backend.allCases)
    func aCorrectionAddsANoteToThePageAndAnUnchangedStoryIsUpdatedInPlace(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await storage.wire.saveSource(WireSource(name: "Continental Press", credit: "CP", policy: .publish, section: "world"), now: Self.now)
        let nitf = try Self.fixture("newsml-g2-nitf.xml") { $0.replacingOccurrences(of: "<embargoed>2026-12-01T06:00:00Z</embargoed>", with: "") }
        let first = try await Self.ingest(storage, Data(String(decoding: nitf, as: UTF8.self)
            .replacingOccurrences(of: "version=\"3\"", with: "version=\"2\"").replacingOccurrences(of: "<signal qcode=\"sig:correction\"/>", with: "").utf8), name: "eu.xml")
        #expect(first.kind == .created && first.detail == "version 2 made a published story")
        let published = try #require(try await storage.articles.publishedArticle(slug: "eu-agrees-2027-budget-after-all-night-talks"))
        #expect(published.corrections.isEmpty && published.section.slug == "world" && published.credit == .wires(agency: "CP"))
        #expect(published.authors.map(\.name) == ["Pieter Peeters"] && published.dateline == "BRUSSELS, Nov 30 (CP)")

        let corrected = try await Self.ingest(storage, nitf, name: "eu.xml")
        #expect(corrected.kind == .updated)
        let article = try #require(try await storage.articles.publishedArticle(slug: "eu-agrees-2027-budget-after-all-night-talks"))
        // The agency's editorial note is for the newsroom: the page only says it was corrected.
        #expect(article.corrections.map(\.text) == ["CP corrected this story."])
        #expect(try await storage.wire.item(guid: "urn:newsml:continental.example:20261130:EU-BUDGET")?.editorialNote == "CORRECTS the amount in the second paragraph.")
        #expect(article.corrections.first?.kind == .correction)
    }

    @Test(arguments: Backend.allCases)
    func aKillTakesAPublishedStoryDownEverywhereAndItsAddressAnswersGone(backend: Backend) async throws {
        let site = try await TestSite.make(backend: backend)
        try await site.storage.wire.saveSource(WireSource(name: "Continental Press", credit: "CP", policy: .publish, section: "world"), now: Self.now)
        // Dated yesterday, so that the news sitemap (the last two days) lists it whenever this runs.
        let yesterday = ISO8601.string(from: Date() - 86400, in: .gmt).prefix(10)
        let story = try Self.fixture("newsml-g2-nitf.xml") {
            $0.replacingOccurrences(of: "<embargoed>2026-12-01T06:00:00Z</embargoed>", with: "").replacingOccurrences(of: "2026-11-30T", with: "\(yesterday)T")
        }
        let id = try #require(try await Self.ingest(site.storage, story, name: "eu.xml", at: Date()).articleID)
        let article = try #require(try await site.storage.articles.publishedArticle(id: id))
        let path = SiteURL.article(article.slug, section: article.section.slug, publishedAt: article.publishedAt!, dates: site.configuration.dateDisplay).path
        // The person the story quotes too: her page lists it, and loses it with the kill.
        let watched = ["/", "/world", "/feed.rss", "/world/feed.atom", "/sitemaps/articles-1.xml", "/sitemaps/news.xml", "/search?q=budget", "/api/v1/articles", "/people/mette-holm"]
        try await site.test { client in
            let page = try await client.execute(uri: path, method: .get)
            #expect(page.status == .ok)
            for uri in watched {
                let listed = try await client.execute(uri: uri, method: .get)
                #expect(Self.text(listed).contains("eu-agrees-2027-budget"), "\(uri)")
            }
        }

        let kill = try await Self.ingest(site.storage, try WireFixtures.data("newsml-g2-kill.xml"), name: "kill.xml", at: Date())
        #expect(kill.kind == .killed && kill.articleID == id && kill.detail == "version 4 killed the story: taken down")
        try await site.test { client in
            let gone = try await client.execute(uri: path, method: .get)
            #expect(gone.status == .gone)
            let page = Self.text(gone)
            #expect(page.contains("This story was withdrawn") && page.contains("“EU agrees 2027 budget after all-night talks” was withdrawn by CP on"))
            // The agency's note is for the newsroom.
            #expect(!page.contains("wrongly reported"))
            for uri in watched {
                let listed = try await client.execute(uri: uri, method: .get)
                #expect(!Self.text(listed).contains("eu-agrees-2027-budget"), "\(uri)")
            }
        }
        // Nobody publishes it again by mistake, and a later version doesn't bring it back.
        await #expect {
            try await Self.editor(site.storage, edits: id, status: .published)
        } throws: { error in
            if case StorageError.publicationRefused(let reason) = error { reason.hasPrefix("The agency killed this story on ") } else { false }
        }
        let after = try await Self.ingest(site.storage, try Self.fixture("newsml-g2-nitf.xml") { $0.replacingOccurrences(of: "version=\"3\"", with: "version=\"5\"") }, name: "eu.xml")
        #expect(after.kind == .ignored && after.detail == "version 5 ignored: the agency killed this story; a later version doesn't bring it back")
        #expect(try await site.storage.wire.item(guid: "urn:newsml:continental.example:20261130:EU-BUDGET")?.state == .killed)
    }

    @Test(arguments: Backend.allCases)
    func aKilledDraftIsMarkedSoThatNobodyPublishesIt(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let story = try Self.fixture("newsml-g2-nitf.xml") { $0.replacingOccurrences(of: "<embargoed>2026-12-01T06:00:00Z</embargoed>", with: "") }
        let id = try #require(try await Self.ingest(storage, story, name: "eu.xml").articleID)
        let kill = try await Self.ingest(storage, try WireFixtures.data("newsml-g2-kill.xml"), name: "kill.xml")
        #expect(kill.kind == .killed && kill.detail == "version 4 killed the story: marked so that nobody publishes it")
        await #expect(throws: StorageError.self) { try await Self.editor(storage, edits: id, status: .published) }
        #expect(try await storage.articles.article(slug: "eu-agrees-2027-budget-after-all-night-talks")?.status == .draft)
    }

    @Test(arguments: Backend.allCases)
    func aWithheldStoryGoesDownAndComesBackWhenTheAgencyReleasesIt(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await storage.wire.saveSource(WireSource(name: "Fjordbyrå", policy: .publish, section: "news"), now: Self.now)
        let id = try #require(try await Self.ingest(storage, try WireFixtures.data("ninjs-2.json")).articleID)
        let first = try #require(try await storage.articles.publishedArticle(id: id))
        let withheld = try await Self.ingest(storage, try Self.version(7) { $0.replacingOccurrences(of: "\"pubstatus\": \"usable\"", with: "\"pubstatus\": \"withheld\"") })
        #expect(withheld.kind == .withheld && withheld.detail == "version 7 withheld the story: taken down")
        #expect(try await storage.articles.publishedArticle(id: id) == nil)
        // Withheld is not killed: the address is simply not found meanwhile.
        #expect(try await storage.articles.withdrawnArticle(slug: first.slug) == nil)
        let released = try await Self.ingest(storage, try Self.version(8))
        #expect(released.kind == .updated)
        let back = try #require(try await storage.articles.publishedArticle(id: id))
        #expect(back.slug == first.slug && back.publishedAt == first.publishedAt)
    }

    @Test(arguments: Backend.allCases)
    func anEmbargoedStoryWaitsForItsEmbargoWhateverThePolicy(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let embargo = ISO8601.parse("2026-12-01T06:00:00Z")!
        // With the publish policy it is scheduled for the embargo, and not published a moment before.
        let scheduled = try await Self.ingest(storage, try WireFixtures.data("newsml-g2-nitf.xml"), name: "eu.xml", policy: .publish)
        let id = try #require(scheduled.articleID)
        #expect(scheduled.kind == .created && scheduled.detail == "version 3 made a draft")
        #expect(try await storage.editorial.editable(id: id)?.scheduledAt == embargo)
        #expect(try await storage.editorial.publishDue(at: embargo - 1).isEmpty)
        #expect(try await storage.editorial.publishDue(at: embargo) == [id])

        // With the draft policy an editor can't publish it early, by hand or by a schedule.
        let other = try await Self.ingest(storage, try WireFixtures.data("ninjs-1.json"), at: ISO8601.parse("2026-11-30T07:00:00Z")!)
        let draft = try #require(other.articleID)
        await #expect {
            try await Self.editor(storage, edits: draft, status: .published, at: ISO8601.parse("2026-11-30T07:30:00Z")!)
        } throws: { error in
            if case StorageError.publicationRefused(let reason) = error { reason == "This story is embargoed until 2026-11-30T08:00:00Z. Schedule it for then or later." } else { false }
        }
        let result = try await Self.editor(storage, edits: draft, status: .published, at: ISO8601.parse("2026-11-30T08:00:01Z")!)
        #expect({ if case .saved = result { true } else { false } }(), "publishing after the embargo is allowed: \(result)")
        #expect(try await storage.articles.publishedArticle(id: draft) != nil)
    }

    @Test(arguments: Backend.allCases)
    func subjectCodesPlaceTheStoryAndAnUnreadableDocumentIsLoggedAsFailed(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await storage.wire.saveSource(WireSource(name: "Northwire", policy: .draft, section: "news", mappings: [
            .init(code: "04015000", section: "business"), .init(code: "subjectcode/:09000000", tag: "Labour"),
        ]), now: Self.now)
        #expect(try await storage.wire.sources().map(\.name) == ["Northwire"])
        let outcome = try await Self.ingest(storage, try WireFixtures.data("ninjs-1.json"))
        let article = try #require(try await storage.articles.article(slug: "dock-workers-strike-at-two-ports"))
        #expect(outcome.kind == .created && article.section.slug == "business" && article.tags.map(\.slug) == ["labour"])
        #expect(article.headline == "Dock workers strike at two ports" && article.dek == "Unions say the walkout will last 48 hours.")

        await #expect(throws: WireItem.Failure.self) { try await WireIngest(storage: storage).ingest(Data("not wire".utf8), name: "junk.txt", .init(origin: "junk.txt")) }
        let deleted = try await storage.wire.deleteSource(named: "Northwire")
        let again = try await storage.wire.deleteSource(named: "Northwire")
        #expect(deleted && !again)
    }

    @Test func eachArrivalIsAWireReceivedWebhookThatNamesWhatItDid() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        let hook = try await WebhookAdministration(webhooks: storage.webhooks, targets: WebhookTargets()).add(url: "https://hooks.example.com/wire", events: ["wire.received"])
        let created = try await Self.ingest(storage, try WireFixtures.data("ninjs-2.json"))
        _ = try await Self.ingest(storage, try WireFixtures.data("ninjs-2.json"))
        struct Delivery: Decodable {
            struct Data: Decodable {
                var outcome: String
                var source: String
                var version: Int?
                var articleId: Int64?
                var adminPath: String?
            }
            var event: String
            var data: Data
        }
        let deliveries = try await storage.webhooks.deliveries(webhookID: hook.id, limit: 10)
        #expect(deliveries.map(\.event) == ["wire.received", "wire.received"])
        let payloads = try deliveries.map { try JSONDecoder().decode(Delivery.self, from: Data($0.payload.utf8)) }
        #expect(payloads.map(\.event) == ["wire.received", "wire.received"])
        #expect(payloads.map(\.data.outcome).sorted() == ["created", "ignored"])
        let first = try #require(payloads.first { $0.data.outcome == "created" }?.data)
        #expect(first.articleId == created.articleID && first.version == 6 && first.source == "Fjordbyrå")
        #expect(first.adminPath == "/admin/articles/\(created.articleID!)")
    }

    @Test func theStorysLanguageIsKeptAndMarkedOnItsPage() async throws {
        let site = try await TestSite.make()
        let outcome = try await Self.ingest(site.storage, try WireFixtures.data("newsml-g2-message.xml"), name: "floods.xml", policy: .publish)
        let id = try #require(outcome.articleID)
        let article = try #require(try await site.storage.articles.publishedArticle(id: id))
        #expect(article.language == "de" && article.leadImage?.caption == "Das Wasser steht am Montag auf dem Kai in Köln.")
        let path = SiteURL.article(article.slug, section: article.section.slug, publishedAt: article.publishedAt!, dates: site.configuration.dateDisplay).path
        try await site.test { client in
            let response = try await client.execute(uri: path, method: .get)
            let page = Self.text(response)
            #expect(page.contains(#"<article class="story" lang="de" dir="ltr">"#))
            #expect(page.contains(#""inLanguage":"de""#))
            // The caption once, under the picture; the structured data repeats it for machines.
            let visible = page.replacingOccurrences(of: #"<script type="application/ld\+json">[^<]*</script>"#, with: "", options: .regularExpression)
            #expect(visible.components(separatedBy: "Das Wasser steht am Montag").count == 2, "\(visible)")
        }
    }

    static func text(_ response: TestResponse) -> String { response.body.getString(at: 0, length: response.body.readableBytes) ?? "" }
}

/// `POST /api/v1/wire`: agency copy pushed over HTTP, answered in JSON.
@Suite("Wire push endpoint")
struct WirePushTests {
    /// The endpoint's answer: a receipt, or an error, in the API's one JSON shape.
    struct Answer: Decodable {
        struct Item: Decodable {
            var outcome: String
            var guid: String?
            var articleId: Int64?
        }
        struct Failure: Decodable {
            var code: String
            var message: String
        }
        var articleId: Int64?
        var items: [Item]?
        var error: Failure?
    }

    static func push(_ client: any TestClientProtocol, token: String?, type: String?, body: Data) async throws -> (status: HTTPResponse.Status, json: Answer) {
        var headers: HTTPFields = [:]
        if let type { headers[.contentType] = type }
        if let token { headers[.authorization] = "Bearer \(token)" }
        let response = try await client.execute(uri: "/api/v1/wire", method: .post, headers: headers, body: ByteBuffer(bytes: body))
        #expect(response.headers[.contentType] == "application/json")
        return (response.status, try JSONDecoder().decode(Answer.self, from: Data(buffer: response.body)))
    }

    static func code(_ json: Answer) -> String? { json.error?.code }

    @Test(arguments: Backend.allCases)
    func anEditorsTokenPushesNinjsAndNewsMLAndHearsWhatEachStoryBecame(backend: Backend) async throws {
        let site = try await TestSite.make(backend: backend)
        let (_, editor) = try await APITokenAdministration(tokens: site.storage.apiTokens).create(name: "Agency gateway", role: .editor)
        try await site.test { client in
            let ninjs = try await Self.push(client, token: editor, type: "application/json", body: try WireFixtures.data("ninjs-3.json"))
            #expect(ninjs.status == .accepted)
            let id = try #require(ninjs.json.articleId)
            let items = try #require(ninjs.json.items)
            #expect(items.count == 1 && items[0].outcome == "created" && items[0].guid == "http://ostwire.example/media/text/261130-manoever-a0f2" && items[0].articleId == id)
            #expect(try await site.storage.articles.article(slug: "militarovning-i-jatteformat-halls-2027")?.id == id)

            let xml = try await Self.push(client, token: editor, type: "application/xml; charset=utf-8", body: try WireFixtures.data("newsml-g2-message.xml"))
            #expect(xml.status == .accepted && xml.json.items?.first?.outcome == "created")
            let again = try await Self.push(client, token: editor, type: "application/json", body: try WireFixtures.data("ninjs-3.json"))
            #expect(again.status == .accepted && again.json.items?.first?.outcome == "ignored")
        }
        #expect(try await site.storage.wire.item(guid: "tag:continental.example,2026:TXT-FLOODS")?.state == .new)
    }

    @Test func whatCannotBeTakenInIsAnsweredWithAJSONErrorAndTheRightStatus() async throws {
        let site = try await TestSite.make()
        let tokens = APITokenAdministration(tokens: site.storage.apiTokens)
        let (_, editor) = try await tokens.create(name: "Gateway", role: .editor)
        let (_, author) = try await tokens.create(name: "Reporter", role: .author)
        let story = try WireFixtures.data("ninjs-1.json")
        try await site.test { client in
            let anonymous = try await Self.push(client, token: nil, type: "application/json", body: story)
            #expect(anonymous.status == .unauthorized && Self.code(anonymous.json) == "unauthorized")
            let reporter = try await Self.push(client, token: author, type: "application/json", body: story)
            #expect(reporter.status == .forbidden && Self.code(reporter.json) == "forbidden")
            let text = try await Self.push(client, token: editor, type: "text/plain", body: story)
            #expect(text.status == .unsupportedMediaType && Self.code(text.json) == "unsupported_type")
            let mislabelled = try await Self.push(client, token: editor, type: "application/json", body: try WireFixtures.data("newsml-g2-kill.xml"))
            #expect(mislabelled.status == .unprocessableContent && Self.code(mislabelled.json) == "not_wire")
            let junk = try await Self.push(client, token: editor, type: "application/json", body: Data(#"{"headline": "No identity"}"#.utf8))
            #expect(junk.status == .unprocessableContent && junk.json.error?.message == "the document has no uri, which identifies the story across its versions")
            let entity = try await Self.push(client, token: editor, type: "application/xml",
                body: Data(#"<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]><newsItem>&x;</newsItem>"#.utf8))
            #expect(entity.status == .unprocessableContent && Self.code(entity.json) == "not_wire")
        }
        #expect(try await site.storage.articles.article(slug: "dock-workers-strike-at-two-ports") == nil)
    }
}

/// `--wire-inbox DIR`: files dropped into a folder, taken in and moved on.
@Suite("Wire inbox")
struct WireInboxTests {
    static func inbox(_ storage: Storage) -> (WireInbox, URL) {
        let folder = URL(fileURLWithPath: TemporaryDirectory.make(), isDirectory: true)
        return (WireInbox(folder: folder, wire: WireIngest(storage: storage), quiet: 2, logger: .init(label: "test")), folder)
    }

    static func names(_ folder: URL) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() }

    @Test func aFileIsTakenInAndMovedToDoneAndOneThatIsNotWireToFailedWithItsReason() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        let (inbox, folder) = Self.inbox(storage)
        try WireFixtures.data("ninjs-2.json").write(to: folder.appendingPathComponent("fjord.json"))
        try Data("<html><body>not a wire story</body></html>".utf8).write(to: folder.appendingPathComponent("page.xml"))
        // Still being written, or hidden: left where they are.
        try WireFixtures.data("ninjs-1.json").write(to: folder.appendingPathComponent("strike.json.part"))
        try WireFixtures.data("ninjs-1.json").write(to: folder.appendingPathComponent(".strike.json"))

        // A file written a moment ago waits for the quiet period.
        #expect(try await inbox.scan(now: Date()) == 0)
        #expect(try await inbox.scan(now: Date() + 5) == 2)
        #expect(Self.names(inbox.done) == ["fjord.json"])
        #expect(Self.names(inbox.failed) == ["page.xml", "page.xml.error.txt"])
        let reason = try String(contentsOf: inbox.failed.appendingPathComponent("page.xml.error.txt"), encoding: .utf8)
        #expect(reason == "page.xml is XML, but not NewsML-G2: its root is <html> with no namespace\n")
        #expect(Self.names(folder) == [".strike.json", ".taking", "done", "failed", "strike.json.part"])
        #expect(try await storage.articles.article(slug: "kommunen-har-kjopt-giganttomt") != nil)
        #expect(try await storage.wire.log(outcome: .failed, limit: 5).map(\.origin) == ["inbox: page.xml"])

        // The agency sends the same name again: both are kept.
        try WireFixtures.data("ninjs-2.json").write(to: folder.appendingPathComponent("fjord.json"))
        #expect(try await inbox.scan(now: Date() + 5) == 1)
        #expect(Self.names(inbox.done) == ["fjord-2.json", "fjord.json"])
        #expect(try await storage.wire.log(outcome: .ignored, limit: 5).count == 1)
    }

    @Test func aFileANodeTookAndNeverFinishedGoesBackToBeTakenAgain() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        let (inbox, folder) = Self.inbox(storage)
        _ = try await inbox.scan(now: Date())
        let abandoned = inbox.taking.appendingPathComponent("deadnode-1~fjord.json")
        try WireFixtures.data("ninjs-2.json").write(to: abandoned)
        try FileManager.default.setAttributes([.modificationDate: Date() - 3600], ofItemAtPath: abandoned.path)
        #expect(try await inbox.scan(now: Date() + 5) == 1)
        #expect(Self.names(inbox.done) == ["fjord.json"] && Self.names(inbox.taking).isEmpty)
        #expect(Self.names(folder).contains("fjord.json") == false)
    }

    @Test func aFileThisNodeClaimedWhileTheDatabaseWasAwayIsItsOwnToRetry() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        let (inbox, _) = Self.inbox(storage)
        _ = try await inbox.scan(now: Date())
        try WireFixtures.data("ninjs-2.json").write(to: inbox.taking.appendingPathComponent("\(inbox.node)~fjord.json"))
        // Another node's recent claim is left alone.
        try WireFixtures.data("ninjs-1.json").write(to: inbox.taking.appendingPathComponent("othernode-2~strike.json"))
        #expect(try await inbox.scan(now: Date()) == 1)
        #expect(Self.names(inbox.done) == ["fjord.json"] && Self.names(inbox.taking) == ["othernode-2~strike.json"])
    }

    @Test(arguments: ["story.json", "story.xml"]) func anOrdinaryNameIsACandidate(name: String) { #expect(WireInbox.isCandidate(name)) }

    @Test(arguments: [".hidden.json", "story.json.part", "story.tmp", "story.xml.filepart", "done", "failed", "x.error.txt", "~lock"])
    func aNameStillBeingWrittenOrOursIsNot(name: String) { #expect(!WireInbox.isCandidate(name)) }
}

/// `/admin/wire`: the newsroom's view of what the agencies sent.
@Suite("Wire in the newsroom")
struct WireNewsroomTests {
    @Test func anEditorSeesTheQueueComparesAHeldUpdateAndAppliesIt() async throws {
        let site = try await TestSite.make()
        _ = try await site.addUser(.editor)
        let storage = site.storage
        let id = try #require(try await WireIngestTests.ingest(storage, try WireFixtures.data("ninjs-2.json")).articleID)
        _ = try await WireIngestTests.editor(storage, edits: id, body: "The desk rewrote the top.")
        _ = try await WireIngestTests.ingest(storage, try WireIngestTests.version(7) { $0.replacingOccurrences(of: "sier ordføreren.", with: "sier ordføreren til Fjordbyrå.") })
        _ = try await WireIngestTests.ingest(storage, try WireFixtures.data("ninjs-1.json"))
        await #expect(throws: WireItem.Failure.self) { try await WireIngest(storage: storage).ingest(Data("junk".utf8), name: "junk.txt", .init(origin: "inbox: junk.txt")) }
        let item = try #require(try await storage.wire.item(articleID: id))

        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let queue = try await staff.get("/admin/wire").text
            #expect(queue.contains("Kommunen har kjøpt giganttomt") && queue.contains("Dock workers strike at two ports"))
            #expect(queue.contains("Held for merge") && queue.contains("(version 7 waiting)") && queue.contains(">Wire <"), "the nav badge")
            let held = try await staff.get("/admin/wire?state=held").text
            #expect(held.contains("Kommunen har kjøpt giganttomt") && !held.contains("Dock workers"))
            let failed = try await staff.get("/admin/wire?state=failed").text
            #expect(failed.contains("inbox: junk.txt") && failed.contains("is neither JSON (ninjs) nor XML (NewsML-G2)"))

            // The article list flags it.
            let articles = try await staff.get("/admin/articles").text
            #expect(articles.contains("Agency update waiting"))
            // The editor sees the agency's note, and that an update waits.
            let editor = try await staff.get("/admin/articles/\(id)").text
            #expect(editor.contains("Editorial note:</strong> Noe utvidet.") && editor.contains("Fjordbyrå sent version 7</strong>"))

            let compare = try await staff.get("/admin/wire/\(item.id)").text
            #expect(compare.contains("The newsroom’s version") && compare.contains("Fjordbyrå version 7"))
            #expect(compare.contains("The desk rewrote the top.") && compare.contains("sier ordføreren til Fjordbyrå."))
            #expect(compare.contains("diff__line--added"))
            let version = try #require(compare.firstValue(of: "version"))

            // Without the session's CSRF token nothing happens.
            #expect(try await staff.post("/admin/wire/\(item.id)/apply", [("version", version)], csrf: "forged").status == .forbidden)
            let applied = try await staff.post("/admin/wire/\(item.id)/apply", [("version", version)])
            #expect(applied.status == .seeOther && applied.headers[.location] == "/admin/wire/\(item.id)?notice=applied")
        }
        let article = try #require(try await storage.articles.article(slug: "kommunen-har-kjopt-giganttomt"))
        #expect(article.bodyMarkdown.contains("til Fjordbyrå.") && !article.bodyMarkdown.contains("desk rewrote"))
        let settled = try #require(try await storage.wire.item(id: item.id))
        #expect(settled.state == .updated && settled.agencyVersion == 7 && settled.pendingVersion == nil)
        #expect(try await storage.editorial.revisions(articleID: id).first?.note == "Applied Fjordbyrå version 7")
        // Applied: the next version goes straight in again.
        #expect(try await WireIngestTests.ingest(storage, try WireIngestTests.version(8)).kind == .updated)
    }

    @Test func keepingTheNewsroomsVersionSetsTheUpdateAsideAndAReporterMayNotSeeTheWire() async throws {
        let site = try await TestSite.make()
        _ = try await site.addUser(.editor)
        _ = try await site.addUser(.author)
        let storage = site.storage
        let id = try #require(try await WireIngestTests.ingest(storage, try WireFixtures.data("ninjs-2.json")).articleID)
        _ = try await WireIngestTests.editor(storage, edits: id, body: "Ours.")
        _ = try await WireIngestTests.ingest(storage, try WireIngestTests.version(7))
        let item = try #require(try await storage.wire.item(articleID: id))
        try await site.test { client in
            let reporter = try await StaffClient.signIn(client, email: "author@example.com")
            #expect(try await reporter.get("/admin/wire").status == .forbidden)
            #expect(!(try await reporter.get("/admin").text.contains(">Wire")))
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let kept = try await staff.post("/admin/wire/\(item.id)/keep")
            #expect(kept.status == .seeOther)
            #expect(try await staff.get("/admin/wire/\(item.id)?notice=kept").text.contains("The newsroom’s version stays."))
        }
        #expect(try await storage.articles.article(slug: "kommunen-har-kjopt-giganttomt")?.bodyMarkdown == "Ours.")
        #expect(try await storage.wire.item(id: item.id)?.state == .updated)
        // The newsroom's text is still its own: the next version is held again.
        #expect(try await WireIngestTests.ingest(storage, try WireIngestTests.version(8)).kind == .held)
    }
}
