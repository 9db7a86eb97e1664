import Crypto
import Foundation

/// Signs short strings with the site's secret (HMAC-SHA256), so that tokens and cookies a
/// node hands out can be checked by any node, and not forged by anyone else.
struct Signer: Sendable {
    private let secret: [UInt8]
    // SymmetricKey isn't Sendable; making one from the bytes costs next to nothing.
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    init(secret: [UInt8]) { self.secret = secret }

    /// `payload.signature`, URL-safe.
    func sign(_ payload: String) -> String {
        payload + "." + Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)))
    }

    /// The payload when the signature is right; nil otherwise. The comparison takes constant time.
    func verify(_ token: String) -> String? {
        guard let dot = token.lastIndex(of: ".") else { return nil }
        let payload = String(token[..<dot])
        guard let signature = Self.data(base64URL: String(token[token.index(after: dot)...])),
            HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data(payload.utf8), using: key)
        else { return nil }
        return payload
    }

    /// How long a form stays valid. Tokens carry the hour they were made, so a page holding one
    /// can be cached for everyone, and any node can check it.
    static let formLifetime: TimeInterval = 24 * 3600

    /// A token for a form made for `purpose` (such as `comment.12` or `login`) in this hour.
    func formToken(purpose: String, now: Date) -> String {
        sign("\(purpose).\(Int64(now.timeIntervalSince1970 / 3600))")
    }

    /// True for a token of this purpose made less than a day ago (and not more than five
    /// minutes in the future, for a node whose clock runs ahead).
    func isValidFormToken(_ token: String, purpose: String, now: Date) -> Bool {
        guard let payload = verify(token), payload.hasPrefix(purpose + "."), let hour = Int64(payload.dropFirst(purpose.count + 1)) else {
            return false
        }
        let age = now.timeIntervalSince1970 - Double(hour) * 3600
        return age >= -300 && age <= Self.formLifetime
    }

    /// Compares secrets in time that doesn't depend on where they first differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal, two digits a byte: for hashes and MACs in names and headers.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
