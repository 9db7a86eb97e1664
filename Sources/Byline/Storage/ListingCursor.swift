import Foundation

/// A position in the newest-first order of published articles: the date readers see, then the ID.
public struct ListingCursor: Sendable, Hashable {
    public var date: Date
    public var id: Int64

    public init(date: Date, id: Int64) {
        self.date = date
        self.id = id
    }

    public init(after summary: ArticleSummary) { self.init(date: summary.shownDate, id: summary.id) }

    /// An opaque token for clients: `microseconds.id`, base64url.
    public var token: String {
        Signer.base64URL(Data("\(Int64((date.timeIntervalSince1970 * 1_000_000).rounded())).\(id)".utf8))
    }

    public init?(token: String) {
        guard token.count <= 100, let data = Signer.data(base64URL: token), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = Int64(parts[1]), id > 0 else { return nil }
        self.init(date: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
    }
}
