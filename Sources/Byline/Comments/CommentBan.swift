import Foundation

/// A ban on an email address or an IP range.
public struct CommentBan: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case email, ip
    }

    public var kind: Kind
    /// A lowercased email address, or a CIDR range.
    public var value: String
    public var reason: String
    public var createdBy: String
    public var createdAt: Date

    public init(kind: Kind, value: String, reason: String, createdBy: String, createdAt: Date) {
        self.kind = kind
        self.value = value
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    public func matches(email: String, ip: IPAddress?) -> Bool {
        switch kind {
        case .email: value == email.lowercased()
        case .ip: ip.map { IPRange(value)?.contains($0) ?? false } ?? false
        }
    }
}
