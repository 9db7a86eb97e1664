import Foundation

/// What the comment rules know about a submission before it is stored, read at once
/// (`CommentRepository.screening`). The rules themselves stay in `CommentPoster`.
public struct CommentScreening: Sendable {
    public struct Request: Sendable {
        public var articleID: Int64
        public var email: String
        public var name: String
        public var body: String
        public var ip: String?
        public var network: String?
        /// Since when the same address or email counts as posting too soon.
        public var since: Date
        /// Since when the network's posts count against its per-minute limit.
        public var networkSince: Date

        public init(articleID: Int64, email: String, name: String, body: String, ip: String?, network: String?, since: Date, networkSince: Date) {
            self.articleID = articleID
            self.email = email
            self.name = name
            self.body = body
            self.ip = ip
            self.network = network
            self.since = since
            self.networkSince = networkSince
        }
    }

    public var bans: [CommentBan]
    public var activity: RecentActivity
    public var history: CommenterHistory
    public var isDuplicate: Bool
}
