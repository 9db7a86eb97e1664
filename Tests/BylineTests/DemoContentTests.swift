import Byline
import Foundation
import Testing

@Suite("Demo newsroom")
struct DemoContentTests {
    private func configuration(demo: Bool, directory: String = TemporaryDirectory.make()) throws -> Configuration {
        var input = Configuration.Input()
        input[.dataDirectory] = directory
        input.noDemo = !demo
        return try Configuration.resolve(input, environment: [:])
    }

    /// Width and height from a baseline or progressive JPEG's start-of-frame segment.
    private func jpegSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        var index = 2
        while index + 9 < bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            if (0xC0...0xC2).contains(marker) {
                return (Int(bytes[index + 7]) << 8 | Int(bytes[index + 8]), Int(bytes[index + 5]) << 8 | Int(bytes[index + 6]))
            }
            index += 2 + length
        }
        return nil
    }

    // MARK: Tests

    @Test func aNewSiteGetsTwelveStoriesInFourSectionsByThreeAuthors() async throws {
        let now = Date()
        let storage = try await openStorage(try configuration(demo: true), now: now)

        let stories = try await storage.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 50))
        #expect(stories.totalCount == 12)
        #expect(try await storage.taxonomy.sections().count == 4)
        #expect(Set(stories.items.flatMap(\.authors).map(\.slug)).count == 3)
        // Dates are moved so the demo always looks current, and never lie in the future.
        let newest = try #require(stories.items.first)
        #expect(newest.updatedAt <= now && newest.updatedAt > now.addingTimeInterval(-2 * 3600))
        #expect(stories.items.allSatisfy { $0.publishedAt <= now })
    }

    @Test func demoStoriesHaveImagesCorrectionsAndWireCredits() async throws {
        let storage = try await openStorage(try configuration(demo: true))
        let stories = try await storage.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 50)).items
        var articles: [Article] = []
        for story in stories { articles.append(try #require(try await storage.articles.publishedArticle(slug: story.slug))) }

        #expect(articles.allSatisfy { $0.leadImage != nil && !$0.bodyMarkdown.isEmpty })
        #expect(articles.contains { !$0.corrections.isEmpty })
        #expect(articles.contains { if case .wires = $0.credit { true } else { false } })
        #expect(articles.contains { $0.bodyMarkdown.contains("“") })
    }

    @Test func everyDemoImageIsARealFileOfTheDeclaredSize() async throws {
        let storage = try await openStorage(try configuration(demo: true))
        let stories = try await storage.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 50)).items
        for image in stories.compactMap(\.leadImage) {
            let path = BundledResources.defaultTheme + "/assets" + image.src.dropFirst("/assets".count)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let size = try #require(jpegSize(data), "\(path) is not a JPEG")
            #expect(size.width == image.width && size.height == image.height, "\(path)")
            #expect(!image.alt.isEmpty)
        }
    }

    @Test func theDemoIsSeededOnFirstStartOnly() async throws {
        let directory = TemporaryDirectory.make()
        let first = try await openStorage(try configuration(demo: true, directory: directory), now: Fixtures.publishedAt)
        let before = try await first.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 1)).items.first

        let second = try await openStorage(try configuration(demo: true, directory: directory), now: Fixtures.publishedAt.addingTimeInterval(86400))

        #expect(first.isNew && !second.isNew)
        let after = try await second.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 1))
        #expect(after.totalCount == 12)
        #expect(after.items.first?.publishedAt == before?.publishedAt, "a restart must not move the demo's dates")
    }

    @Test func noDemoStartsAnEmptySite() async throws {
        let storage = try await openStorage(try configuration(demo: false))
        #expect(storage.isNew)
        #expect(try await storage.articles.publishedSummaries(.all, page: PageRequest(number: 1, size: 1)).totalCount == 0)
    }
}
