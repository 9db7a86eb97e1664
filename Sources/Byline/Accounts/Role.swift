import Foundation

/// What a newsroom member may do, as in WordPress: each role can do everything the one
/// before it can, and more.
public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
    /// Writes and edits their own drafts; cannot publish.
    case contributor
    /// Also publishes and edits their own articles.
    case author
    /// Everything about articles, sections, tags and comments.
    case editor
    /// Also users and site settings.
    case admin

    /// The role's name as the newsroom shows it.
    public var name: Message {
        switch self {
        case .contributor: Message("Contributor")
        case .author: Message("Author")
        case .editor: Message("Editor")
        case .admin: Message("Administrator")
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
