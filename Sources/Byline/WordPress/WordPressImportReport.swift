import Foundation

/// What an import did and didn't do, for the person who ran it: counts of what was created,
/// updated and left unchanged, what was skipped and why, files not copied, and what was
/// taken out of the posts.
public struct WordPressImportReport: Sendable, Equatable, CustomStringConvertible {
    public struct Counts: Sendable, Equatable {
        public var created = 0
        public var updated = 0
        public var unchanged = 0

        public var total: Int { created + updated + unchanged }
    }

    /// By kind: stories, pages, comments, authors, sections, tags, media, redirects.
    public var counts: [String: Counts] = [:]
    /// By reason, how many items were left out.
    public var skipped: [String: Int] = [:]
    /// One line per item that was imported differently from how WordPress had it.
    public var notes: [String] = []
    public var shortcodesRemoved: [String: Int] = [:]
    /// Active content dropped from posts (scripts, frames from unknown hosts…), by name.
    public var elementsRemoved: [String: Int] = [:]
    /// Uploads that stay at their old address because no copy of them was given.
    public var filesNotCopied: [String] = []
    public var dryRun = false

    public init() {}

    mutating func skip(_ reason: String) { skipped[reason, default: 0] += 1 }

    mutating func note(_ line: String) { notes.append(line) }

    mutating func count(_ kind: String, _ change: ArticleSaveOutcome.Change) {
        switch change {
        case .created: counts[kind, default: Counts()].created += 1
        case .updated: counts[kind, default: Counts()].updated += 1
        case .unchanged: counts[kind, default: Counts()].unchanged += 1
        }
    }

    public var description: String {
        var lines: [String] = [dryRun ? "Dry run: nothing was written. The import would do this:" : "Imported:"]
        for kind in Self.order where counts[kind] != nil {
            let each = counts[kind]!
            lines.append("  \(kind): \(each.created) created, \(each.updated) updated, \(each.unchanged) unchanged")
        }
        if !skipped.isEmpty {
            lines.append("Skipped:")
            for (reason, count) in skipped.sorted(by: { $0.key < $1.key }) { lines.append("  \(reason): \(count)") }
        }
        if !shortcodesRemoved.isEmpty {
            lines.append("Shortcodes removed (their words kept), by name:")
            for (name, count) in shortcodesRemoved.sorted(by: { $0.key < $1.key }) { lines.append("  [\(name)]: \(count)") }
        }
        if !elementsRemoved.isEmpty {
            lines.append("Removed from posts, as active content:")
            for (name, count) in elementsRemoved.sorted(by: { $0.key < $1.key }) { lines.append("  \(name): \(count)") }
        }
        if !filesNotCopied.isEmpty {
            lines.append("Files not copied (the stories use them at their old address; --uploads DIR copies the attachments among them):")
            for file in filesNotCopied { lines.append("  \(file)") }
        }
        if !notes.isEmpty {
            lines.append("Notes:")
            for note in notes { lines.append("  \(note)") }
        }
        return lines.joined(separator: "\n")
    }

    static let order = ["stories", "pages", "comments", "authors", "sections", "tags", "media", "redirects"]
}
