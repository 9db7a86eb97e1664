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
