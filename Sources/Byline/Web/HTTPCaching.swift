import Foundation
import Hummingbird

/// Validators and freshness for cacheable responses, and the conditional-request check.
///
/// The ETag is a hash of the exact bytes sent, so every node computes the same tag for the
/// same page without sharing state, and a 304 is never wrong.
public enum HTTPCaching {
    /// Public pages may be reused by browsers for a minute; after that they revalidate, which
    /// costs a 304 when nothing changed. Shared caches (CDNs) keep them for five minutes, since
    /// `cache.purge` webhooks tell them of changes by `Surrogate-Key`; they may serve a stale
    /// copy while fetching a fresh one, and for a day while the site is down.
    public static let pageCacheControl = "public, max-age=60, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400"
    public static let errorCacheControl = "no-store"

    /// A 200 response with validators, or a 304 when the client's copy is current.
    public static func response(
        to request: Request, body: ByteBuffer, contentType: String, lastModified: Date?,
        cacheControl: String = pageCacheControl, status: HTTPResponse.Status = .ok, keys: [String]? = nil
    ) -> Response {
        let etag = entityTag(for: body.readableBytesView)
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: cacheControl, .eTag: etag]
        // What the response shows, named as `ContentChange` keys: the page cache files it under
        // them, and a CDN can purge by them.
        if let keys { headers[CachedPage.surrogateKey] = keys.joined(separator: " ") }
        let lastModified = lastModified.map { min($0, Date()) }
        if let lastModified { headers[.lastModified] = HTTPDate.string(from: lastModified) }
        if status == .ok, isNotModified(request: request.head, etag: etag, lastModified: lastModified) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since only otherwise.
    static func isNotModified(request: HTTPRequest, etag: String, lastModified: Date?) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        if let ifNoneMatch = request.headerFields[.ifNoneMatch] {
            let candidates = ifNoneMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return candidates.contains { $0 == "*" || weakTag($0) == weakTag(etag) }
        }
        if let ifModifiedSince = request.headerFields[.ifModifiedSince], let since = HTTPDate.parse(ifModifiedSince), let lastModified {
            return lastModified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
        }
        return false
    }

    private static func weakTag(_ tag: String) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : Substring(tag)
    }

    /// FNV-1a (64-bit): fast and stable across processes, unlike `Hasher`.
    static func entityTag(for bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return "\"\(String(hash, radix: 16))\""
    }
}

/// IMF-fixdate, the only date format HTTP/1.1 senders may generate.
enum HTTPDate {
    private static let format = Date.VerbatimFormatStyle(
        format: "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .padded(4)) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) GMT",
        locale: Locale(identifier: "en_US_POSIX"), timeZone: TimeZone(identifier: "GMT")!, calendar: Calendar(identifier: .gregorian)
    )

    static func string(from date: Date) -> String { date.formatted(format) }

    static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: format.parseStrategy)
    }
}
