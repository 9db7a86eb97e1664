import Foundation

/// A line of the newsroom's article list.
public struct NewsroomArticleRow: Sendable, Hashable {
    public var id: Int64
    public var headline: String
    public var slug: String
    public var status: EditorialStatus
    public var sectionName: String
    public var authorNames: [String]
    public var ownerID: Int64?
    public var updatedAt: Date
    public var publishedAt: Date?
    public var scheduledAt: Date?
    /// Agency copy the newsroom must look at: an update held for merge, or a kill.
    public var wireFlag: WireQueueItem.State?

    public init(
        id: Int64, headline: String, slug: String, status: EditorialStatus, sectionName: String, authorNames: [String], ownerID: Int64?,
        updatedAt: Date, publishedAt: Date?, scheduledAt: Date?
    ) {
        self.id = id
        self.headline = headline
        self.slug = slug
        self.status = status
        self.sectionName = sectionName
        self.authorNames = authorNames
        self.ownerID = ownerID
        self.updatedAt = updatedAt
        self.publishedAt = publishedAt
        self.scheduledAt = scheduledAt
    }
}
