import Foundation

/// IPTC NewsML-G2: a `newsItem`, a `packageItem` grouping a text item with its pictures, or
/// a `newsMessage` carrying several items. The story's text comes inline, as XHTML or NITF.
enum NewsMLG2 {
    typealias Element = XMLTree.Element

    static func read(_ data: Data, name: String) throws(WireItem.Failure) -> [WireItem] {
        let root: Element
        do {
            root = try XMLTree(data, what: name).root
        } catch {
            throw WireItem.Failure(reason: error.reason)
        }
        guard root.namespace.hasPrefix("http://iptc.org/std/nar/") else {
            throw WireItem.Failure(reason: "\(name) is XML, but not NewsML-G2: its root is <\(root.name)>\(root.namespace.isEmpty ? " with no namespace" : " in \(root.namespace)")")
        }
        var newsItems: [Element] = []
        var packages: [Element] = []
        switch root.name {
        case "newsItem": newsItems = [root]
        case "packageItem": packages = [root]
        case "newsMessage":
            for item in root.first("itemSet")?.elements ?? [] {
                if item.name == "newsItem" { newsItems.append(item) } else if item.name == "packageItem" { packages.append(item) }
            }
        default: throw WireItem.Failure(reason: "\(name) is a NewsML-G2 \(root.name), not a news item")
        }
        var byGUID: [String: Element] = [:]
        for item in newsItems { if let guid = item["guid"], byGUID[guid] == nil { byGUID[guid] = item } }

        // A package's pictures belong to the text items it groups with them.
        var pictures: [String: [WireItem.Picture]] = [:]
        for package in packages {
            let references = itemRefs(package)
            let kind = { (reference: Element) in itemClass(reference) ?? reference["residref"].flatMap { byGUID[$0] }.flatMap(itemClass) ?? "" }
            let texts = references.filter { kind($0) == "ninat:text" }.compactMap { $0["residref"] }
            guard !texts.isEmpty else { throw WireItem.Failure(reason: "\(name): the package \(package["guid"] ?? "") groups no text item") }
            if let missing = texts.first(where: { byGUID[$0] == nil }) {
                throw WireItem.Failure(reason: "\(name): the package refers to the text item \(missing), which isn't in the document; send the newsMessage that carries both")
            }
            let shown = references.filter { ["ninat:picture", "ninat:graphic"].contains(kind($0)) }.compactMap { picture($0, item: $0["residref"].flatMap { byGUID[$0] }) }
            for text in texts { pictures[text, default: []] += shown }
        }
        let stories = newsItems.filter { (itemClass($0) ?? "ninat:text") == "ninat:text" }
        guard !stories.isEmpty else { throw WireItem.Failure(reason: "\(name) has no text item (itemClass ninat:text); Byline makes stories of text") }
        return try stories.map { item throws(WireItem.Failure) in try story(item, pictures: pictures[item["guid"] ?? ""] ?? [], name: name) }
    }

    private static func itemClass(_ element: Element) -> String? {
        (element.at("itemMeta/itemClass") ?? element.first("itemClass"))?["qcode"]
    }

    private static func itemRefs(_ element: Element) -> [Element] {
        element.elements.flatMap { $0.name == "itemRef" ? [$0] : itemRefs($0) }
    }

    /// The code after a scheme alias: `stat:canceled` → `canceled`.
    private static func code(_ qcode: String?) -> String? {
        qcode.map { String($0.split(separator: ":").last ?? Substring($0)) }
    }

    private static func story(_ item: Element, pictures: [WireItem.Picture], name: String) throws(WireItem.Failure) -> WireItem {
        guard let guid = item["guid"], !guid.isEmpty else { throw WireItem.Failure(reason: "\(name): a newsItem has no guid, which identifies the story across its versions") }
        let meta = item.first("itemMeta")
        let content = item.first("contentMeta")
        let inline = self.inline(item)
        let headlines = content?.all("headline") ?? []
        let headline = (headlines.first { $0["role"] == nil || $0["role"]!.hasSuffix(":main") } ?? headlines.first)?.text ?? inline.headline ?? ""
        guard !headline.isEmpty else { throw WireItem.Failure(reason: "\(name): the item \(guid) has no headline") }

        var story = WireItem(format: .newsMLG2, guid: guid, headline: headline, body: inline.body)
        story.bodyNotes = inline.notes
        story.version = item["version"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        story.versionCreated = WireItem.date(meta?.first("versionCreated")?.text)
        story.firstCreated = WireItem.date(meta?.first("firstCreated")?.text)
        story.embargoedUntil = WireItem.date(meta?.first("embargoed")?.text ?? item.at("rightsInfo/embargoed")?.text)
        switch code(meta?.first("pubStatus")?["qcode"]) {
        case "canceled", "cancelled": story.status = .canceled
        case "withheld": story.status = .withheld
        default: story.status = .usable
        }
        story.isCorrection = (meta?.all("signal") ?? []).contains { code($0["qcode"]) == "correction" }
        story.editorialNote = WireItem.nonEmpty((meta?.all("edNote") ?? []).map(\.text).joined(separator: "\n"))
        story.provider = meta?.first("provider").flatMap { WireItem.nonEmpty($0.first("name")?.text) ?? code($0["qcode"]) }
            ?? WireItem.nonEmpty(item.at("rightsInfo/copyrightHolder/name")?.text)
        story.copyrightNotice = WireItem.nonEmpty(item.at("rightsInfo/copyrightNotice")?.text)
        story.slugline = WireItem.nonEmpty(content?.first("slugline")?.text)
        story.byline = WireItem.nonEmpty(content?.first("by")?.text)
            ?? WireItem.nonEmpty((content?.all("creator") ?? []).compactMap { $0.first("name")?.text }.joined(separator: ", ")) ?? inline.byline
        story.located = WireItem.nonEmpty(content?.first("located")?.first("name")?.text)
        story.dateline = WireItem.nonEmpty(content?.first("dateline")?.text) ?? inline.dateline ?? story.located
        story.language = WireItem.nonEmpty(content?.first("language")?["tag"]) ?? WireItem.nonEmpty(item["xml:lang"])
        story.urgency = content?.first("urgency").flatMap { Int($0.text) }
        story.summary = WireItem.nonEmpty(content?.all("description").first { $0["role"] == nil || $0["role"]!.hasSuffix(":summary") }?.text) ?? inline.summary
        story.keywords = (content?.all("keyword") ?? []).compactMap { WireItem.nonEmpty($0.text) }
        story.subjects = (content?.all("subject") ?? []).compactMap { subject in
            guard let code = subject["qcode"] ?? subject["uri"] ?? subject["literal"] else { return nil }
            let names = subject.all("name")
            let name = names.first { $0["xml:lang"].map { story.language?.hasPrefix($0.prefix(2)) == true } ?? false } ?? names.first
            return WireItem.Subject(code: code, name: name?.text ?? code)
        }
        story.pictures = pictures
        story.tidyBody()
        story.useSummaryAsBodyWhenEmpty()
        return story
    }

    /// The story's text from its `contentSet`: XHTML or NITF inline, else plain text.
    private static func inline(_ item: Element) -> (body: StoryBody, notes: StoryBody.HTMLImportNotes, headline: String?, byline: String?, dateline: String?, summary: String?) {
        let set = item.first("contentSet")
        for inline in set?.all("inlineXML") ?? [] {
            guard let document = inline.elements.first else { continue }
            if document.name == "nitf" {
                let head = document.at("body/body.head")
                let content = document.at("body/body.content") ?? document.first("body") ?? document
                let (body, notes) = WireItem.body(html: content.innerHTML)
                return (body, notes, WireItem.nonEmpty(head?.at("hedline/hl1")?.text), WireItem.nonEmpty(head?.first("byline")?.text),
                        WireItem.nonEmpty(head?.first("dateline")?.text), WireItem.nonEmpty(head?.first("abstract")?.text))
            }
            let content = document.name == "html" ? (document.first("body") ?? document) : inline
            let (body, notes) = WireItem.body(html: content.innerHTML)
            return (body, notes, WireItem.nonEmpty(document.at("head/title")?.text), nil, nil, nil)
        }
        if let text = set?.all("inlineData").first {
            let (contentType, value) = (text["contenttype"] ?? "text/plain", text.rawText)
            if contentType.contains("html") {
                let (body, notes) = WireItem.body(html: value)
                return (body, notes, nil, nil, nil, nil)
            }
            return (WireItem.body(text: value), .init(), nil, nil, nil, nil)
        }
        return (StoryBody(blocks: []), .init(), nil, nil, nil, nil)
    }

    /// A picture a package groups: from its own item when the document carries it, else from
    /// the reference; only a web address is kept, as a remote URL.
    private static func picture(_ reference: Element, item: Element?) -> WireItem.Picture? {
        let renditions = (item?.first("contentSet")?.all("remoteContent") ?? []).filter { ($0["contenttype"] ?? "image/").hasPrefix("image/") && Ninjs.isWebAddress($0["href"] ?? "") }
        let shown = Ninjs.chosen(renditions) { $0["width"].flatMap { Int($0) } }
        guard let href = shown?["href"] ?? reference["href"].flatMap({ Ninjs.isWebAddress($0) ? $0 : nil }) else { return nil }
        let content = item?.first("contentMeta")
        let descriptions = (content?.all("description") ?? []) + reference.all("description")
        return WireItem.Picture(
            uri: item?["guid"] ?? reference["residref"], href: href, width: shown?["width"].flatMap { Int($0) }, height: shown?["height"].flatMap { Int($0) },
            caption: WireItem.nonEmpty(descriptions.first { $0["role"]?.hasSuffix(":caption") == true }?.text),
            credit: WireItem.nonEmpty(content?.first("creditline")?.text) ?? WireItem.nonEmpty(content?.first("by")?.text)
                ?? WireItem.nonEmpty(content?.all("creator").first?.first("name")?.text),
            alt: WireItem.nonEmpty(descriptions.first { $0["role"]?.lowercased().contains("alt") == true }?.text)
                ?? WireItem.nonEmpty(content?.first("headline")?.text) ?? WireItem.nonEmpty(reference.first("title")?.text),
            renditions: renditions.compactMap { $0["href"] })
    }
}
