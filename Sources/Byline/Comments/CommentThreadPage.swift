import Foundation

/// One page of a discussion: whole threads, oldest first, in reading order.
public struct CommentThreadPage: Sendable {
    /// Every visible comment of the page's threads, depth-first, each after its parent.
    public var comments: [Comment]
    public var page: PageRequest
    /// Top-level threads on all pages.
    public var threadCount: Int
    /// Approved comments on all pages, for the heading.
    public var approvedCount: Int

    public init(comments: [Comment], page: PageRequest, threadCount: Int, approvedCount: Int) {
        self.comments = comments
        self.page = page
        self.threadCount = threadCount
        self.approvedCount = approvedCount
    }

    public var pageCount: Int { max(1, (threadCount + page.size - 1) / page.size) }
}

extension CommentThreadPage {
    /// Orders a page's comments depth-first, oldest first among siblings. A reply whose
    /// parent is not visible (held, or removed later) is shown under its thread's root.
    static func readingOrder(_ comments: [Comment]) -> [Comment] {
        let visible = Set(comments.map(\.id))
        var children: [Int64: [Comment]] = [:]
        var roots: [Comment] = []
        for comment in comments.sorted(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) {
            if let parent = comment.parentID {
                let attachTo = visible.contains(parent) ? parent : comment.rootID
                guard visible.contains(attachTo), attachTo != comment.id else { continue }
                children[attachTo, default: []].append(comment)
            } else {
                roots.append(comment)
            }
        }
        var ordered: [Comment] = []
        func visit(_ comment: Comment) {
            ordered.append(comment)
            for child in children[comment.id] ?? [] { visit(child) }
        }
        roots.forEach(visit)
        return ordered
    }
}
