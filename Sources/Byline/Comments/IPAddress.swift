import Foundation

/// An IPv4 or IPv6 address as 4 or 16 bytes, for bans by range and rate limits by network.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.init(bytes: withUnsafeBytes(of: &v4) { Array($0) })
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address.
            self.init(bytes: withUnsafeBytes(of: &v6) { Array($0) })
        } else {
            return nil
        }
    }

    /// 4 or 16 bytes as they go on the wire; an IPv4-mapped IPv6 address is its IPv4 address.
    public init?(bytes raw: [UInt8]) {
        switch raw.count {
        case 4: bytes = raw
        case 16: bytes = raw[0..<10].allSatisfy { $0 == 0 } && raw[10] == 0xFF && raw[11] == 0xFF ? Array(raw[12...]) : raw
        default: return nil
        }
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The network this address is in, as rate limits see it: a /24 for IPv4 and a /48 for
    /// IPv6, since one household or office usually holds a whole /48.
    public var rateLimitNetwork: String {
        isIPv4 ? bytes.prefix(3).map(String.init).joined(separator: ".") + ".0/24"
            : stride(from: 0, to: 6, by: 2).map { String(format: "%02x%02x", bytes[$0], bytes[$0 + 1]) }.joined(separator: ":") + "::/48"
    }

    public var description: String {
        var copy = bytes
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv4 ? AF_INET : AF_INET6
        return copy.withUnsafeMutableBytes { raw in
            guard inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
