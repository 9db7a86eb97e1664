import Foundation

/// IPTC ninjs, "news in JSON", in each of its generations, whose names differ:
/// 1.x is flat and lowercase (`headline`, `body_html`, `associations` as an object),
/// 2.x has arrays (`headlines[]`, `bodies[]`, `descriptions[]`, `associations[]`), and
/// 3.x keeps 2.x's shape in camelCase (`versionCreated`, `pubStatus`).
enum Ninjs {
    static func read(_ data: Data, name: String) throws(WireItem.Failure) -> [WireItem] {
        let document: JSONValue
        do {
            document = try JSONValue.decode(data)
        } catch let error as JSONValue.TooDeep {
            throw WireItem.Failure(reason: "\(name) is refused: \(error)")
        } catch {
            throw WireItem.Failure(reason: "\(name) is not valid JSON")
        }
        let objects: [[String: JSONValue]]
        switch document {
        case .object(let object): objects = [object]
        case .array(let values):
            objects = values.compactMap { if case .object(let object) = $0 { object } else { nil } }
            guard objects.count == values.count, !objects.isEmpty else { throw WireItem.Failure(reason: "\(name) is a JSON array, but not of ninjs objects") }
        default: throw WireItem.Failure(reason: "\(name) is JSON, but not a ninjs object")
        }
        return try objects.enumerated().map { index, object throws(WireItem.Failure) in
            try item(Fields(object), name: objects.count == 1 ? name : "\(name), item \(index + 1)")
        }
    }

    static func generation(_ object: [String: JSONValue]) -> WireItem.Format {
        let declared = [Fields(object).string("standard.version"), Fields(object).string("$schema"), Fields(object).string("schema")].compactMap { $0 }.first
        if let declared {
            if declared.contains("3.") || declared.hasPrefix("3") || declared.contains("_3") { return .ninjs3 }
            if declared.contains("2.") || declared.hasPrefix("2") || declared.contains("_2") { return .ninjs2 }
            if declared.contains("1.") || declared.hasPrefix("1") || declared.contains("_1") { return .ninjs1 }
        }
        if ["versionCreated", "pubStatus", "firstCreated", "copyrightHolder", "edNote", "contentCreated", "altIds"].contains(where: { object[$0] != nil }) { return .ninjs3 }
        if object["headlines"] != nil || object["bodies"] != nil || object["descriptions"] != nil { return .ninjs2 }
        if case .array? = object["associations"] { return .ninjs2 }
        return .ninjs1
    }

    private static func item(_ fields: Fields, name: String) throws(WireItem.Failure) -> WireItem {
        let format = generation(fields.object)
        guard let guid = fields.string("uri") ?? fields.string("guid"), !guid.isEmpty else {
            throw WireItem.Failure(reason: "\(name) has no uri, which identifies the story across its versions")
        }
        let type = fields.string("type") ?? "text"
        guard ["text", "composite"].contains(type) else { throw WireItem.Failure(reason: "\(name) is a \(type) item, not a story") }
        let headline = fields.string("headline") ?? fields.role("headlines", preferring: ["main", "headline"])?.string("value") ?? ""
        guard !headline.isEmpty else { throw WireItem.Failure(reason: "\(name) (\(guid)) has no headline") }

        // JSON carries a headline as a string that may hold markup and entities; it is text.
        let text = XMLTree.Element.collapsed(StoryBody.fromHTML(headline).body.plainText)
        guard !text.isEmpty else { throw WireItem.Failure(reason: "\(name) (\(guid)) has no headline") }
        var item = WireItem(format: format, guid: guid, headline: text, body: StoryBody(blocks: []))
        item.version = fields.string("version").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        item.versionCreated = WireItem.date(fields.string("versioncreated", "versionCreated"))
        item.firstCreated = WireItem.date(fields.string("firstcreated", "firstCreated"))
        item.embargoedUntil = WireItem.date(fields.string("embargoed", "embargoedUntil"))
        switch fields.string("pubstatus", "pubStatus")?.lowercased() {
        case "canceled", "cancelled": item.status = .canceled
        case "withheld": item.status = .withheld
        default: item.status = .usable
        }
        item.isCorrection = fields.array("signals").contains { signal in
            (signal.stringValue ?? Fields(signal).string("uri") ?? Fields(signal).string("literal") ?? Fields(signal).string("name") ?? "").lowercased().contains("correction")
        }
        item.editorialNote = WireItem.nonEmpty(fields.string("ednote", "edNote"))
        item.slugline = WireItem.nonEmpty(fields.string("slugline"))
        item.byline = WireItem.nonEmpty(fields.string("byline") ?? fields.string("by"))
        item.located = WireItem.nonEmpty(fields.string("located"))
        item.dateline = WireItem.nonEmpty(fields.string("dateline")) ?? item.located
        item.language = WireItem.nonEmpty(fields.string("language"))
        item.provider = WireItem.nonEmpty(fields.string("copyrightholder", "copyrightHolder"))
        item.copyrightNotice = WireItem.nonEmpty(fields.string("copyrightnotice", "copyrightNotice"))
        item.urgency = fields.number("urgency").map { Int($0) }
        item.keywords = fields.array("keywords").compactMap(\.stringValue).compactMap(WireItem.nonEmpty)
        item.subjects = (fields.array("subjects") + fields.array("subject")).compactMap { value in
            let subject = Fields(value)
            guard let code = subject.string("uri") ?? subject.string("literal") ?? subject.string("code").map({ code in subject.string("scheme").map { "\($0):\(code)" } ?? code }) else { return nil }
            return WireItem.Subject(code: code, name: subject.string("name") ?? code)
        }

        // The body: HTML when the agency sent it, else its plain text.
        let bodies = fields.array("bodies").map(Fields.init)
        if let html = fields.string("body_html") ?? fields.string("body_xhtml")
            ?? bodies.first(where: { ($0.string("contenttype", "contentType") ?? "").contains("html") || ($0.string("role") ?? "").contains("html") })?.string("value")
        {
            (item.body, item.bodyNotes) = WireItem.body(html: html)
        } else if let text = fields.string("body_text") ?? bodies.first?.string("value") {
            item.body = WireItem.body(text: text)
        }
        item.pictures = pictures(fields)
        item.tidyBody()
        let summary = fields.string("description_text")
            ?? fields.array("descriptions").map(Fields.init).first { !($0.string("role") ?? "").contains("alt") }?.string("value")
        item.summary = WireItem.nonEmpty(summary).flatMap { isExcerpt($0, of: item.body) ? nil : $0 }
        item.useSummaryAsBodyWhenEmpty()
        return item
    }

    /// A description that is only the body's opening cut short (as TT and NTB send) says
    /// nothing a standfirst should.
    static func isExcerpt(_ summary: String, of body: StoryBody) -> Bool {
        let letters: (String) -> String = { String($0.filter { $0.isLetter || $0.isNumber }.prefix(60)) }
        let start = letters(summary)
        return start.count >= 20 && letters(body.plainText).hasPrefix(start)
    }

    private static func pictures(_ fields: Fields) -> [WireItem.Picture] {
        let associations: [Fields] = switch fields.object["associations"] {
        case .object(let named)?: named.sorted { $0.key < $1.key }.map { Fields($0.value) }
        case .array(let list)?: list.map(Fields.init)
        default: []
        }
        return associations.compactMap { association in
            guard ["picture", "graphic"].contains(association.string("type") ?? "") else { return nil }
            let renditions: [Fields] = switch association.object["renditions"] {
            case .object(let named)?: named.sorted { $0.key < $1.key }.map { Fields($0.value) }
            case .array(let list)?: list.map(Fields.init)
            default: []
            }
            let images = renditions.filter { rendition in
                let type = rendition.string("contenttype", "contentType") ?? rendition.string("mimetype") ?? "image/"
                return type.hasPrefix("image/") && rendition.string("href").map(isWebAddress) == true
            }
            guard let shown = chosen(images, width: { $0.number("width").map { Int($0) } }) else { return nil }
            let descriptions = association.array("descriptions").map(Fields.init)
            return WireItem.Picture(
                uri: association.string("uri"), href: shown.string("href")!, width: shown.number("width").map { Int($0) }, height: shown.number("height").map { Int($0) },
                caption: WireItem.nonEmpty(association.string("description_text") ?? descriptions.first { !($0.string("role") ?? "").contains("alt") }?.string("value")),
                credit: WireItem.nonEmpty(association.string("byline") ?? association.string("by") ?? association.string("copyrightholder", "copyrightHolder")),
                alt: WireItem.nonEmpty(descriptions.first { ($0.string("role") ?? "").contains("alt") }?.string("value")
                    ?? association.string("headline") ?? association.role("headlines", preferring: ["main"])?.string("value")),
                renditions: renditions.compactMap { $0.string("href") })
        }
    }

    static func isWebAddress(_ address: String) -> Bool {
        let lowered = address.lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://")
    }

    /// The rendition a story shows: the widest at most 2,400 pixels wide, else the narrowest
    /// of the rest (an original of 5,000 pixels and ten megabytes is for print).
    static func chosen<Rendition>(_ renditions: [Rendition], width: (Rendition) -> Int?) -> Rendition? {
        let sized = renditions.map { ($0, width($0) ?? 0) }
        return sized.filter { $0.1 <= 2400 }.max { $0.1 < $1.1 }?.0 ?? sized.min { $0.1 < $1.1 }?.0
    }

    /// A ninjs object's fields, read leniently: a field of the wrong type is as good as absent.
    struct Fields {
        let object: [String: JSONValue]

        init(_ object: [String: JSONValue]) { self.object = object }

        init(_ value: JSONValue) {
            if case .object(let object) = value { self.object = object } else { self.object = [:] }
        }

        /// The first of these names that holds a string; `a.b` looks inside an object.
        func string(_ names: String...) -> String? {
            for name in names {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                if parts.count == 2 {
                    if let inner = object[parts[0]].map(Fields.init)?.string(parts[1]) { return inner }
                    continue
                }
                switch object[name] {
                case .string(let value)?: return value
                case .number(let value)?: return value.rounded() == value ? String(Int(value)) : String(value)
                default: continue
                }
            }
            return nil
        }

        func number(_ name: String) -> Double? {
            switch object[name] {
            case .number(let value)?: value
            case .string(let text)?: Double(text)
            default: nil
            }
        }

        func array(_ name: String) -> [JSONValue] {
            if case .array(let values)? = object[name] { return values }
            return []
        }

        /// The entry of an array of `{role, value}` objects with the first role preferred, else
        /// the first entry.
        func role(_ name: String, preferring roles: [String]) -> Fields? {
            let entries = array(name).map(Fields.init)
            return entries.first { roles.contains(($0.string("role") ?? "").lowercased()) } ?? entries.first
        }
    }
}

extension JSONValue {
    var stringValue: String? { if case .string(let value) = self { value } else { nil } }
}
