import Foundation

/// URL-safe identifiers for articles, sections, tags and authors.
///
/// A slug is lowercase ASCII letters, digits and single hyphens, never starting or
/// ending with a hyphen. `Slug.make(from:)` transliterates any script to ASCII so that
/// "Łódź" and "Москва" give readable URLs instead of percent-encoded ones.
public enum Slug {
    /// Longer slugs are cut at a word boundary: URLs past this length are truncated by
    /// some mail clients and look spammy in search results.
    public static let maximumLength = 96

    public static func make(from text: String) -> String {
        let ascii = text.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) ?? text
        var slug = ""
        var pendingHyphen = false
        for scalar in ascii.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar != "'" && scalar != "’" {
                // Apostrophes vanish ("Byline's" → "bylines") rather than split words.
                pendingHyphen = true
            }
        }
        guard slug.count > maximumLength else { return slug }
        let cut = slug.prefix(maximumLength)
        if let lastHyphen = cut.lastIndex(of: "-") { return String(cut[..<lastHyphen]) }
        return String(cut)
    }

    /// The slug, or the first of `slug-2`, `slug-3`… that isn't taken.
    public static func free(_ slug: String, isTaken: (String) async throws -> Bool) async rethrows -> String {
        var candidate = slug
        var suffix = 1
        while try await isTaken(candidate) {
            suffix += 1
            let ending = "-\(suffix)"
            candidate = String(slug.prefix(maximumLength - ending.count)) + ending
        }
        return candidate
    }

    public static func isValid(_ slug: String) -> Bool {
        guard !slug.isEmpty, slug.count <= maximumLength, slug.first != "-", slug.last != "-", !slug.contains("--")
        else { return false }
        return slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
