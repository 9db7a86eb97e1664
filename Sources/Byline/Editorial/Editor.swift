import Foundation

/// Who made a change, as revisions and conflict messages name them.
public struct Editor: Sendable, Hashable {
    public var userID: Int64?
    public var name: String

    public init(userID: Int64?, name: String) {
        self.userID = userID
        self.name = name
    }

    public init(_ user: User) { self.init(userID: user.id, name: user.name) }
}
