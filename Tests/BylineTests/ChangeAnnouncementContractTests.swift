@testable import Byline
import Foundation
import Synchronization
import Testing

/// Every write that changes what readers see is announced by the transaction that makes it:
/// this node's caches hear of it before the write returns, and a `cache.purge` delivery is
/// queued with it. A write path that forgot to announce would leave stale pages here, on
/// other nodes and in the CDN, so each one is tried on each backend.
@Suite("Announcing changes")
struct ChangeAnnouncementContractTests {
    /// The changes published on a broadcaster, as they arrive.
    final class Heard: ContentChangeObserver {
        private let changes = Mutex<[ContentChange]>([])
        func apply(_ change: ContentChange) { changes.withLock { $0.append(change) } }
        var all: [ContentChange] { changes.withLock { $0 } }
    }

    /// A write to public content, and the cache key it must announce.
    enum Write: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case importArticle, editorSave, editorDelete, scheduledPublication
        case approvedComment, moderation, commentEdit, commentDeletion
        case newSection, sectionRename, tagRename, tagMerge, settings

        var testDescription: String { rawValue }

        /// What the write needs besides the site's one published story: a comment to moderate,
        /// or a draft to schedule. Returns its ID.
        func prepare(_ storage: Storage, given article: Int64) async throws -> Int64 {
            switch self {
            case .moderation, .commentEdit, .commentDeletion:
                return try await Self.comment(on: article, in: storage).id
            case .scheduledPublication:
                let saved = try await storage.articles.save([Fixtures.article("later", status: .draft, publishedAt: nil)], now: Date())
                return try #require(saved.first).id
            default:
                return article
            }
        }

        /// Performs the write; returns the key that must be announced.
        func perform(on storage: Storage, given article: Int64, prepared id: Int64) async throws -> String {
            let now = Date()
            let editor = Editor(userID: nil, name: "Ana Editor")
            switch self {
            case .importArticle:
                _ = try await storage.articles.save([Fixtures.article("given", headline: "A new headline")], now: now)
                return ContentChange.articleKey(article)
            case .editorSave, .scheduledPublication:
                var document = ArticleDocument()
                document.headline = self == .editorSave ? "Written in the editor" : "Headline for later"
                document.section = "world"
                document.authors = ["Mara Lindqvist"]
                document.body = "Body text."
                let sections = try await storage.taxonomy.sections()
                let status: Article.Status = self == .editorSave ? .published : .draft
                let result = try await storage.editorial.save(
                    EditorialSave(
                        articleID: self == .editorSave ? nil : id, input: document.input(status: status, sections: sections, externalID: nil),
                        document: document, expectedVersion: nil, scheduledAt: self == .editorSave ? nil : now.addingTimeInterval(-1), editor: editor,
                        note: "Saved"
                    ),
                    now: now
                )
                guard case .saved(let saved, _) = result else { throw Refused(result: "\(result)") }
                if self == .scheduledPublication { #expect(try await storage.editorial.publishDue(at: now) == [saved]) }
                return ContentChange.articleKey(saved)
            case .editorDelete:
                _ = try await storage.editorial.delete(id: article)
                return ContentChange.articleKey(article)
            case .approvedComment:
                _ = try await Self.comment(on: article, in: storage)
                return ContentChange.commentsKey(article)
            case .moderation:
                _ = try await storage.comments.setStatus([id], to: .spam, by: "Mo", reason: "spam", at: now)
                return ContentChange.commentsKey(article)
            case .commentEdit:
                _ = try await storage.comments.edit(id: id, body: "Edited.", by: "Mo", at: now)
                return ContentChange.commentsKey(article)
            case .commentDeletion:
                _ = try await storage.comments.delete([id])
                return ContentChange.commentsKey(article)
            case .newSection:
                _ = try await storage.taxonomy.createSection(slug: "culture", name: "Culture", description: "")
                return ContentChange.taxonomyKey
            case .sectionRename:
                let section = try #require(try await storage.taxonomy.section(slug: "world"))
                _ = try await storage.taxonomy.updateSection(id: section.id, slug: "planet", name: "Planet", description: "")
                return ContentChange.taxonomyKey
            case .tagRename:
                let tag = try #require(try await storage.taxonomy.tag(slug: "energy"))
                _ = try await storage.taxonomy.renameTag(id: tag.id, slug: "power", name: "Power")
                return ContentChange.tagKey(tag.id)
            case .tagMerge:
                let tag = try #require(try await storage.taxonomy.tag(slug: "energy"))
                let target = try #require(try await storage.taxonomy.tag(slug: "diplomacy"))
                _ = try await storage.taxonomy.mergeTag(id: tag.id, into: target.id)
                return ContentChange.tagKey(tag.id)
            case .settings:
                try await storage.settings.save(SiteSettings(values: ["site_name": "The Harbour Herald"]), by: "Ada Admin", at: now)
                return ContentChange.settingsKey
            }
        }

        private static func comment(on article: Int64, in storage: Storage) async throws -> Byline.Comment {
            try await storage.comments.add(
                NewComment(
                    articleID: article, parentID: nil, authorName: "Rita Reader", authorEmail: "rita@example.com", authorURL: nil,
                    body: "A fine story.", status: .approved, reason: "", ip: nil, userAgent: nil, createdAt: Date()
                ),
                maxDepth: 5
            )
        }
    }

    struct Refused: Error {
        var result: String
    }

    // MARK: Tests

    @Test(arguments: Backend.allCases, Write.allCases)
    func everyPublicWriteIsAnnouncedHereAndQueuedForTheCDN(backend: Backend, write: Write) async throws {
        // Given a site with one published story, a cache.purge webhook and an ear on this node
        let storage = try await backend.makeStorage()
        let article = try #require(
            try await storage.articles.save([Fixtures.article("given", tags: ["Energy", "Diplomacy"])], now: Fixtures.publishedAt).first
        ).id
        let webhook = try await storage.webhooks.add(url: "https://cdn.example/purge", events: [.cachePurge], secret: String(repeating: "s", count: 32), at: Date())
        let prepared = try await write.prepare(storage, given: article)
        func purges() async throws -> Int {
            try await storage.webhooks.deliveries(webhookID: webhook.id, limit: 50).filter { $0.event == WebhookEvent.cachePurge.rawValue }.count
        }
        let purgesBefore = try await purges()
        let heard = Heard()
        storage.changes.observe(heard)

        // When the write is made
        let key = try await write.perform(on: storage, given: article, prepared: prepared)

        // Then this node heard of it before the write returned, and the CDN will too
        #expect(heard.all.contains { $0.affects(key) }, "\(write) announced \(heard.all), not \(key)")
        let queued = try await purges() - purgesBefore
        #expect(queued > 0, "no cache.purge delivery was queued")
        #expect(queued == heard.all.count, "every announcement queues one purge: \(queued) for \(heard.all)")
    }
}
