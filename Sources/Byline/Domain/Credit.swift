/// Where the copy came from: the distributor line of ANS.
///
/// Wire and syndicated copy always name their source, because the credit line
/// ("With AFP") is a contractual obligation to the agency, not decoration.
public enum Credit: Sendable, Hashable {
    case staff
    case wires(agency: String)
    case syndicated(source: String)

    public enum Kind: String, Sendable, CaseIterable, Codable {
        case staff, wires, syndicated

        /// How the editor's Credit choice names it.
        public var name: Message {
            switch self {
            case .staff: Message("Staff")
            case .wires: Message("Wires")
            case .syndicated: Message("Syndicated")
            }
        }
    }

    public var kind: Kind {
        switch self {
        case .staff: .staff
        case .wires: .wires
        case .syndicated: .syndicated
        }
    }

    /// The agency or publication, or nil for staff copy.
    public var source: String? {
        switch self {
        case .staff: nil
        case .wires(let agency): agency
        case .syndicated(let source): source
        }
    }

    public init?(kind: Kind, source: String?) {
        switch kind {
        case .staff: self = .staff
        case .wires:
            guard let source, !source.isEmpty else { return nil }
            self = .wires(agency: source)
        case .syndicated:
            guard let source, !source.isEmpty else { return nil }
            self = .syndicated(source: source)
        }
    }

    /// The line printed under the story, or nil when staff wrote it.
    public var creditMessage: Message? {
        switch self {
        case .staff: nil
        case .wires(let agency): Message("With {agency}", ["agency": agency])
        case .syndicated(let source): Message("Originally published by {source}", ["source": source])
        }
    }

    public var creditLine: String? { creditMessage?.description }
}
