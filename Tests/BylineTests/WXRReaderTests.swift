@testable import Byline
import Foundation
import Testing

enum WordPressFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/WordPress")
    static let gazette = folder.appendingPathComponent("harbour-gazette-1.2.xml")

    /// The gazette as WXR 1.0 wrote it: the older, `http://` namespace.
    static func gazette10() throws -> Data {
        let text = try String(contentsOf: gazette, encoding: .utf8)
        return Data(text.replacingOccurrences(of: "https://wordpress.org/export/1.2/", with: "http://wordpress.org/export/1.0/").replacingOccurrences(of: "<wp:wxr_version>1.2", with: "<wp:wxr_version>1.0").utf8)
    }
}

@Suite("WordPress export reader")
struct WXRReaderTests {
    /// An import that stops at a failed batch leaves the reading thread parts ahead of it. That
    /// must end quietly: libdispatch kills the process when a semaphore is freed short of the
    /// room it started with, which is how this once crashed the test run.
    @Test func aConsumerThatStopsEarlyLeavesTheReaderToEndQuietly() async throws {
        let reader = WXR.Reader(file: WordPressFixtures.gazette)
        let all = try reader.parts().count
        for _ in 0..<10 {
            var taken = 0
            for try await _ in reader.stream(ahead: 2) {
                taken += 1
                if taken == 1 { break }
            }
            #expect(taken == 1)
        }
        // Time for each abandoned reading thread to see it was cancelled and let go.
        try await Task.sleep(for: .milliseconds(500))
        var streamed = 0
        for try await _ in reader.stream(ahead: 2) { streamed += 1 }
        #expect(streamed == all && all > 3)
    }

    @Test func theSiteAuthorsTermsAndItemsComeInTheFilesOrder() throws {
        let parts = try WXR.Reader(file: WordPressFixtures.gazette).parts()
        let site = try #require(parts.first.flatMap { if case .site(let site) = $0 { site } else { nil } })
        #expect(site == WXR.Site(title: "The Harbour Gazette", link: "https://old.example", description: "News from the coast", language: "en-GB", version: "1.2", baseSiteURL: "https://old.example", baseBlogURL: "https://old.example"))
        let authors = parts.compactMap { if case .author(let author) = $0 { author } else { nil } }
        #expect(authors.map(\.login) == ["mara", "bad name"])
        #expect(authors[0] == WXR.Author(id: 2, login: "mara", email: "mara@old.example", displayName: "Mara Lindqvist", firstName: "Mara", lastName: "Lindqvist"))
        let terms = parts.compactMap { if case .term(let term) = $0 { term } else { nil } }
        #expect(terms.count == 62)
        #expect(terms.first == WXR.Term(id: 1, taxonomy: "category", slug: "news", parent: "", name: "News", description: ""))
        #expect(terms.last == WXR.Term(id: 200, taxonomy: "post_tag", slug: "harbour", parent: "", name: "Harbour", description: ""))
        let items = parts.compactMap { if case .item(let item) = $0 { item } else { nil } }
        #expect(items.map(\.id) == [10, 11, 12, 20, 21, 22, 23, 24, 25, 26, 30, 31, 40])
    }

    @Test func anItemHasItsFieldsTermsMetaAndThreadedComments() throws {
        let items = try WXR.Reader(file: WordPressFixtures.gazette).parts().compactMap { if case .item(let item) = $0 { item } else { nil } }
        let post = try #require(items.first)
        #expect(post.title == "Harbour <em>reopens</em> after &amp; storm")
        #expect(post.link == "https://old.example/2024/03/01/harbour-reopens/")
        #expect(post.creator == "mara" && post.type == "post" && post.status == "publish" && post.name == "harbour-reopens")
        #expect(post.date == "2024-03-01 09:30:00" && post.dateGMT == "2024-03-01 08:30:00")
        #expect(post.excerpt == "Ships are back." && post.content.hasPrefix("The harbour reopened on Monday.\n\n[caption"))
        #expect(post.terms.first == WXR.ItemTerm(domain: "category", slug: "news", name: "News"))
        #expect(post.terms.last == WXR.ItemTerm(domain: "post_tag", slug: "harbour", name: "Harbour"))
        #expect(post.meta == ["_thumbnail_id": "11"])
        #expect(post.comments.count == 15)
        #expect(post.comments[0] == WXR.Comment(
            id: 1000, author: "Reader", email: "reader1000@example.com", url: "https://reader1000.example", ip: "192.0.2.0", date: "2024-03-01 10:10:00",
            dateGMT: "2024-03-01 09:10:00", content: "Reply at depth 1.", approved: "1", type: "comment", parent: nil, userID: nil))
        #expect(post.comments[9].parent == 1008)
        #expect(post.comments.map(\.approved).suffix(5) == ["0", "spam", "trash", "1", "1"])
        #expect(post.comments.map(\.type).suffix(2) == ["pingback", "trackback"])
        let attachment = items[1]
        #expect(attachment.type == "attachment" && attachment.parent == 10 && attachment.attachmentURL == "https://old.example/wp-content/uploads/2024/03/quay.jpg")
        #expect(attachment.meta["_wp_attachment_image_alt"] == "The quay")
        #expect(items.first { $0.id == 24 }?.password == "secret")
    }

    @Test func theOlderHTTPNamespaceReadsTheSame() throws {
        let new = try WXR.Reader(file: WordPressFixtures.gazette).parts()
        var old = try WXR.Reader(data: WordPressFixtures.gazette10()).parts()
        if case .site(var site) = old[0] {
            site.version = "1.2"
            old[0] = .site(site)
        }
        #expect(old == new)
    }

    @Test(arguments: [
        ("<html><body>Hi</body></html>", "this is not a WordPress export: its root element is <html>, not <rss>"),
        ("<rss version=\"2.0\"><channel><title>Feed</title><item><title>A</title></item></channel></rss>", "this is an RSS feed, not a WordPress export: it has no wp:wxr_version. Export the site from Tools → Export in WordPress"),
        ("<rss xmlns:wp=\"https://wordpress.org/export/1.2/\"><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>Cut", "the file ends before the export does (line 1, column 112): it looks truncated; copy or export it again"),
        ("<rss xmlns:wp=\"https://wordpress.org/export/1.2/\"><channel><title>A</link></channel></rss>", "the file is not well-formed XML: an end tag doesn't match its start tag at line 1, column 91"),
        ("PK\u{3}\u{4} a zip file", "the file is not XML: a WordPress export starts with <?xml … ?> and an <rss> element"),
        ("", "the file is empty; export again from Tools → Export in WordPress"),
        ("<?xml version=\"1.0\"?>\n<!-- exported -->\n<!DOCTYPE rss [<!ENTITY lol \"lol\">]><rss>&lol;</rss>", "the file has a document type declaration (<!DOCTYPE …>); a WordPress export never does, so it is not read"),
        ("\u{FEFF}<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss>&x;</rss>", "the file has a document type declaration (<!DOCTYPE …>); a WordPress export never does, so it is not read"),
    ])
    func aFileThatIsNotAWholeExportGetsOneLineSayingWhy(text: String, reason: String) {
        #expect(throws: WXR.Failure(reason: reason)) { try WXR.Reader(data: Data(text.utf8)).parts() }
    }

    @Test func anErrorFromWhatReadsThePartsStopsTheReading() {
        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try WXR.Reader(file: WordPressFixtures.gazette).read { _ in
                seen += 1
                if seen == 3 { throw Enough() }
            }
        }
        #expect(seen == 3)
    }
}
