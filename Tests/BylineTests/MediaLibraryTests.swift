@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Images are judged by their bytes")
struct ImageFileTests {
    @Test func pngGifAndJpegReportTheirSize() throws {
        #expect(ImageFile(TestImages.png) == ImageFile(format: .png, width: 3, height: 2))
        #expect(ImageFile(TestImages.gif) == ImageFile(format: .gif, width: 640, height: 480))
        let jpeg = try #require(ImageFile(try TestImages.jpeg))
        #expect(jpeg.format == .jpeg && jpeg.width > 0 && jpeg.height > 0)
    }

    @Test func theThreeKindsOfWebPReportTheirSize() {
        func riff(_ chunk: String, _ payload: [UInt8]) -> Data {
            Data(Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8) + Array(chunk.utf8) + [0, 0, 0, 0] + payload + [UInt8](repeating: 0, count: 16))
        }
        // Lossy: a key frame's start code, then 14-bit width 400 and height 300.
        let lossy = riff("VP8 ", [0x9D, 0x00, 0x00, 0x9D, 0x01, 0x2A, 0x90, 0x01, 0x2C, 0x01])
        // Lossless: signature 0x2F, then (width-1) and (height-1) in 14 bits each: 100×50.
        let bits = UInt32(99) | UInt32(49) << 14
        let lossless = riff("VP8L", [0x2F, UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24 & 0xFF)])
        // Extended: flags, then 24-bit (width-1) and (height-1): 1920×1080.
        let extended = riff("VP8X", [0, 0, 0, 0, 0x7F, 0x07, 0x00, 0x37, 0x04, 0x00])
        #expect(ImageFile(lossy) == ImageFile(format: .webp, width: 400, height: 300))
        #expect(ImageFile(lossless) == ImageFile(format: .webp, width: 100, height: 50))
        #expect(ImageFile(extended) == ImageFile(format: .webp, width: 1920, height: 1080))
    }

    @Test(arguments: [
        Data("<html><script>alert(1)</script></html>".utf8), Data("GIF8".utf8), Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00]), Data(),
        Data("%PDF-1.7 a document".utf8),
    ])
    func anythingElseIsRefused(data: Data) {
        #expect(ImageFile(data) == nil)
    }
}

extension ImageFile {
    init(format: Format, width: Int, height: Int) {
        var png = TestImages.png
        self = ImageFile(png)!
        png.removeAll()
        self.format = format
        self.width = width
        self.height = height
    }
}

/// The library against each place its bytes can live.
@Suite("Media library contract")
struct MediaLibraryContractTests {
    enum Store: String, CaseIterable, CustomStringConvertible {
        case directory, sqliteDatabase, postgresDatabase
        var description: String { rawValue }
    }

    private func library(_ store: Store, maxBytes: Int = 1_048_576) async throws -> (MediaLibrary, Storage) {
        let storage = try await (store == .postgresDatabase ? Backend.postgres : Backend.sqlite).makeStorage()
        let bytes: any MediaStore = store == .directory ? DirectoryMediaStore(directory: TemporaryDirectory.make()) : storage.mediaBlobs
        return (MediaLibrary(media: storage.media, store: bytes, maxBytes: maxBytes), storage)
    }

    @Test(arguments: Store.allCases)
    func anUploadIsStoredUnderItsContentHashAndReadBack(store: Store) async throws {
        let (library, _) = try await library(store)
        let item = try await library.upload(TestImages.png, originalName: "photo.jpg", alt: "A pixel", by: nil)
        #expect(item.format == .png && item.width == 3 && item.height == 2, "the content decides, not the name")
        #expect(item.fileName.hasSuffix(".png") && item.fileName.count == 44)
        let (found, data) = try #require(try await library.file(named: item.fileName))
        #expect(found.id == item.id && data == TestImages.png)
        let again = try await library.upload(TestImages.png, originalName: "copy.png", by: nil)
        #expect(again.id == item.id, "the same file twice is one item")
    }

    @Test(arguments: Store.allCases)
    func aRefusedUploadLeavesNothingBehind(store: Store) async throws {
        let (library, storage) = try await library(store, maxBytes: 20)
        await #expect(throws: MediaLibrary.UploadProblem.self) { _ = try await library.upload(TestImages.png, originalName: "big.png", by: nil) }
        await #expect(throws: MediaLibrary.UploadProblem.self) { _ = try await library.upload(Data("<svg/>".utf8), originalName: "x.png", by: nil) }
        #expect(try await storage.media.items(query: nil, page: .init(number: 1, size: 10)).totalCount == 0)
    }

    @Test(arguments: Store.allCases)
    func anImageAnArticleShowsCannotBeDeleted(store: Store) async throws {
        let (library, storage) = try await library(store)
        let item = try await library.upload(TestImages.gif, originalName: "chart.gif", caption: "Turnout by district", by: nil)
        var article = Fixtures.article("vote")
        article.leadImage = LeadImage(src: item.url, width: item.width, height: item.height, alt: "A chart")
        _ = try await storage.articles.save([article], now: Date())
        #expect(try await library.delete(id: item.id) == .inUse(headlines: ["Headline for vote"]))
        #expect(try await library.file(named: item.fileName) != nil)

        article.leadImage = nil
        article.bodyMarkdown = "See ![the chart](\(item.url))."
        _ = try await storage.articles.save([article], now: Date())
        #expect(try await library.delete(id: item.id) == .inUse(headlines: ["Headline for vote"]), "a body that shows it counts too")

        article.bodyMarkdown = "No chart."
        _ = try await storage.articles.save([article], now: Date())
        #expect(try await library.delete(id: item.id) == .deleted)
        #expect(try await library.file(named: item.fileName) == nil)
    }

    @Test(arguments: Store.allCases)
    func theLibraryIsSearchedByCaption(store: Store) async throws {
        let (library, storage) = try await library(store)
        _ = try await library.upload(TestImages.gif, originalName: "a.gif", caption: "Harbour cranes at 100% dusk", by: nil)
        _ = try await library.upload(TestImages.png, originalName: "b.png", caption: "Council chamber", by: nil)
        let found = try await storage.media.items(query: "cranes", page: .init(number: 1, size: 10))
        #expect(found.items.map(\.caption) == ["Harbour cranes at 100% dusk"])
        #expect(try await storage.media.items(query: "100%", page: .init(number: 1, size: 10)).totalCount == 1)
        #expect(try await storage.media.items(query: "%", page: .init(number: 1, size: 10)).totalCount == 1, "wildcards are taken literally")
    }
}

@Suite("Media library in the admin")
struct AdminMediaTests {
    private func site() async throws -> TestSite {
        let site = try await TestSite.make(articles: [Fixtures.article("harbour")])
        try await site.addUser(.author)
        try await site.addUser(.editor)
        return site
    }

    @Test func anUploadIsServedWithImmutableCacheHeaders() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "author@example.com")
            let response = try await staff.upload("/admin/media", [("alt", "A pixel"), ("caption", "Tiny")], file: ("file", "tiny.png", TestImages.png))
            #expect(response.status == .seeOther)
            let item = try #require(try await site.storage.media.items(query: nil, page: .init(number: 1, size: 1)).items.first)
            let image = try await client.execute(uri: item.url, method: .get)
            #expect(image.status == .ok && Data(buffer: image.body) == TestImages.png)
            #expect(image.headers[.contentType] == "image/png")
            #expect(image.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(image.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(try await client.execute(uri: item.url, method: .get, headers: [.ifNoneMatch: image.headers[.eTag]!]).status == .notModified)
            let traversal = try await client.execute(uri: "/media/..%2Fbyline.sqlite", method: .get)
            #expect([.notFound, .badRequest].contains(traversal.status), "got \(traversal.status)")
        }
    }

    @Test func aFileThatIsNotAnImageGetsAClearMessage() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "author@example.com")
            let response = try await staff.upload("/admin/media", [("caption", "Kept caption")], file: ("file", "evil.jpg", Data("<script>x</script>".utf8)))
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("is not a JPEG, PNG, WebP or GIF image"))
            #expect(response.text.contains("value=\"Kept caption\""))
        }
    }

    @Test func anUploadOverTheLimitIsRefusedWith413() async throws {
        var site = try await site()
        site.configuration.mediaMaxBytes = 100
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "author@example.com")
            let response = try await staff.upload("/admin/media", [], file: ("file", "big.jpg", try TestImages.jpeg))
            #expect(response.status == .contentTooLarge)
        }
        #expect(try await site.storage.media.items(query: nil, page: .init(number: 1, size: 1)).totalCount == 0)
    }

    @Test func anImageInUseCannotBeDeletedFromTheAdmin() async throws {
        let site = try await site()
        try await site.test { client in
            let author = try await StaffClient.signIn(client, email: "author@example.com")
            _ = try await author.upload("/admin/media", [("alt", "x")], file: ("file", "tiny.png", TestImages.png))
            let item = try #require(try await site.storage.media.items(query: nil, page: .init(number: 1, size: 1)).items.first)
            var article = Fixtures.article("harbour")
            article.leadImage = LeadImage(src: item.url, width: 3, height: 2, alt: "x")
            _ = try await site.storage.articles.save([article], now: Date())
            let editor = try await StaffClient.signIn(client, email: "editor@example.com")
            let refused = try await editor.post("/admin/media/\(item.id)/delete")
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("This image is still used by an article"))
        }
    }

    @Test func theEditorUploadsALeadImageWithTheArticle() async throws {
        let site = try await site()
        try await site.test { client in
            let staff = try await StaffClient.signIn(client, email: "editor@example.com")
            let response = try await staff.upload("/admin/articles", [
                ("headline", "With a picture"), ("section", "world"), ("authors", "Mara Lindqvist"), ("body", "Text."), ("intent", "publish"),
                ("lead_image_alt", "Cranes at dusk"), ("lead_image_caption", "The harbour."),
            ], file: ("lead_image_file", "cranes.gif", TestImages.gif))
            #expect(response.status == .seeOther)
            let article = try #require(try await site.storage.articles.publishedArticle(slug: "with-a-picture"))
            #expect(article.leadImage?.width == 640 && article.leadImage?.height == 480 && article.leadImage?.alt == "Cranes at dusk")
            #expect(article.leadImage?.src.hasPrefix("/media/") == true)
        }
    }
}
