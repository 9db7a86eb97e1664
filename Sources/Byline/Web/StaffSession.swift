import Hummingbird
import Foundation
import HTTPTypes
import NIOCore

/// A signed-in account and the session it came with.
public struct StaffSession: Sendable {
    public var user: User
    public var session: Session
}
