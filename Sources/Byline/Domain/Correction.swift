import Foundation

/// A published note amending an article. Corrections are never edited away: readers
/// are owed a record of what was wrong.
public struct Correction: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case correction, clarification, update

        public var name: Message {
            switch self {
            case .correction: Message("Correction")
            case .clarification: Message("Clarification")
            case .update: Message("Update")
            }
        }

        public var label: String { name.description }
    }

    public var kind: Kind
    public var text: String
    public var date: Date

    public init(kind: Kind, text: String, date: Date) {
        self.kind = kind
        self.text = text
        self.date = date
    }
}
