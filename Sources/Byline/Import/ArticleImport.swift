import Foundation

/// The JSON import format (see README, "Importing articles"): one article object or an
/// array of them. Parsing is pure; storing is the repository's job.
public enum ArticleImport {
    /// A problem with one field of one article, phrased for the person who wrote the file.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        /// Position in the document, from 0; nil when the document itself is unreadable.
        public var index: Int?
        public var field: String?
        public var message: String

        public var description: String {
            switch (index, field) {
            case let (index?, field?): "article \(index): \(field): \(message)"
            case let (index?, nil): "article \(index): \(message)"
            default: message
            }
        }
    }

    /// Every problem found in a document.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var problems: [Problem]
        public var description: String { problems.map(\.description).joined(separator: "\n") }
    }

    /// Reads a whole document, reporting every problem rather than only the first, so that
    /// a large wire batch is fixed in one pass.
    public static func parse(_ data: Data) throws(Failure) -> [ArticleInput] {
        let document: JSONValue
        do {
            document = try JSONValue.decode(data)
        } catch {
            throw Failure(problems: [Problem(index: nil, field: nil, message: "the file is not valid JSON (\(describe(error)))")])
        }
        return try parse(document)
    }

    /// Reads a document already parsed as JSON.
    static func parse(_ document: JSONValue) throws(Failure) -> [ArticleInput] {
        let objects: [JSONValue] = switch document {
        case .array(let items): items
        default: [document]
        }
        guard !objects.isEmpty else {
            throw Failure(problems: [Problem(index: nil, field: nil, message: "the document holds no articles")])
        }
        var inputs: [ArticleInput] = []
        var problems: [Problem] = []
        for (index, object) in objects.enumerated() {
            var reader = FieldReader(index: index, value: object)
            if let input = reader.article() {
                inputs.append(input)
            }
            problems += reader.problems
        }
        problems += duplicateKeys(in: inputs)
        guard problems.isEmpty else { throw Failure(problems: problems) }
        return inputs
    }

    private static func duplicateKeys(in inputs: [ArticleInput]) -> [Problem] {
        var problems: [Problem] = []
        var slugs: [String: Int] = [:]
        var externalIDs: [String: Int] = [:]
        for (index, input) in inputs.enumerated() {
            if let first = slugs.updateValue(index, forKey: input.slug), input.externalID == nil || inputs[first].externalID != input.externalID {
                problems.append(Problem(index: index, field: "slug", message: "\"\(input.slug)\" is also used by article \(first) in this document"))
            }
            if let id = input.externalID, let first = externalIDs.updateValue(index, forKey: id) {
                problems.append(Problem(index: index, field: "id", message: "\"\(id)\" is also used by article \(first) in this document"))
            }
        }
        return problems
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
        default:
            "\(error)"
        }
    }
}

/// Walks one article object, collecting problems as it goes.
private struct FieldReader {
    let index: Int
    let value: JSONValue
    var problems: [ArticleImport.Problem] = []

    private static let knownFields: Set<String> = [
        "id", "slug", "headline", "dek", "authors", "dateline", "credit", "section", "tags", "leadImage", "body",
        "status", "publishedAt", "updatedAt", "displayDate", "corrections", "comments", "language", "translationOf",
    ]

    init(index: Int, value: JSONValue) {
        self.index = index
        self.value = value
    }

    mutating func article() -> ArticleInput? {
        guard case .object(let fields) = value else {
            fail(nil, "expected an object, got \(value.typeName)")
            return nil
        }
        for key in fields.keys.sorted() where !Self.knownFields.contains(key) {
            fail(key, "unknown field (known fields: \(Self.knownFields.sorted().joined(separator: ", ")))")
        }
        let externalID = optionalString(fields, "id")
        let headline = requiredString(fields, "headline")
        let slug = slug(fields, headline: headline)
        let status = enumValue(fields, "status", default: Article.Status.published)
        let body = requiredString(fields, "body", allowEmpty: status == .draft)
        let authors = authors(fields["authors"])
        let section = section(fields["section"])
        let tags = tags(fields["tags"])
        let credit = credit(fields["credit"])
        let leadImage = leadImage(fields["leadImage"])
        let publishedAt = date(fields, "publishedAt")
        let updatedAt = date(fields, "updatedAt")
        let displayDate = date(fields, "displayDate")
        let corrections = corrections(fields["corrections"])
        let comments = comments(fields["comments"])
        let language = language(fields)
        let translationOf = optionalString(fields, "translationOf")
        if let translationOf, !Slug.isValid(translationOf) {
            fail("translationOf", "\"\(translationOf)\" is not a slug: give the slug of the story this one translates")
        }
        if let publishedAt, let updatedAt, updatedAt < publishedAt {
            fail("updatedAt", "is before publishedAt")
        }
        guard problems.isEmpty, let headline, let slug, let body, let authors, let section else { return nil }
        return ArticleInput(
            externalID: externalID, slug: slug, headline: headline, dek: optionalString(fields, "dek"),
            authors: authors, dateline: optionalString(fields, "dateline"), credit: credit ?? .staff, section: section,
            tags: tags, leadImage: leadImage, bodyMarkdown: body, status: status ?? .published,
            publishedAt: publishedAt, updatedAt: updatedAt, displayDate: displayDate, corrections: corrections,
            comments: comments, language: language, translationOf: translationOf
        )
    }

    private mutating func language(_ fields: [String: JSONValue]) -> String? {
        guard let given = optionalString(fields, "language") else { return nil }
        guard let tag = LanguageTag.normalized(given) else {
            fail("language", "\"\(given)\" is not a language tag: use BCP 47, such as fr, de-CH or pt-BR")
            return nil
        }
        return tag
    }

    // MARK: Fields

    private mutating func slug(_ fields: [String: JSONValue], headline: String?) -> String? {
        if let given = optionalString(fields, "slug") {
            guard Slug.isValid(given) else {
                fail("slug", "\"\(given)\" is not a slug: use lowercase a–z, 0–9 and single hyphens, at most \(Slug.maximumLength) characters")
                return nil
            }
            return given
        }
        guard let headline else { return nil }
        let derived = Slug.make(from: headline)
        guard !derived.isEmpty else {
            fail("slug", "cannot be derived from the headline; give one explicitly")
            return nil
        }
        return derived
    }

    private mutating func authors(_ value: JSONValue?) -> [ArticleInput.AuthorRef]? {
        guard case .array(let items)? = value, !items.isEmpty else {
            fail("authors", value == nil ? "is required: give at least one author" : "must be a non-empty array of names or {name, slug, bio} objects")
            return nil
        }
        var authors: [ArticleInput.AuthorRef] = []
        for (position, item) in items.enumerated() {
            let field = "authors[\(position)]"
            switch item {
            case .string(let name):
                guard let name = nonBlank(name) else { fail(field, "is blank"); continue }
                guard let slug = namedSlug(for: name, field: field) else { continue }
                authors.append(.init(slug: slug, name: name))
            case .object(let fields):
                guard let name = requiredString(fields, "name", prefix: field) else { continue }
                guard let slug = optionalSlug(fields, "slug", prefix: field) ?? namedSlug(for: name, field: field) else { continue }
                authors.append(.init(slug: slug, name: name, bio: optionalString(fields, "bio", prefix: field)))
            default:
                fail(field, "expected a name or a {name, slug, bio} object, got \(item.typeName)")
            }
        }
        if Set(authors.map(\.slug)).count != authors.count { fail("authors", "names the same author twice") }
        return authors
    }

    private mutating func section(_ value: JSONValue?) -> ArticleInput.SectionRef? {
        let section: ArticleInput.SectionRef?
        switch value {
        case .string(let name)?:
            section = nonBlank(name).flatMap { name in namedSlug(for: name, field: "section").map { .init(slug: $0, name: name) } }
            if nonBlank(name) == nil { fail("section", "is blank") }
        case .object(let fields)?:
            section = requiredString(fields, "name", prefix: "section").flatMap { name in
                (optionalSlug(fields, "slug", prefix: "section") ?? namedSlug(for: name, field: "section")).map { .init(slug: $0, name: name) }
            }
        case nil:
            fail("section", "is required, e.g. \"World\" or {\"slug\": \"world\", \"name\": \"World\"}")
            return nil
        default:
            fail("section", "expected a name or a {slug, name} object, got \(value!.typeName)")
            return nil
        }
        if let section, Section.reservedSlugs.contains(section.slug) {
            fail("section", "\"\(section.slug)\" is a reserved path on the site; choose another section slug")
            return nil
        }
        return section
    }

    private mutating func tags(_ value: JSONValue?) -> [ArticleInput.TagRef] {
        guard let value, value != .null else { return [] }
        guard case .array(let items) = value else {
            fail("tags", "expected an array of names, got \(value.typeName)")
            return []
        }
        var tags: [ArticleInput.TagRef] = []
        for (position, item) in items.enumerated() {
            guard case .string(let name) = item, let name = nonBlank(name) else {
                fail("tags[\(position)]", "expected a non-blank name")
                continue
            }
            guard let slug = namedSlug(for: name, field: "tags[\(position)]") else { continue }
            if !tags.contains(where: { $0.slug == slug }) { tags.append(.init(slug: slug, name: name)) }
        }
        return tags
    }

    private mutating func credit(_ value: JSONValue?) -> Credit? {
        switch value {
        case nil, .null?:
            return nil
        case .string(let kind)?:
            return creditFrom(kind: kind, source: nil)
        case .object(let fields)?:
            guard let kind = requiredString(fields, "kind", prefix: "credit") else { return nil }
            let source = optionalString(fields, "agency", prefix: "credit") ?? optionalString(fields, "source", prefix: "credit")
            return creditFrom(kind: kind, source: source)
        default:
            fail("credit", "expected {\"kind\": \"staff\" | \"wires\" | \"syndicated\", \"agency\": …}, got \(value!.typeName)")
            return nil
        }
    }

    private mutating func creditFrom(kind: String, source: String?) -> Credit? {
        guard let parsed = Credit.Kind(rawValue: kind) else {
            fail("credit.kind", "\"\(kind)\" is not one of staff, wires, syndicated")
            return nil
        }
        guard let credit = Credit(kind: parsed, source: source) else {
            fail("credit.agency", "is required when the credit is \(kind), e.g. \"AFP\"")
            return nil
        }
        return credit
    }

    private mutating func leadImage(_ value: JSONValue?) -> LeadImage? {
        switch value {
        case nil, .null?:
            return nil
        case .object(let fields)?:
            let src = requiredString(fields, "src", prefix: "leadImage")
            if let src, !(src.hasPrefix("/") && !src.hasPrefix("//")) && !src.hasPrefix("https://") && !src.hasPrefix("http://") {
                fail("leadImage.src", "must be a site path such as /assets/photo.jpg or an http(s) URL")
            }
            let width = positiveInteger(fields, "width", prefix: "leadImage")
            let height = positiveInteger(fields, "height", prefix: "leadImage")
            let alt = optionalString(fields, "alt", prefix: "leadImage")
            if alt == nil { fail("leadImage.alt", "is required when there is an image: describe it for readers who can't see it") }
            guard let src, let width, let height, let alt else { return nil }
            return LeadImage(
                src: src, width: width, height: height, alt: alt,
                caption: optionalString(fields, "caption", prefix: "leadImage"),
                credit: optionalString(fields, "credit", prefix: "leadImage")
            )
        default:
            fail("leadImage", "expected an object with src, width, height and alt, got \(value!.typeName)")
            return nil
        }
    }

    private mutating func corrections(_ value: JSONValue?) -> [Correction] {
        guard let value, value != .null else { return [] }
        guard case .array(let items) = value else {
            fail("corrections", "expected an array of {kind, text, date} objects")
            return []
        }
        var corrections: [Correction] = []
        for (position, item) in items.enumerated() {
            let prefix = "corrections[\(position)]"
            guard case .object(let fields) = item else {
                fail(prefix, "expected a {kind, text, date} object, got \(item.typeName)")
                continue
            }
            let kind = enumValue(fields, "kind", default: Correction.Kind.correction, prefix: prefix)
            let text = requiredString(fields, "text", prefix: prefix)
            let date = date(fields, "date", prefix: prefix)
            if fields["date"] == nil { fail("\(prefix).date", "is required") }
            if let kind, let text, let date { corrections.append(Correction(kind: kind, text: text, date: date)) }
        }
        return corrections
    }

    private mutating func comments(_ value: JSONValue?) -> CommentSettings {
        switch value {
        case nil, .null?:
            return CommentSettings()
        case .object(let fields)?:
            var open = true
            switch fields["open"] {
            case nil, .null?: break
            case .bool(let flag)?: open = flag
            default: fail("comments.open", "expected true or false")
            }
            return CommentSettings(open: open, closesAt: date(fields, "closesAt", prefix: "comments"))
        default:
            fail("comments", "expected {\"open\": true, \"closesAt\": \"…\"}, got \(value!.typeName)")
            return CommentSettings()
        }
    }

    // MARK: Primitives

    private mutating func fail(_ field: String?, _ message: String) {
        problems.append(.init(index: index, field: field, message: message))
    }

    private func nonBlank(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private mutating func namedSlug(for name: String, field: String) -> String? {
        let slug = Slug.make(from: name)
        if slug.isEmpty { fail(field, "\"\(name)\" gives no usable slug; add an explicit \"slug\"") }
        return slug.isEmpty ? nil : slug
    }

    private mutating func optionalString(_ fields: [String: JSONValue], _ key: String, prefix: String? = nil) -> String? {
        let name = prefix.map { "\($0).\(key)" } ?? key
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let text)?: return nonBlank(text)
        case let other?:
            fail(name, "expected a string, got \(other.typeName)")
            return nil
        }
    }

    private mutating func requiredString(_ fields: [String: JSONValue], _ key: String, prefix: String? = nil, allowEmpty: Bool = false) -> String? {
        let name = prefix.map { "\($0).\(key)" } ?? key
        if allowEmpty, case .string(let text)? = fields[key] { return text }
        let count = problems.count
        let text = optionalString(fields, key, prefix: prefix)
        if text == nil, problems.count == count { fail(name, "is required") }
        return text
    }

    private mutating func optionalSlug(_ fields: [String: JSONValue], _ key: String, prefix: String) -> String? {
        guard let slug = optionalString(fields, key, prefix: prefix) else { return nil }
        guard Slug.isValid(slug) else {
            fail("\(prefix).\(key)", "\"\(slug)\" is not a slug: use lowercase a–z, 0–9 and single hyphens")
            return nil
        }
        return slug
    }

    private mutating func positiveInteger(_ fields: [String: JSONValue], _ key: String, prefix: String) -> Int? {
        guard case .number(let number)? = fields[key], number >= 1, number <= 100_000, number.rounded() == number else {
            fail("\(prefix).\(key)", "is required: a whole number of pixels from 1 to 100000")
            return nil
        }
        return Int(number)
    }

    private mutating func enumValue<Value: RawRepresentable & CaseIterable>(
        _ fields: [String: JSONValue], _ key: String, default: Value, prefix: String? = nil
    ) -> Value? where Value.RawValue == String {
        let name = prefix.map { "\($0).\(key)" } ?? key
        guard let raw = optionalString(fields, key, prefix: prefix) else { return fields[key] == nil ? `default` : nil }
        guard let value = Value(rawValue: raw) else {
            fail(name, "\"\(raw)\" is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    private mutating func date(_ fields: [String: JSONValue], _ key: String, prefix: String? = nil) -> Date? {
        let name = prefix.map { "\($0).\(key)" } ?? key
        guard let text = optionalString(fields, key, prefix: prefix) else { return nil }
        guard let date = ISO8601.parse(text) else {
            fail(name, "\"\(text)\" is not an ISO 8601 date-time with a zone, such as 2019-12-03T17:49:00Z or 2019-12-03T12:49:00-05:00")
            return nil
        }
        return date
    }
}
