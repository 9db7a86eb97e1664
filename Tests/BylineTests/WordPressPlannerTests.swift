@testable import Byline
import Foundation
import Testing

/// What each item of the Harbour Gazette's export becomes, before anything is stored.
@Suite("WordPress import plan")
struct WordPressPlannerTests {
    struct Planned {
        var planner: WordPressPlanner
        var items: [Int: WordPressPlanner.Planned]
        var report: WordPressImportReport

        func story(_ id: Int) throws -> WordPressPlanner.Story {
            try #require(items[id].flatMap { if case .story(let story) = $0 { story } else { nil } }, "no story for \(id)")
        }

        func page(_ id: Int) throws -> WordPressPlanner.StandingPage {
            try #require(items[id].flatMap { if case .page(let page) = $0 { page } else { nil } }, "no page for \(id)")
        }
    }

    static func planned(_ options: WordPressPlanner.Options = .init(timeZone: TimeZone(identifier: "Europe/Stockholm")!)) throws -> Planned {
        let reader = WXR.Reader(file: WordPressFixtures.gazette)
        var inventory = WordPressInventory()
        try reader.read { inventory.take($0) }
        let planner = try WordPressPlanner(inventory, options: options)
        var report = WordPressImportReport()
        var items: [Int: WordPressPlanner.Planned] = [:]
        try reader.read { part in
            if case .item(let item) = part, let planned = planner.plan(item, report: &report) { items[item.id!] = planned }
        }
        return Planned(planner: planner, items: items, report: report)
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func aPublishedPostIsAStoryWithItsAuthorSectionTagsLeadImageAndOldAddresses() throws {
        let story = try Self.planned().story(10)
        let input = story.input
        #expect(input.externalID == "wordpress:10" && input.slug == "harbour-reopens" && input.status == .published)
        #expect(input.headline == "Harbour reopens after & storm")
        #expect(input.dek == "Ships are back.")
        #expect(input.authors == [ArticleInput.AuthorRef(slug: "mara-lindqvist", name: "Mara Lindqvist")])
        #expect(input.section == ArticleInput.SectionRef(slug: "news", name: "News"))
        #expect(input.tags == [ArticleInput.TagRef(slug: "harbour", name: "Harbour")])
        #expect(input.publishedAt == Self.date("2024-03-01T08:30:00Z"))
        #expect(input.leadImage == LeadImage(
            src: "https://old.example/wp-content/uploads/2024/03/quay.jpg", width: 1600, height: 1067, alt: "The quay", caption: "The quay at dawn",
            credit: "Photo: Mara Lindqvist"))
        #expect(story.oldPaths == ["/?p=10", "/2024/03/01/harbour-reopens/"])
    }

    @Test func thePostsShortcodesBecomeAFigureAndAGalleryWithNoShortcodeTextLeft() throws {
        let planned = try Self.planned()
        let body = try planned.story(10).input.bodyMarkdown
        let html = StoryBody.parse(body).html(.commonMark)
        #expect(html.contains("<figure class=\"story-figure\">\n<img src=\"https://old.example/wp-content/uploads/2024/03/quay.jpg\" alt=\"The quay\" />\n<figcaption>The quay at dawn</figcaption>"), "\(html)")
        #expect(html.contains("<div class=\"story-gallery\">"))
        #expect(html.contains("cranes.jpg"))
        #expect(!body.contains("[caption") && !body.contains("[gallery") && !body.contains("unknown_widget") && !body.contains("more"))
        #expect(planned.report.shortcodesRemoved == ["unknown_widget": 1])
    }

    @Test func commentsKeepTheirThreadingStatusAndPrivateFieldsAndPingbacksAreOnlyCounted() throws {
        let planned = try Self.planned()
        let comments = try planned.story(10).comments
        #expect(comments.count == 13)
        #expect(comments.prefix(10).map(\.parentWordPressID) == [nil] + (1000...1008).map { Optional($0) })
        #expect(comments.suffix(3).map(\.status) == [.pending, .spam, .trash])
        #expect(comments[0] == WordPressPlanner.Comment(
            wordpressID: 1000, parentWordPressID: nil, authorName: "Reader", authorEmail: "reader1000@example.com", authorURL: "https://reader1000.example",
            ip: "192.0.2.0", body: "Reply at depth 1.", status: .approved, createdAt: Self.date("2024-03-01T09:10:00Z")))
        #expect(planned.report.skipped["pingbacks (counted, not imported as comments)"] == 1)
        #expect(planned.report.skipped["trackbacks (counted, not imported as comments)"] == 1)
    }

    @Test func sixtyCategoriesMakeTenSectionsAndEveryOtherCategoryATag() throws {
        let planned = try Self.planned()
        #expect(planned.planner.sections.count == 10)
        #expect(planned.planner.sections["news"] == "News")
        let crowded = try planned.story(20).input
        // Topic 1 sits under News; Topic 2 is a section in its own right, so it is the home.
        #expect(crowded.section.slug == "topic-2")
        // All 60 of its categories are still on it: one as its section, the rest as tags.
        #expect(crowded.tags.count == 59)
        #expect(Set(crowded.tags.map(\.slug)) == Set((1...60).map { "topic-\($0)" }).subtracting(["topic-2"]))
    }

    @Test func thePrimaryCategoryAnEditorChoseDecidesTheSection() throws {
        let planned = try Self.planned()
        var item = try #require(try WXR.Reader(file: WordPressFixtures.gazette).parts().lazy.compactMap { part -> WXR.Item? in
            if case .item(let item) = part, item.id == 20 { item } else { nil }
        }.first)
        // Yoast SEO's primary category: Topic 1 (term 101), which sits under News.
        item.meta["_yoast_wpseo_primary_category"] = "101"
        var report = WordPressImportReport()
        let story = try #require(planned.planner.plan(item, report: &report).flatMap { if case .story(let story) = $0 { story } else { nil } })
        #expect(story.input.section.slug == "news")
        #expect(story.input.tags.map(\.slug).contains("topic-2") && !story.input.tags.map(\.slug).contains("news"))
    }

    @Test func namedSectionsAreExactlyThoseAndAnUnknownOneIsRefusedWithTheChoices() throws {
        let planned = try Self.planned(.init(sections: ["topic-2", "news"]))
        #expect(planned.planner.sections == ["topic-2": "Topic 2", "news": "News"])
        #expect(try planned.story(20).input.section.slug == "topic-2")
        #expect(try planned.story(10).input.section.slug == "news")
        var inventory = WordPressInventory()
        try WXR.Reader(file: WordPressFixtures.gazette).read { inventory.take($0) }
        #expect(throws: WordPressPlanner.Failure.self) { try WordPressPlanner(inventory, options: .init(sections: ["sport"])) }
    }

    @Test func statusesBecomeDraftsScheduledOrPublishedAndWhatChangedIsNoted() throws {
        let planned = try Self.planned()
        let scheduled = try planned.story(21)
        #expect(scheduled.input.status == .draft && scheduled.scheduledAt == Self.date("2030-01-01T08:00:00Z"))
        for id in [22, 23, 24, 25] { #expect(try planned.story(id).input.status == .draft, "post \(id)") }
        #expect(planned.report.notes.contains("post 24 “Members only”: password-protected on WordPress, imported as a draft so that it stays unpublished"))
        #expect(planned.report.notes.contains("post 25 “Private note”: private on WordPress, imported as a draft"))
        // A draft has no GMT date in the export: its local date is read in the site's zone.
        #expect(try planned.story(22).input.updatedAt == Self.date("2024-03-01T08:30:00Z"))
        #expect(try planned.story(22).input.slug == "a-draft")
    }

    @Test func anEmptyTitleIsHeadlinedWithTheFirstWordsAndAMalformedAuthorNameIsCleaned() throws {
        let planned = try Self.planned()
        let untitled = try planned.story(20).input
        #expect(untitled.headline == "A post with no title." && untitled.slug == "a-post-with-no-title")
        #expect(planned.report.notes.contains("post 20: no title on WordPress; headlined \"A post with no title.\""))
        #expect(try planned.story(23).input.authors == [ArticleInput.AuthorRef(slug: "ana-ortiz", name: "Ana Ortiz")])
    }

    @Test func nextPageIsARuleAndScriptsFramesAndScriptLinksAreGone() throws {
        let planned = try Self.planned()
        let html = StoryBody.parse(try planned.story(26).input.bodyMarkdown).html(.commonMark)
        #expect(html == "<p>Page one.</p>\n<hr />\n<p>Page two. Click</p>\n")
        #expect(planned.report.elementsRemoved == ["script": 1, "iframe from ads.example": 1])
    }

    @Test func pagesKeepTheirHierarchyAndOtherPostTypesAreCountedAsSkipped() throws {
        let planned = try Self.planned()
        let staff = try planned.page(31)
        #expect(staff.parentWordPressID == 30 && staff.slug == "staff" && staff.title == "Our staff")
        #expect(staff.oldPaths == ["/?page_id=31", "/about/staff/", "/?p=31"])
        #expect(try planned.page(30).parentWordPressID == nil)
        #expect(planned.report.skipped[WordPressPlanner.skippedKind("nav_menu_item")] == 1)
        #expect(planned.items[11] == nil && planned.items[12] == nil)
    }
}
