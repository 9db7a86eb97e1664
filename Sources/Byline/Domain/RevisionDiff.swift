import Foundation

/// What changed between two revisions of an article, field by field, with a line diff of
/// the body, for the newsroom's compare page.
public enum RevisionDiff {
    public struct Line: Sendable, Hashable {
        public enum Kind: String, Sendable {
            case same, added, removed
        }

        public let kind: Kind
        public let text: String

        public init(kind: Kind, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    public struct FieldChange: Sendable, Hashable {
        public var field: String
        public var lines: [Line]
    }

    /// The changes, named and written in `catalog`'s language.
    public static func changes(from old: ArticleDocument, to new: ArticleDocument, in catalog: MessageCatalog = .source) -> [FieldChange] {
        func t(_ message: Message) -> String { catalog.message(message) }
        func credit(_ document: ArticleDocument) -> String {
            document.creditKind == .staff ? t(Credit.Kind.staff.name) : "\(t(document.creditKind.name)): \(document.creditSource)"
        }
        func image(_ image: LeadImage?) -> String {
            guard let image else { return "" }
            return [image.src, "\(t(Message("Alt text"))): \(image.alt)", "\(t(Message("Caption"))): \(image.caption ?? "")",
                    "\(t(Message("Photo credit"))): \(image.credit ?? "")"].joined(separator: "\n")
        }
        func comments(_ document: ArticleDocument) -> String {
            let state = t(document.commentsOpen ? Message("Open") : Message("Closed"))
            return state + (document.commentsCloseAt.map { " → \(ISO8601.string(from: $0, in: .gmt))" } ?? "")
        }
        let fields: [(Message, (ArticleDocument) -> String)] = [
            (Message("Headline"), \.headline), (Message("Standfirst"), \.dek), (Message("Slug"), \.slug),
            (Message("Authors"), { $0.authors.joined(separator: ", ") }), (Message("Section"), \.section),
            (Message("Tags"), { $0.tags.joined(separator: ", ") }), (Message("Dateline"), \.dateline), (Message("Credit"), credit),
            (Message("Lead image"), { image($0.leadImage) }), (Message("Story"), \.body), (Message("Comments"), comments),
            (Message("Date shown"), { $0.displayDate.map { ISO8601.string(from: $0, in: .gmt) } ?? "" }),
            (Message("Corrections"), { $0.corrections.map { "\(t($0.kind.name)): \($0.text)" }.joined(separator: "\n") }),
        ]
        return fields.compactMap { name, value in
            let before = value(old), after = value(new)
            guard before != after else { return nil }
            return FieldChange(field: t(name), lines: lines(from: before, to: after))
        }
    }

    /// A line-by-line diff, unchanged lines included, in reading order.
    public static func lines(from old: String, to new: String) -> [Line] {
        let a = old.isEmpty ? [] : old.components(separatedBy: "\n")
        let b = new.isEmpty ? [] : new.components(separatedBy: "\n")
        let difference = b.difference(from: a)
        var removed: Set<Int> = []
        var inserted: Set<Int> = []
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var result: [Line] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                result.append(Line(kind: .removed, text: a[i]))
                i += 1
            } else if j < b.count, inserted.contains(j) {
                result.append(Line(kind: .added, text: b[j]))
                j += 1
            } else {
                if j < b.count { result.append(Line(kind: .same, text: b[j])) }
                i += 1
                j += 1
            }
        }
        return result
    }
}
