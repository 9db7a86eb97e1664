import Foundation

/// Machine-readable timestamps: RFC 3339 / ISO 8601 with an explicit offset.
public enum ISO8601 {
    /// Accepts whole or fractional seconds, and requires a zone: a date without one is
    /// ambiguous by up to a day, which on a news site is the difference between two editions.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }

    /// `2019-12-03T17:49:00-05:00`: the instant, expressed in `timeZone`.
    public static func string(from date: Date, in timeZone: TimeZone) -> String {
        var style = Date.ISO8601FormatStyle(timeZone: timeZone)
        style = style.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon)
        // UTC comes out as "Z", which RFC 3339 allows as well as "+00:00".
        return date.formatted(style)
    }
}
