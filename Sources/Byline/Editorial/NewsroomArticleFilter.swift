import Foundation

/// Which articles the newsroom's list shows.
public struct NewsroomArticleFilter: Sendable, Hashable {
    public var status: EditorialStatus?
    public var sectionID: Int64?
    public var authorID: Int64?
    /// Words the headline contains, case-insensitively.
    public var query: String?

    public init(status: EditorialStatus? = nil, sectionID: Int64? = nil, authorID: Int64? = nil, query: String? = nil) {
        self.status = status
        self.sectionID = sectionID
        self.authorID = authorID
        self.query = query
    }
}
