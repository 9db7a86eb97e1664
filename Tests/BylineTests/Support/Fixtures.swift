import Byline
import Foundation

/// Articles to store in tests, built from the smallest valid input.
enum Fixtures {
    static let publishedAt = ISO8601.parse("2019-12-03T22:49:00Z")!

    static func article(
        _ slug: String, headline: String? = nil, section: String = "World", status: Article.Status = .published,
        publishedAt: Date? = Fixtures.publishedAt, tags: [String] = [], authors: [String] = ["Mara Lindqvist"],
        externalID: String? = nil, body: String = "Body text.", image: Bool = true, corrections: [Correction] = []
    ) -> ArticleInput {
        ArticleInput(
            externalID: externalID, slug: slug, headline: headline ?? "Headline for \(slug)", dek: "A dek for \(slug).",
            authors: authors.map { .init(slug: Slug.make(from: $0), name: $0, bio: "\($0) reports.") },
            dateline: "Sochi", credit: .wires(agency: "AFP"),
            section: .init(slug: Slug.make(from: section), name: section),
            tags: tags.map { .init(slug: Slug.make(from: $0), name: $0) },
            leadImage: image ? LeadImage(src: "/assets/demo/harbour.jpg", width: 1200, height: 675, alt: "Cranes at dusk", caption: "The harbour at dusk.", credit: "Photo: Byline") : nil,
            bodyMarkdown: body, status: status, publishedAt: publishedAt, corrections: corrections
        )
    }

    static func json(_ object: Any) -> Data {
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// A valid import-format article as a dictionary, to be altered by each test.
    static func importObject(slug: String = "talks-resume", overrides: [String: Any] = [:]) -> [String: Any] {
        var object: [String: Any] = [
            "slug": slug,
            "headline": "Talks resume in Sochi",
            "dek": "Delegations met for four hours.",
            "authors": [["name": "Mara Lindqvist", "bio": "Covers the coast."]],
            "dateline": "Sochi",
            "credit": ["kind": "wires", "agency": "AFP"],
            "section": "World",
            "tags": ["Diplomacy"],
            "leadImage": ["src": "/assets/demo/harbour.jpg", "width": 1200, "height": 675, "alt": "Cranes at dusk", "caption": "The harbour.", "credit": "Photo: Byline"],
            "body": "“We are close,” one delegate said.",
            "status": "published",
            "publishedAt": "2019-12-03T22:49:00Z",
        ]
        for (key, value) in overrides { object[key] = value }
        return object
    }
}
