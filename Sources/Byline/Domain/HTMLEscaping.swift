extension String {
    /// Escapes text for HTML element content and quoted attribute values alike: `&`, `<`, `>`,
    /// `"` and `'`, by their bytes, so a mark is escaped even where a combining character
    /// makes it part of a larger character. Text with none of them (most of it) is returned
    /// after one look at its bytes.
    public var htmlEscaped: String {
        guard utf8.contains(where: Self.needsEscaping) else { return self }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count + 32)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): escaped += "&amp;".utf8
            case UInt8(ascii: "<"): escaped += "&lt;".utf8
            case UInt8(ascii: ">"): escaped += "&gt;".utf8
            case UInt8(ascii: "\""): escaped += "&quot;".utf8
            case UInt8(ascii: "'"): escaped += "&#39;".utf8
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
