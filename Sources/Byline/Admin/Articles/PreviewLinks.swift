import Foundation

/// Signed, expiring links that show an unpublished article exactly as readers will see it,
/// to anyone who has the link (an editor on the phone, a lawyer reading before publication).
struct PreviewLinks: Sendable {
    let signer: Signer
    static let lifetime: TimeInterval = 7 * 86400

    func url(articleID: Int64, now: Date = Date()) -> String {
        let expires = Int64(now.addingTimeInterval(Self.lifetime).timeIntervalSince1970)
        return SiteURL.preview(token: .value(signer.sign("preview.\(articleID).\(expires)"))).path
    }

    func articleID(token: String, now: Date = Date()) -> Int64? {
        guard let payload = signer.verify(token) else { return nil }
        let parts = payload.split(separator: ".")
        guard parts.count == 3, parts[0] == "preview", let id = Int64(parts[1]), let expires = Int64(parts[2]),
            Double(expires) > now.timeIntervalSince1970
        else { return nil }
        return id
    }
}
