@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The Harbour Gazette's export imported into Byline, on each backend.
@Suite("WordPress import")
struct WordPressImportTests {
    static let now = ISO8601.parse("2026-12-01T12:00:00Z")!

    @discardableResult
    static func importGazette(into storage: Storage, _ data: Data? = nil, dryRun: Bool = false) async throws -> WordPressImportReport {
        let reader = data.map { WXR.Reader(data: $0) } ?? WXR.Reader(file: WordPressFixtures.gazette)
        // Small batches, so that the fixture spans several transactions as a large site does.
        let options = WordPressImporter.Options(planner: .init(timeZone: .gmt), dryRun: dryRun, maxDepth: 5, batchSize: 3)
        return try await WordPressImporter.run(reader, into: storage, options: options, now: now)
    }

    static func gazette(_ edit: (String) -> String) throws -> Data {
        Data(edit(try String(contentsOf: WordPressFixtures.gazette, encoding: .utf8)).utf8)
    }

    @Test(arguments: Backend.allCases)
    func everyPostIsStoredWithItsCommentsAndImportingAgainChangesNothing(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let first = try await Self.importGazette(into: storage)
        #expect(first.counts["stories"] == .init(created: 8, updated: 0, unchanged: 0))
        #expect(first.counts["comments"] == .init(created: 13, updated: 0, unchanged: 0))
        #expect(first.counts["authors"] == .init(created: 2, updated: 0, unchanged: 0))
        let redirects = try #require(first.counts["redirects"])
        #expect(redirects.created > 20 && redirects.updated == 0 && redirects.unchanged == 0)

        let story = try #require(try await storage.articles.publishedArticle(slug: "harbour-reopens"))
        #expect(story.headline == "Harbour reopens after & storm" && story.authors.map(\.name) == ["Mara Lindqvist"] && story.section.slug == "news")
        #expect(story.externalID == "wordpress:10")
        let threads = try await storage.comments.approvedThreads(articleID: story.id, page: PageRequest(number: 1, size: 50))
        // The ten-deep chain is all there, its replies past Byline's five levels attached at the fifth.
        #expect(threads.approvedCount == 10 && threads.threadCount == 1)
        #expect(threads.comments.map(\.depth) == [1, 2, 3, 4, 5, 5, 5, 5, 5, 5])
        #expect(threads.comments.map(\.body) == (1...10).map { "Reply at depth \($0)." })
        for status in [Comment.Status.pending, .spam, .trash] { #expect(try await storage.comments.count(status: status) == 1, "\(status)") }
        #expect(try await storage.articles.publishedCount() == 3)
        #expect(try await storage.articles.article(slug: "members-only")?.status == .draft)

        let again = try await Self.importGazette(into: storage)
        #expect(again.counts["stories"] == .init(created: 0, updated: 0, unchanged: 8))
        #expect(again.counts["comments"] == .init(created: 0, updated: 0, unchanged: 13))
        #expect(again.counts["redirects"] == .init(created: 0, updated: 0, unchanged: redirects.created))
        #expect(try await storage.comments.count(status: .pending) == 1)
    }

    @Test(arguments: Backend.allCases)
    func aNewerExportUpdatesWhatChangedAndOnlyThat(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        try await Self.importGazette(into: storage)
        let newer = try Self.gazette {
            $0.replacingOccurrences(of: "Harbour <em>reopens</em> after &amp; storm", with: "Harbour reopens after the storm")
                .replacingOccurrences(of: "<![CDATA[Waiting for a moderator.]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[0]]>", with: "<![CDATA[Waiting for a moderator.]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[1]]>")
        }
        let report = try await Self.importGazette(into: storage, newer)
        #expect(report.counts["stories"] == .init(created: 0, updated: 1, unchanged: 7))
        #expect(report.counts["comments"] == .init(created: 0, updated: 1, unchanged: 12))
        #expect(try await storage.articles.publishedArticle(slug: "harbour-reopens")?.headline == "Harbour reopens after the storm")
        #expect(try await storage.comments.count(status: .pending) == 0)
    }

    @Test func aDryRunSaysWhatItWouldDoAndWritesNothing() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        let report = try await Self.importGazette(into: storage, dryRun: true)
        #expect(report.dryRun && report.counts["stories"]?.created == 8)
        #expect(report.description.hasPrefix("Dry run: nothing was written."))
        #expect(try await storage.articles.publishedCount() == 0)
        #expect(try await storage.imports.redirect(path: "/?p=10") == nil)
    }

    @Test func aTruncatedExportIsRefusedBeforeAnythingIsWritten() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        let whole = try Data(contentsOf: WordPressFixtures.gazette)
        await #expect(throws: WXR.Failure.self) { try await Self.importGazette(into: storage, whole.prefix(whole.count * 3 / 4)) }
        #expect(try await storage.articles.publishedCount() == 0)
        #expect(try await storage.articles.article(slug: "harbour-reopens") == nil)
    }

    @Test func aPageWhoseAddressASectionHasMovesToTheNextFreeOneAndSaysSo() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        _ = try await storage.taxonomy.createSection(slug: "about", name: "About", description: "")
        let report = try await Self.importGazette(into: storage)
        #expect(try await storage.standingPages.publishedPage(path: "/about-2/staff/")?.title == "Our staff")
        #expect(report.notes.contains("page 30 “About us”: its address was taken, so it is at /about-2/"))
        #expect(try await storage.imports.redirect(path: "/?page_id=30") == .path("/about-2/"))
    }

    @Test func theSlugOfAStoryAlreadyOnTheSiteIsNotTakenOver() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        _ = try await storage.articles.save([Fixtures.article("harbour-reopens")], now: Self.now)
        try await Self.importGazette(into: storage)
        #expect(try await storage.articles.publishedArticle(slug: "harbour-reopens")?.externalID == nil)
        #expect(try await storage.articles.publishedArticle(slug: "harbour-reopens-2")?.externalID == "wordpress:10")
    }

    @Test(arguments: [
        ("/2024/03/01/harbour-reopens/2/", "/2024/03/01/harbour-reopens/"), ("/2024/03/01/harbour-reopens/comment-page-3/", "/2024/03/01/harbour-reopens/"),
        ("/2024/03/01/harbour-reopens/amp", "/2024/03/01/harbour-reopens/"), ("/2024/03/01/harbour-reopens/feed/", "/2024/03/01/harbour-reopens/"),
        ("/category/news/page/4/", "/category/news/"), ("/category/news/feed/atom/", "/category/news/"), ("/about/embed/", "/about/"),
    ])
    func aPartOrViewOfAWordPressAddressLeadsToTheWhole(part: String, whole: String) {
        #expect(SiteRedirectMiddleware<BasicRequestContext>.wordPressBase(of: part) == whole)
    }

    @Test(arguments: ["/", "/page/2/", "/2024/03/01/harbour-reopens/", "/news/comment-page-x/", "/2/"])
    func anAddressThatIsNoPartOfAnotherIsLeftAsItIs(path: String) {
        #expect(SiteRedirectMiddleware<BasicRequestContext>.wordPressBase(of: path) == nil)
    }

    @Test func oldAddressesAnswerWithAPermanentRedirectToWhereTheirContentIsNow() async throws {
        let site = try await TestSite.make()
        try await Self.importGazette(into: site.storage)
        let story = try #require(try await site.storage.articles.publishedArticle(slug: "harbour-reopens"))
        let storyPath = SiteURL.article(story.slug, section: story.section.slug, publishedAt: story.publishedAt!, dates: site.configuration.dateDisplay).path
        let expected: [(String, String)] = [
            ("/2024/03/01/harbour-reopens/", storyPath), ("/2024/03/01/harbour-reopens", storyPath), ("/?p=10", storyPath),
            ("/feed/", "/feed.rss"), ("/comments/feed/", "/comments/feed.atom"), ("/category/news/", "/news"), ("/category/news/feed/", "/news/feed.rss"),
            ("/category/news/topic-1/", "/tag/topic-1"), ("/tag/harbour/feed/", "/tag/harbour/feed.rss"), ("/author/mara/", "/author/mara-lindqvist"),
            ("/?page_id=31", "/about/staff/"), ("/?p=30", "/about/"),
        ]
        try await site.test { client in
            for (old, new) in expected {
                let response = try await client.execute(uri: old, method: .get)
                #expect(response.status == .movedPermanently, "\(old)")
                #expect(response.headers[.location] == new, "\(old)")
            }
            // A page keeps its WordPress address; so do WordPress's tag addresses.
            #expect(try await client.execute(uri: "/about/staff/", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/tag/harbour/", method: .get).status == .ok)
            // A draft has no public address to send anyone to.
            #expect(try await client.execute(uri: "/?p=22", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/2024/03/01/members-only/", method: .get).status == .notFound)
            let followed = try await client.execute(uri: storyPath, method: .get)
            #expect(followed.status == .ok && followed.body.getString(at: 0, length: followed.body.readableBytes)!.contains("10 comments"))
        }
    }
}

@Suite("WordPress import with uploads")
struct WordPressUploadsTests {
    @Test func imagesInTheUploadsFolderAreCopiedIntoTheLibraryAndStoriesShowTheCopies() async throws {
        let site = try await TestSite.make()
        let uploads = URL(fileURLWithPath: TemporaryDirectory.make())
        try FileManager.default.createDirectory(at: uploads.appendingPathComponent("2024/03"), withIntermediateDirectories: true)
        try TestImages.png.write(to: uploads.appendingPathComponent("2024/03/quay.jpg"))
        let library = mediaLibrary(site.configuration, storage: site.storage)
        let options = WordPressImporter.Options(planner: .init(timeZone: .gmt), maxDepth: 5, uploads: (uploads, library))
        let report = try await WordPressImporter.run(WXR.Reader(file: WordPressFixtures.gazette), into: site.storage, options: options, now: WordPressImportTests.now)
        #expect(report.counts["media"] == .init(created: 1, updated: 0, unchanged: 0))
        #expect(report.filesNotCopied == ["https://old.example/wp-content/uploads/2024/03/cranes.jpg (no 2024/03/cranes.jpg in \(uploads.path))"])

        let item = try #require(try await site.storage.media.items(query: nil, page: PageRequest(number: 1, size: 10)).items.first)
        #expect(item.alt == "The quay" && item.caption == "The quay at dawn" && item.credit == "Photo: Mara Lindqvist")
        let story = try #require(try await site.storage.articles.publishedArticle(slug: "harbour-reopens"))
        let media = SiteURL.media(file: .value(item.fileName)).path
        #expect(story.leadImage?.src == media && story.leadImage?.width == item.width && story.leadImage?.height == item.height)
        // The body showed WordPress's 300×200 copy; the library has the original, which it shows.
        #expect(story.bodyMarkdown.contains("](<\(media)>)"), "\(story.bodyMarkdown)")
        try await site.test { client in
            let file = try await client.execute(uri: media, method: .get)
            #expect(file.status == .ok)
        }

        let again = try await WordPressImporter.run(WXR.Reader(file: WordPressFixtures.gazette), into: site.storage, options: options, now: WordPressImportTests.now)
        #expect(again.counts["media"] == .init(created: 0, updated: 0, unchanged: 1))
        #expect(again.counts["stories"]?.unchanged == 8)
    }

    @Test(arguments: [
        ("https://old.example/wp-content/uploads/2024/03/quay.jpg", "2024/03/quay.jpg"), ("https://old.example/wp-content/uploads/a%20b.png?x=1", "a b.png"),
        ("https://old.example/wp-content/uploads/../../etc/passwd", nil), ("https://old.example/images/quay.jpg", nil),
    ])
    func onlyAnUploadsPathInsideTheFolderIsRead(url: String, relative: String?) {
        #expect(WordPressUploads.uploadPath(url) == relative)
    }

    @Test func aResizedCopysAddressLeadsToItsOriginal() {
        #expect(WordPressUploads.Copied.key("https://old.example/wp-content/uploads/2024/03/quay-300x200.jpg") == "https://old.example/wp-content/uploads/2024/03/quay.jpg")
        #expect(WordPressUploads.Copied.key("https://old.example/wp-content/uploads/2024/03/sea-level.jpg") == "https://old.example/wp-content/uploads/2024/03/sea-level.jpg")
    }
}

@Suite("WordPress import from the newsroom")
struct WordPressImportPageTests {
    @Test func anAdministratorUploadsReadsTheDryRunAndConfirms() async throws {
        let site = try await TestSite.make()
        _ = try await site.addUser(.admin)
        // A job waiting to run says so, and its page refreshes itself.
        let queued = try await site.storage.importJobs.queue(fileName: "later.xml", file: Data("<rss/>".utf8), dryRun: true, by: "Ada", at: Date())
        let waitingJob = try #require(try await site.storage.importJobs.job(id: queued))
        let waitingModel = ImportController<BylineRequestContext>.JobModel(job: waitingJob, when: "now", catalog: .source)
        #expect(waitingModel.stateLabel == "Waiting to start")
        let runner = ImportJobRunner(jobs: site.storage.importJobs, storage: site.storage, live: LiveConfiguration(base: site.configuration), logger: .init(label: "test"))
        let export = try Data(contentsOf: WordPressFixtures.gazette)
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "admin@example.com")
            let uploaded = try await staff.upload("/admin/import", [], file: (field: "file", name: "gazette.xml", data: export))
            #expect(uploaded.status == .seeOther)
            let jobPath = try #require(uploaded.headers[.location])
            let jobID = try #require(Int64(jobPath.split(separator: "/").last ?? ""))
            // The site's own runner may take the job first; either way it finishes.
            func finished(_ id: Int64) async throws -> Bool {
                _ = try await runner.runNext()
                return try await site.storage.importJobs.job(id: id)?.state == .done
            }
            try await waitUntil("the dry run finished") { try await finished(jobID) }
            let checked = String(buffer: try await staff.get(jobPath).body)
            #expect(checked.contains("Dry run: nothing was written.") && checked.contains("stories: 8 created"))
            #expect(try await site.storage.articles.publishedCount() == 0)

            let confirmed = try await staff.post(jobPath + "/confirm")
            #expect(confirmed.status == .seeOther)
            let importPath = try #require(confirmed.headers[.location])
            let importID = try #require(Int64(importPath.split(separator: "/").last ?? ""))
            try await waitUntil("the import finished") { try await finished(importID) }
            let imported = String(buffer: try await staff.get(importPath).body)
            #expect(imported.contains("Imported:") && imported.contains("Finished"))
            #expect(try await site.storage.articles.publishedCount() == 3)
            #expect(try await runner.runNext() == false)
            // A real import can't be confirmed again.
            #expect(try await staff.post(try #require(confirmed.headers[.location]) + "/confirm").status == .conflict)
        }
    }

    @Test func aFileThatIsNotAnExportIsRefusedInALineAndNothingIsQueued() async throws {
        let site = try await TestSite.make()
        _ = try await site.addUser(.admin)
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "admin@example.com")
            let refused = try await staff.upload("/admin/import", [], file: (field: "file", name: "photo.png", data: TestImages.png))
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("photo.png: the file is not XML"))
        }
        #expect(try await site.storage.importJobs.recent(limit: 5).isEmpty)
    }

    @Test func aJobWhoseNodeStoppedIsTakenUpAgainAndABrokenFileFailsWithItsReason() async throws {
        let storage = try await Backend.sqlite.makeStorage()
        let start = Date()
        let id = try await storage.importJobs.queue(fileName: "cut.xml", file: Data("<rss xmlns:wp=\"https://wordpress.org/export/1.2/\"><channel>".utf8), dryRun: false, by: "Ada", at: start)
        let claimed = try await storage.importJobs.claim(at: start, stale: start - 600)
        #expect(claimed?.job.id == id)
        // Claimed and then abandoned: nobody else takes it until it is stale.
        #expect(try await storage.importJobs.claim(at: start + 60, stale: start + 60 - 600) == nil)
        let again = try await storage.importJobs.claim(at: start + 700, stale: start + 700 - 600)
        #expect(again?.job.id == id)
        let configuration = try Configuration.resolve(Configuration.Input(), environment: [:])
        let runner = ImportJobRunner(jobs: storage.importJobs, storage: storage, live: LiveConfiguration(base: configuration), logger: .init(label: "test"))
        _ = try await storage.importJobs.queue(fileName: "cut.xml", file: Data("<rss xmlns:wp=\"https://wordpress.org/export/1.2/\"><channel>".utf8), dryRun: true, by: "Ada", at: start)
        #expect(try await runner.runNext())
        let failed = try #require(try await storage.importJobs.recent(limit: 1).first)
        #expect(failed.state == .failed && failed.report.hasPrefix("cut.xml: the file ends before the export does"))
    }
}

@Suite("WordPress import failures")
struct WordPressImportFailureTests {
    @Test(arguments: Backend.allCases)
    func aRefusedItemIsNamedByItsWordPressIDTitleAndFieldAndItsBatchIsNotStored(backend: Backend) async throws {
        let storage = try await backend.makeStorage()
        let comment = WordPressPlanner.Comment(
            wordpressID: 7, parentWordPressID: nil, authorName: "Rita", authorEmail: "rita@example.com", authorURL: "javascript:alert(1)", ip: nil,
            body: "Hello.", status: .approved, createdAt: Date())
        let story = WordPressPlanner.Story(
            wordpressID: 1, input: Fixtures.article("refused", externalID: "wordpress:1"), scheduledAt: nil, comments: [comment], oldPaths: ["/?p=1"])
        await #expect {
            try await storage.imports.apply(ImportBatch(source: "wordpress", stories: [story], maxDepth: 5), now: Date(), dryRun: false)
        } throws: { error in
            (error as? ImportItemFailure).map { failure in
                failure.item == "post 1 “Headline for refused”, comment 7" && failure.field == "wp:comment"
                    && failure.description.hasPrefix("post 1 “Headline for refused”, comment 7: wp:comment: the database refused the change")
            } ?? false
        }
        #expect(try await storage.articles.article(slug: "refused") == nil)
    }
}
