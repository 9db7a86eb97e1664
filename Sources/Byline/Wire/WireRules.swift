import Foundation

/// What one arrival from the wire does to the newsroom. Decided from the item, its source and
/// what Byline already holds of the story, inside the transaction that carries it out, so
/// that two nodes taking two versions of one story at once cannot both apply theirs.
enum WireRules {
    /// What Byline holds of an agency story.
    struct Existing: Sendable {
        var articleID: Int64?
        var agencyVersion: Int?
        var versionCreated: Date?
        var killed: Bool
        /// Taken down by a `withheld`: a usable version later brings it back.
        var withheld = false
        /// The article as it is now, and the version of it the wire last wrote: a different
        /// version means somebody in the newsroom saved it since.
        var article: Article?
        var articleVersion: Int?
        var wroteVersion: Int?

        struct Article: Sendable {
            var slug: String
            var status: Byline.Article.Status
            var publishedAt: Date?
            var corrections: [Correction]
            var scheduledAt: Date?
        }
    }

    enum Plan: Sendable, Equatable {
        case create(ArticleInput, scheduledAt: Date?)
        case update(ArticleInput, scheduledAt: Date?)
        /// The newsroom changed the story since the wire last did: the update waits for an
        /// editor to merge it.
        case hold(ArticleInput)
        /// Taken down for good.
        case kill
        /// Taken down until the agency sends a usable version.
        case withhold
        case ignore(String)
    }

    static func plan(_ item: WireItem, source: WireSource, existing: Existing?, now: Date) -> Plan {
        guard let existing else {
            switch item.status {
            case .canceled: return .ignore("a kill for a story Byline never received")
            case .withheld: return .ignore("withheld by the agency before Byline received it")
            case .usable:
                let (input, schedule) = input(item, source: source, existing: nil, now: now)
                return .create(input, scheduledAt: schedule)
            }
        }
        if existing.killed { return .ignore("the agency killed this story; a later version doesn't bring it back") }
        if !isNewer(item, than: existing) {
            let version = existing.agencyVersion.map { "version \($0)" } ?? "a version"
            return .ignore("not newer than \(version), which Byline already has")
        }
        switch item.status {
        case .canceled: return existing.articleID == nil ? .ignore("killed; its article had been deleted") : .kill
        case .withheld: return existing.articleID == nil ? .ignore("withheld; its article had been deleted") : .withhold
        case .usable: break
        }
        let (input, schedule) = input(item, source: source, existing: existing.article, returning: existing.withheld, now: now)
        guard existing.article != nil else { return .create(input, scheduledAt: schedule) }
        if let wrote = existing.wroteVersion, let current = existing.articleVersion, wrote != current { return .hold(input) }
        return .update(input, scheduledAt: schedule)
    }

    /// The agency's version number decides; without one on either side, the version's time.
    static func isNewer(_ item: WireItem, than existing: Existing) -> Bool {
        if let version = item.version, let held = existing.agencyVersion { return version > held }
        if let created = item.versionCreated, let held = existing.versionCreated { return created > held }
        // Nothing to compare: the arrival is taken as the newer, as an agency resends.
        return true
    }

    /// The article an item makes, or makes of the article it updates: the agency's text and
    /// metadata, the newsroom's slug, status and corrections.
    static func input(_ item: WireItem, source: WireSource, existing: Existing.Article?, returning: Bool = false, now: Date) -> (ArticleInput, scheduledAt: Date?) {
        var section = ArticleInput.SectionRef(slug: source.section, name: Self.name(ofSlug: source.section))
        var tags: [ArticleInput.TagRef] = []
        for subject in item.subjects {
            for mapping in source.mappings where mapping.matches(subject.code) {
                if let slug = mapping.section, section.slug == source.section { section = .init(slug: slug, name: Self.name(ofSlug: slug)) }
                if let tag = mapping.tag, let slug = Optional(Slug.make(from: tag)), Slug.isValid(slug), !tags.contains(where: { $0.slug == slug }) {
                    tags.append(.init(slug: slug, name: tag))
                }
            }
        }
        let embargoed = item.embargoedUntil.flatMap { $0 > now ? $0 : nil }
        // A story the agency withheld and now releases again goes back out if the source
        // publishes on its own; otherwise it waits for an editor, as it did at first.
        let publishing = existing.map { $0.status == .published || returning && source.policy == .publish } ?? (source.policy == .publish)
        // A story published before its embargo lifts is a broken contract: it waits for it.
        let status: Article.Status = publishing && embargoed == nil ? .published : .draft
        let scheduledAt = source.policy == .publish && existing?.status != .published ? embargoed : existing?.scheduledAt
        var corrections = existing?.corrections ?? []
        if item.isCorrection {
            // The agency's own note ("CORRECTS para 3") is for editors: the page says only that
            // the agency corrected the story, and an editor may add what changed.
            corrections.append(Correction(kind: .correction, text: "\(source.credit) corrected this story.", date: item.versionCreated ?? now))
        }
        let first = min(item.firstCreated ?? item.versionCreated ?? now, now)
        let input = ArticleInput(
            externalID: "wire:\(item.guid)", slug: existing?.slug ?? slug(item), headline: item.headline, dek: item.summary,
            authors: [author(item, source: source)], dateline: item.dateline, credit: .wires(agency: source.credit), section: section, tags: tags,
            leadImage: leadImage(item), bodyMarkdown: item.body.markdown, status: status,
            publishedAt: status == .published ? (existing?.publishedAt ?? first) : nil, updatedAt: status == .published ? min(item.versionCreated ?? now, now) : nil,
            corrections: corrections, language: item.language.flatMap(LanguageTag.normalized))
        return (input, scheduledAt)
    }

    static func slug(_ item: WireItem) -> String {
        let made = Slug.make(from: item.headline)
        return Slug.isValid(made) ? made : "wire-story"
    }

    /// The byline without the words agencies put round a name ("By", "Von", "Par") and the
    /// agency after it; the agency itself when there is none.
    static func author(_ item: WireItem, source: WireSource) -> ArticleInput.AuthorRef {
        var name = item.byline ?? ""
        for prefix in ["By ", "BY ", "Von ", "Av ", "Par ", "De ", "Door ", "Af "] where name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
        for separator in [", ", "/", " (", " - "] {
            if let range = name.range(of: separator, options: .backwards) {
                let rest = name[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " )"))
                if rest.caseInsensitiveCompare(source.credit) == .orderedSame || rest.caseInsensitiveCompare(item.provider ?? "") == .orderedSame {
                    name = String(name[..<range.lowerBound])
                }
            }
        }
        name = name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || !Slug.isValid(Slug.make(from: name)) { name = source.credit }
        let slug = Slug.make(from: name)
        return .init(slug: Slug.isValid(slug) ? slug : "wire", name: name)
    }

    static func leadImage(_ item: WireItem) -> LeadImage? {
        guard let picture = item.pictures.first else { return nil }
        let alt = picture.alt ?? picture.caption ?? item.headline
        return LeadImage(src: picture.href, width: picture.width ?? 1200, height: picture.height ?? 800, alt: alt, caption: picture.caption, credit: picture.credit)
    }

    static func name(ofSlug slug: String) -> String {
        slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}
