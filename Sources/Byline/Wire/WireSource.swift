import Foundation

/// An agency feed as the newsroom configured it: whom to credit, whether its copy waits for
/// an editor, and where its stories go.
public struct WireSource: Sendable, Equatable {
    public enum Policy: String, Sendable, CaseIterable {
        /// Editors review before publishing: the default.
        case draft
        /// Straight to the site, as wire-heavy sites do overnight.
        case publish
    }

    /// Where stories with one subject code go: a section, or a tag.
    public struct Mapping: Sendable, Equatable, Codable {
        public var code: String
        public var section: String?
        public var tag: String?

        public init(code: String, section: String? = nil, tag: String? = nil) {
            self.code = code
            self.section = section
            self.tag = tag
        }

        /// `CODE=section:SLUG` or `CODE=tag:NAME`, as the command line and the newsroom take it.
        public static func parse(_ text: String) throws(WireItem.Failure) -> Mapping {
            let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw WireItem.Failure(reason: "\"\(text)\" is not a mapping: write CODE=section:SLUG or CODE=tag:NAME, as 04000000=section:business")
            }
            let target = parts[1].split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            switch (target.first, target.count == 2 ? target[1] : "") {
            case ("section"?, let slug) where Slug.isValid(slug): return Mapping(code: parts[0], section: slug)
            case ("section"?, let slug): throw WireItem.Failure(reason: "\"\(slug)\" is not a section slug: lowercase letters, digits and hyphens")
            case ("tag"?, let name) where !name.isEmpty && Slug.isValid(Slug.make(from: name)): return Mapping(code: parts[0], tag: name)
            default: throw WireItem.Failure(reason: "\"\(parts[1])\" is not section:SLUG or tag:NAME")
            }
        }

        public var description: String { "\(code)=" + (section.map { "section:\($0)" } ?? "tag:\(tag ?? "")") }

        /// `medtop:04000000` matches a mapping for `04000000`, and the reverse: agencies send
        /// codes with and without their scheme.
        func matches(_ subject: String) -> Bool {
            func bare(_ code: String) -> Substring { code.split(whereSeparator: { $0 == ":" || $0 == "/" }).last ?? Substring(code) }
            return subject == code || bare(subject) == bare(code)
        }
    }

    public var name: String
    /// The agency named in the credit line ("AFP").
    public var credit: String
    public var policy: Policy
    /// The section's slug for stories no mapping places.
    public var section: String
    public var mappings: [Mapping]

    public init(name: String, credit: String? = nil, policy: Policy = .draft, section: String = "news", mappings: [Mapping] = []) {
        self.name = name
        self.credit = credit ?? name
        self.policy = policy
        self.section = section
        self.mappings = mappings
    }
}
