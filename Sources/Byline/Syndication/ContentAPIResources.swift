import Foundation

/// What the Content API sends, one type per resource of `/api/openapi.json`. Optional fields
/// the description lists are sent as `null` when empty, never left out.
enum ContentAPIResources {
    // An article's authors and section are named as the import format names them.
    typealias Author = ArticleRecord.Person
    typealias SectionRef = ArticleRecord.SectionRef

    struct Image: Encodable, Sendable {
        var src: String
        var width: Int
        var height: Int
        var alt: String
    }

    /// An article in a list.
    struct Summary: Encodable, Sendable {
        var id: Int64
        var slug: String
        var headline: String
        var dek: String?
        var url: String
        var section: SectionRef
        var authors: [Author]
        var leadImage: Image?
        var publishedAt: String
        var updatedAt: String
        /// Search results only: the matching passage, with the terms marked.
        var snippetHTML: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(slug, forKey: .slug)
            try container.encode(headline, forKey: .headline)
            try container.encodeOrNull(dek, forKey: .dek)
            try container.encode(url, forKey: .url)
            try container.encode(section, forKey: .section)
            try container.encode(authors, forKey: .authors)
            try container.encodeOrNull(leadImage, forKey: .leadImage)
            try container.encode(publishedAt, forKey: .publishedAt)
            try container.encode(updatedAt, forKey: .updatedAt)
            try container.encodeIfPresent(snippetHTML, forKey: .snippetHTML)
        }

        private enum CodingKeys: String, CodingKey {
            case id, slug, headline, dek, url, section, authors, leadImage, publishedAt, updatedAt, snippetHTML
        }
    }

    /// One article whole: the import format, with what only the site knows.
    struct Article: Encodable, Sendable {
        var record: ArticleRecord
        var id: Int64
        var externalID: String?
        var bodyHTML: String
        var url: String?
        /// Sent after a write, for the next write to name.
        var version: Int?
        /// The story's other published versions.
        var translations: [Translation]

        struct Translation: Encodable, Sendable {
            var id: Int64
            var slug: String
            var headline: String
            var language: String
            var url: String
            var isOriginal: Bool
        }

        func encode(to encoder: any Encoder) throws {
            try record.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(translations, forKey: .translations)
            try container.encodeOrNull(externalID, forKey: .externalID)
            try container.encode(bodyHTML, forKey: .bodyHTML)
            try container.encodeOrNull(url, forKey: .url)
            try container.encodeIfPresent(version, forKey: .version)
        }

        private enum CodingKeys: String, CodingKey {
            case id, bodyHTML, url, version, translations
            case externalID = "externalId"
        }
    }

    struct Section: Encodable, Sendable {
        var id: Int64
        var slug: String
        var name: String
        var description: String
        var url: String
    }

    struct Person: Encodable, Sendable {
        var id: Int64
        var slug: String
        var name: String
        var bio: String
        var url: String
    }

    /// Someone the quote index knows.
    struct Speaker: Encodable, Sendable {
        var name: String
        var slug: String
        var kind: String
    }

    struct QuotedPerson: Encodable, Sendable {
        var id: Int64
        var slug: String
        var name: String
        var kind: String
        var description: String?
        var wikidataId: String?
        var aliases: [String]
        var quoteCount: Int
        var url: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(slug, forKey: .slug)
            try container.encode(name, forKey: .name)
            try container.encode(kind, forKey: .kind)
            try container.encodeOrNull(description, forKey: .description)
            try container.encodeOrNull(wikidataId, forKey: .wikidataId)
            try container.encode(aliases, forKey: .aliases)
            try container.encode(quoteCount, forKey: .quoteCount)
            try container.encode(url, forKey: .url)
        }

        private enum CodingKeys: String, CodingKey { case id, slug, name, kind, description, wikidataId, aliases, quoteCount, url }
    }

    /// A quote in a story; `speaker` is null for an unnamed source.
    struct Quote: Encodable, Sendable {
        var text: String
        var speaker: Speaker?
        var cue: String?
        var confirmed: Bool
        var scare: Bool
        var paragraph: Int

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
            try container.encodeOrNull(speaker, forKey: .speaker)
            try container.encodeOrNull(cue, forKey: .cue)
            try container.encode(confirmed, forKey: .confirmed)
            try container.encode(scare, forKey: .scare)
            try container.encode(paragraph, forKey: .paragraph)
        }

        private enum CodingKeys: String, CodingKey { case text, speaker, cue, confirmed, scare, paragraph }
    }

    struct ArticleQuotes: Encodable, Sendable {
        var quotes: [Quote]
    }

    /// A quote on a person's list, with the story it is from.
    struct PersonQuote: Encodable, Sendable {
        struct Story: Encodable, Sendable {
            var id: Int64
            var slug: String
            var headline: String
            var url: String
            var publishedAt: String
        }

        var text: String
        var cue: String?
        var confirmed: Bool
        var article: Story

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
            try container.encodeOrNull(cue, forKey: .cue)
            try container.encode(confirmed, forKey: .confirmed)
            try container.encode(article, forKey: .article)
        }

        private enum CodingKeys: String, CodingKey { case text, cue, confirmed, article }
    }

    /// A list, and where it goes on when there is more.
    struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
        var data: [Item]
        var nextCursor: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(data, forKey: .data)
            try container.encodeOrNull(nextCursor, forKey: .nextCursor)
        }

        private enum CodingKeys: String, CodingKey { case data, nextCursor }
    }

    /// A whole list, with nothing after it.
    struct List<Item: Encodable & Sendable>: Encodable, Sendable {
        var data: [Item]
    }

    struct SearchResults: Encodable, Sendable {
        var data: [Summary]
        var total: Int
        var page: Int
        var pageCount: Int
    }

    /// `{"error": {...}}`, the shape of every failure.
    struct Failure: Encodable, Sendable {
        struct Field: Encodable, Sendable {
            var field: String
            var message: String
        }

        struct Body: Encodable, Sendable {
            var status: Int
            var code: String
            var message: String
            var fields: [Field]?
            var currentVersion: Int?
        }

        var error: Body
    }

    /// The API's JSON text: keys sorted, so that the same article is always the same bytes
    /// (ETags stay put), and slashes in URLs left alone.
    static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
