import Crypto
import Foundation

/// How deliveries are signed and retried.
public enum WebhookSignature {
    /// `t=UNIX,v1=HEX`: an HMAC-SHA256 of `UNIX.BODY` with the webhook's secret. The timestamp
    /// lets a receiver refuse a replayed delivery (more than five minutes old, say).
    public static func header(body: Data, secret: String, at date: Date) -> String {
        let timestamp = Int64(date.timeIntervalSince1970)
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.hex
    }

    /// Whether a header is right for this body and no older than `tolerance`: what a receiver checks.
    public static func isValid(_ header: String, body: Data, secret: String, now: Date, tolerance: TimeInterval = 300) -> Bool {
        let parts = Dictionary(header.split(separator: ",").compactMap { part -> (String, String)? in
            let pair = part.split(separator: "=", maxSplits: 1)
            return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
        }, uniquingKeysWith: { first, _ in first })
        guard let t = parts["t"], let timestamp = Int64(t), abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = Self.header(body: body, secret: secret, at: Date(timeIntervalSince1970: Double(timestamp)))
        return Signer.constantTimeEquals(expected, header)
    }

    /// Thirty seconds, doubling with each failure up to an hour; nil once a day has passed
    /// since the event, when the delivery is given up.
    public static func retryAt(attempts: Int, createdAt: Date, now: Date) -> Date? {
        let delay = min(3600, 30 * pow(2, Double(max(0, attempts - 1))))
        let next = now.addingTimeInterval(delay)
        return next.timeIntervalSince(createdAt) <= 24 * 3600 ? next : nil
    }
}
