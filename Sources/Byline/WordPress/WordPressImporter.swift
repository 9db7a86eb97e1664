import Foundation

/// `byline wordpress import FILE.xml`: two passes over the export, streamed.
///
/// The first pass reads the whole file (so a truncated or malformed one is refused before
/// anything is written) and takes stock; the second plans every item, then stores them in
/// batches, each batch one transaction. Every record is matched by its WordPress ID, so an
/// import that was interrupted continues where it stopped when run again: what it already
/// stored is found unchanged.
public enum WordPressImporter {
    public struct Options: Sendable {
        public var planner: WordPressPlanner.Options
        public var dryRun: Bool
        public var maxDepth: Int
        public var batchSize: Int
        /// A copy of the site's `wp-content/uploads`, and the library its images go into.
        public var uploads: (folder: URL, library: MediaLibrary)?
        /// Called after each batch with the items read so far and the file's total.
        public var progress: @Sendable (_ done: Int, _ total: Int) -> Void

        public init(
            planner: WordPressPlanner.Options = .init(), dryRun: Bool = false, maxDepth: Int = 5, batchSize: Int = 100,
            uploads: (folder: URL, library: MediaLibrary)? = nil, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
        ) {
            self.planner = planner
            self.dryRun = dryRun
            self.maxDepth = maxDepth
            self.batchSize = batchSize
            self.uploads = uploads
            self.progress = progress
        }
    }

    public static let source = "wordpress"

    /// The CLI's import: the site's own time zone and thread depth (as its settings have
    /// them now) for the dates and the threads.
    public static func run(
        file: URL, configuration: Configuration, sections: [String]?, uploads: URL?, dryRun: Bool, progress: @escaping @Sendable (Int, Int) -> Void,
        now: Date = Date()
    ) async throws -> WordPressImportReport {
        let storage = try await openStorage(configuration, now: now)
        let site = (try? (try await storage.settings.load()).apply(to: configuration)) ?? configuration
        var options = Options(
            planner: .init(sections: sections, timeZone: site.dateDisplay.timeZone), dryRun: dryRun, maxDepth: site.comments.maxDepth, progress: progress)
        if let uploads { options.uploads = (uploads, mediaLibrary(site, storage: storage)) }
        return try await run(WXR.Reader(file: file), into: storage, options: options, now: now)
    }

    public static func run(_ reader: WXR.Reader, into storage: Storage, options: Options, now: Date = Date()) async throws -> WordPressImportReport {
        var inventory = WordPressInventory()
        for try await part in reader.stream() { inventory.take(part) }
        var report = WordPressImportReport()
        report.dryRun = options.dryRun
        var plannerOptions = options.planner
        if let uploads = options.uploads {
            let copied = try await WordPressUploads(folder: uploads.folder, library: uploads.library)
                .copy(Array(inventory.attachments.values), dryRun: options.dryRun, now: now, report: &report)
            plannerOptions.copiedUpload = { copied.address(of: $0) }
            // A copied file's own size wins over what WordPress's metadata said.
            for (id, size) in copied.sizes {
                inventory.attachments[id]?.width = size.width
                inventory.attachments[id]?.height = size.height
            }
        } else {
            report.filesNotCopied = inventory.attachments.values.sorted { $0.id < $1.id }.map(\.url)
        }
        let planner = try WordPressPlanner(inventory, options: plannerOptions)
        // Plan everything before the first write: a problem with any item stops the import
        // while nothing has been stored.
        var planning = WordPressImportReport()
        var authors: Set<String> = []
        var tags: Set<String> = []
        var sections: Set<String> = []
        for try await part in reader.stream() {
            guard case .item(let item) = part else { continue }
            switch planner.plan(item, report: &planning) {
            case .story(let story)?:
                authors.formUnion(story.input.authors.map(\.slug))
                tags.formUnion(story.input.tags.map(\.slug))
                sections.insert(story.input.section.slug)
            case .page?: break
            case nil: break
            }
        }
        report.skipped = planning.skipped
        report.notes = planning.notes
        report.shortcodesRemoved = planning.shortcodesRemoved
        report.elementsRemoved = planning.elementsRemoved
        report.filesNotCopied += planning.filesNotCopied

        var batch: [WordPressPlanner.Story] = []
        var read = 0
        var scratch = WordPressImportReport()
        var pages: [WordPressPlanner.StandingPage] = []
        func flush(pages: [WordPressPlanner.StandingPage] = [], _ redirects: [(path: String, target: String)] = [], tags: [ArticleInput.TagRef] = []) async throws {
            guard !batch.isEmpty || !pages.isEmpty || !redirects.isEmpty || !tags.isEmpty else { return }
            let stored = try await storage.imports.apply(
                ImportBatch(source: source, stories: batch, pages: pages, redirects: redirects, tags: tags, maxDepth: options.maxDepth), now: now, dryRun: options.dryRun)
            report.add(stored)
            batch.removeAll(keepingCapacity: true)
            options.progress(read, inventory.itemCount)
        }
        for try await part in reader.stream() {
            guard case .item(let item) = part else { continue }
            read += 1
            switch planner.plan(item, report: &scratch) {
            case .story(let story)?: batch.append(story)
            // Pages are few, and each must come after the page it sits under: they go last.
            case .page(let page)?: pages.append(page)
            case nil: break
            }
            if batch.count >= options.batchSize { try await flush() }
        }
        let unused = unusedTerms(inventory, sections: sections, tags: tags)
        tags.formUnion(unused.map(\.slug))
        try await flush(pages: parentsFirst(pages), listingRedirects(inventory, sections: sections), tags: unused)
        options.progress(inventory.itemCount, inventory.itemCount)
        // Storing counts the authors, sections and tags it had to create; the rest were there.
        for (kind, distinct) in [("authors", authors.count), ("sections", sections.count), ("tags", tags.count)] {
            let created = report.counts[kind]?.created ?? 0
            report.counts[kind] = .init(created: created, updated: 0, unchanged: max(0, distinct - created))
        }
        return report
    }

    /// The categories and tags no story was filed under, as the tags they become.
    static func unusedTerms(_ inventory: WordPressInventory, sections: Set<String>, tags: Set<String>) -> [ArticleInput.TagRef] {
        var seen = tags.union(sections)
        return inventory.terms.filter { $0.taxonomy == "category" || $0.taxonomy == "post_tag" }.compactMap { term in
            let slug = WordPressPlanner.slug(term.slug, or: "")
            guard !slug.isEmpty, seen.insert(slug).inserted else { return nil }
            return ArticleInput.TagRef(slug: slug, name: WordPressPlanner.plain(term.name).isEmpty ? slug : WordPressPlanner.plain(term.name))
        }
    }

    /// WordPress's listing and feed addresses, each to Byline's equivalent: the site's feeds,
    /// each category's and tag's page and feed (a category may have become a tag), authors.
    /// Each page after its parent; a page whose parent isn't in the file goes to the top.
    static func parentsFirst(_ pages: [WordPressPlanner.StandingPage]) -> [WordPressPlanner.StandingPage] {
        let ids = Set(pages.map(\.wordpressID))
        var placed: Set<Int> = []
        var ordered: [WordPressPlanner.StandingPage] = []
        var waiting = pages.map { page in
            var page = page
            if let parent = page.parentWordPressID, !ids.contains(parent) { page.parentWordPressID = nil }
            return page
        }
        while !waiting.isEmpty {
            var ready = waiting.filter { $0.parentWordPressID.map(placed.contains) ?? true }
            // A loop of parents: its first page is put at the top to break it.
            if ready.isEmpty {
                ready = [waiting[0]]
                ready[0].parentWordPressID = nil
            }
            ordered += ready
            placed.formUnion(ready.map(\.wordpressID))
            let done = Set(ready.map(\.wordpressID))
            waiting.removeAll { done.contains($0.wordpressID) }
        }
        return ordered
    }

    /// `sections` are those a story was filed under: a category that heads no story is a tag.
    static func listingRedirects(_ inventory: WordPressInventory, sections: Set<String>) -> [(path: String, target: String)] {
        var redirects: [(path: String, target: String)] = [
            ("/feed/", SiteURL.feed(of: .front(), .rss).path), ("/feed/rss2/", SiteURL.feed(of: .front(), .rss).path),
            ("/feed/atom/", SiteURL.feed(of: .front(), .atom).path), ("/comments/feed/", SiteURL.siteCommentsFeed.path),
            ("/?feed=rss2", SiteURL.feed(of: .front(), .rss).path), ("/?feed=atom", SiteURL.feed(of: .front(), .atom).path),
        ]
        for term in inventory.terms where term.taxonomy == "category" || term.taxonomy == "post_tag" {
            let slug = WordPressPlanner.slug(term.slug, or: "")
            guard !slug.isEmpty else { continue }
            let listing: SiteURL = term.taxonomy == "category" && sections.contains(slug) ? .section(.value(slug)) : .tag(.value(slug))
            let old = term.taxonomy == "category" ? "/category/" + inventory.ancestry(ofCategory: term.slug).joined(separator: "/") + "/" : "/tag/\(term.slug)/"
            redirects.append((old, listing.path))
            redirects.append((old + "feed/", SiteURL.feed(of: listing, .rss).path))
            if let id = term.id { redirects.append((term.taxonomy == "category" ? "/?cat=\(id)" : "/?tag=\(term.slug)", listing.path)) }
        }
        for author in inventory.authors.values.sorted(by: { $0.login < $1.login }) {
            let name = WordPressPlanner.plain(author.displayName)
            let slug = WordPressPlanner.slug(name.isEmpty ? author.login : name, or: WordPressPlanner.slug(author.login, or: ""))
            guard !slug.isEmpty, let login = author.login.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) else { continue }
            redirects.append(("/author/\(login)/", SiteURL.author(.value(slug)).path))
            if let id = author.id { redirects.append(("/?author=\(id)", SiteURL.author(.value(slug)).path)) }
        }
        // A path that is already Byline's own (with or without its slash) needs no redirect.
        return redirects.filter { $0.path != $0.target && $0.path != $0.target + "/" }
    }
}

extension WordPressImportReport {
    mutating func add(_ other: WordPressImportReport) {
        for (kind, each) in other.counts {
            counts[kind, default: Counts()].created += each.created
            counts[kind, default: Counts()].updated += each.updated
            counts[kind, default: Counts()].unchanged += each.unchanged
        }
        skipped.merge(other.skipped, uniquingKeysWith: +)
        notes += other.notes
    }
}
