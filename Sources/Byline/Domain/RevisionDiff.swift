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

    public static func changes(from old: ArticleDocument, to new: ArticleDocument) -> [FieldChange] {
        let fields: [(String, (ArticleDocument) -> String)] = [
            ("Headline", \.headline), ("Standfirst", \.dek), ("Slug", \.slug), ("Authors", { $0.authors.joined(separator: ", ") }),
            ("Section", \.section), ("Tags", { $0.tags.joined(separator: ", ") }), ("Dateline", \.dateline),
            ("Credit", { $0.creditKind == .staff ? "Staff" : "\($0.creditKind.rawValue.capitalized): \($0.creditSource)" }),
            ("Lead image", { $0.leadImage.map { "\($0.src)\nAlt: \($0.alt)\nCaption: \($0.caption ?? "")\nCredit: \($0.credit ?? "")" } ?? "" }),
            ("Body", \.body),
            ("Comments", { ($0.commentsOpen ? "Open" : "Closed") + ($0.commentsCloseAt.map { " until \(ISO8601.string(from: $0, in: .gmt))" } ?? "") }),
            ("Date shown", { $0.displayDate.map { ISO8601.string(from: $0, in: .gmt) } ?? "" }),
            ("Corrections", { $0.corrections.map { "\($0.kind.label): \($0.text)" }.joined(separator: "\n") }),
        ]
        return fields.compactMap { name, value in
            let before = value(old), after = value(new)
            guard before != after else { return nil }
            return FieldChange(field: name, lines: lines(from: before, to: after))
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
