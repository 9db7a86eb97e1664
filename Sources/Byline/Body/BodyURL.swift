import Foundation

/// Which addresses a story's links and images may have: http, https, mailto, and this site's
/// own (a path, a query or a fragment). The decision is made on the address as a browser
/// would read it: after cmark has decoded entities and escapes, with percent-encoding decoded
/// and the control characters and spaces browsers skip inside a scheme (`java\tscript:`) removed.
enum BodyURL {
    static func allowed(_ url: String) -> String? {
        let decoded = url.removingPercentEncoding ?? url
        let cleaned = String(decoded.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) })
        if cleaned.isEmpty { return url.isEmpty ? "" : nil }
        // Protocol-relative addresses leave the site; browsers read a backslash as a slash.
        if cleaned.hasPrefix("//") || cleaned.hasPrefix("\\") || cleaned.hasPrefix("/\\") { return nil }
        // A scheme is what a browser takes for one: a letter, then letters, digits, `+`, `-` or
        // `.`, before the first colon. Anything else before a colon makes a relative address.
        guard let colon = cleaned.firstIndex(of: ":") else { return url }
        let scheme = cleaned[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return url }
        switch scheme.lowercased() {
        case "http", "https", "mailto": return url
        default: return nil
        }
    }

    static func isExternal(_ url: String) -> Bool {
        let lowered = url.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    static func isMail(_ url: String) -> Bool { url.lowercased().hasPrefix("mailto:") }

    /// cmark's table of bytes a URL keeps as they are in `href`: letters, digits and
    /// `-_.+!*(),%#@?=;:/$~` (`&` and `'` become entities; everything else is percent-encoded).
    static let hrefSafe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+!*(),%#@?=;:/$~".utf8 { table[Int(byte)] = true }
        return table
    }()
}
