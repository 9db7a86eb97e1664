import Foundation

/// An article in the import format (README, "Importing articles"): what
/// `byline articles import` reads, what a Content API PATCH is merged into, and the core of
/// the API's article representation. Absent optional values are written as `null`, so a
/// reader sees every field the format has.
public struct ArticleRecord: Encodable, Sendable {
    struct Person: Encodable, Sendable {
        var name: String
        var slug: String
    }

    struct SectionRef: Encodable, Sendable {
        var slug: String
        var name: String
    }

    struct CreditRef: Encodable, Sendable {
        var kind: Credit.Kind
        /// The agency or syndicator; staff copy has none.
        var agency: String?
    }

    struct Image: Encodable, Sendable {
        var src: String
        var width: Int
        var height: Int
        var alt: String
        var caption: String?
        var credit: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(src, forKey: .src)
            try container.encode(width, forKey: .width)
            try container.encode(height, forKey: .height)
            try container.encode(alt, forKey: .alt)
            try container.encodeOrNull(caption, forKey: .caption)
            try container.encodeOrNull(credit, forKey: .credit)
        }

        private enum CodingKeys: String, CodingKey { case src, width, height, alt, caption, credit }
    }

    struct CorrectionRef: Encodable, Sendable {
        var kind: Correction.Kind
        var text: String
        var date: String
    }

    struct Comments: Encodable, Sendable {
        var open: Bool
        var closesAt: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(open, forKey: .open)
            try container.encodeOrNull(closesAt, forKey: .closesAt)
        }

        private enum CodingKeys: String, CodingKey { case open, closesAt }
    }

    /// The source's own identifier, when the story came with one.
    var id: String?
    var slug: String
    var headline: String
    var dek: String?
    var authors: [Person]
    var dateline: String?
    var credit: CreditRef
    var section: SectionRef
    var tags: [String]
    var leadImage: Image?
    var body: String
    var status: Article.Status
    var publishedAt: String?
    var updatedAt: String
    var displayDate: String?
    var corrections: [CorrectionRef]
    var comments: Comments
    var language: String?
    var translationOf: String?

    public init(_ article: Article) {
        let date = { (date: Date) in ISO8601.string(from: date, in: .gmt) }
        id = article.externalID
        slug = article.slug
        headline = article.headline
        dek = article.dek
        authors = article.authors.map { Person(name: $0.name, slug: $0.slug) }
        dateline = article.dateline
        credit = article.credit.source.map { CreditRef(kind: article.credit.kind, agency: $0) } ?? CreditRef(kind: .staff)
        section = SectionRef(slug: article.section.slug, name: article.section.name)
        tags = article.tags.map(\.name)
        leadImage = article.leadImage.map { Image(src: $0.src, width: $0.width, height: $0.height, alt: $0.alt, caption: $0.caption, credit: $0.credit) }
        body = article.bodyMarkdown
        status = article.status
        publishedAt = article.publishedAt.map(date)
        updatedAt = date(article.updatedAt)
        displayDate = article.displayDate.map(date)
        corrections = article.corrections.map { CorrectionRef(kind: $0.kind, text: $0.text, date: date($0.date)) }
        comments = Comments(open: article.comments.open, closesAt: article.comments.closesAt.map(date))
        language = article.language
        translationOf = article.translationOf?.slug
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(slug, forKey: .slug)
        try container.encode(headline, forKey: .headline)
        try container.encodeOrNull(dek, forKey: .dek)
        try container.encode(authors, forKey: .authors)
        try container.encodeOrNull(dateline, forKey: .dateline)
        try container.encode(credit, forKey: .credit)
        try container.encode(section, forKey: .section)
        try container.encode(tags, forKey: .tags)
        try container.encodeOrNull(leadImage, forKey: .leadImage)
        try container.encode(body, forKey: .body)
        try container.encode(status, forKey: .status)
        try container.encodeOrNull(publishedAt, forKey: .publishedAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeOrNull(displayDate, forKey: .displayDate)
        try container.encode(corrections, forKey: .corrections)
        try container.encode(comments, forKey: .comments)
        try container.encodeOrNull(language, forKey: .language)
        try container.encodeOrNull(translationOf, forKey: .translationOf)
    }

    private enum CodingKeys: String, CodingKey {
        case id, slug, headline, dek, authors, dateline, credit, section, tags, leadImage, body, status, publishedAt, updatedAt, displayDate
        case corrections, comments, language, translationOf
    }
}

extension KeyedEncodingContainer {
    /// The value, or an explicit `null` where JSON readers expect to see the field.
    mutating func encodeOrNull<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
