import Foundation

/// How the site shows dates to readers: its time zone, locale and pattern.
///
/// Formatting is pure: the same inputs always give the same text, so pages can be
/// cached and tested without a clock.
public struct DateDisplay: Sendable {
    public let timeZone: TimeZone
    public let locale: Locale
    /// A Unicode (ICU) date pattern such as `MMMM d, y, h:mm a`.
    public let pattern: String
    private let formatter: LockedFormatter

    public init(timeZone: TimeZone, locale: Locale, pattern: String) {
        self.timeZone = timeZone
        self.locale = locale
        self.pattern = pattern
        self.formatter = LockedFormatter(timeZone: timeZone, locale: locale, pattern: Self.shownPattern(pattern, locale: locale))
    }

    /// The pattern a new site starts with, written the American way.
    public static let defaultPattern = "MMMM d, y, h:mm a"

    /// A site in another language that keeps the default pattern gets its language's own
    /// order and words for a long date and time: "24 novembre 2025 à 16:00", not "novembre
    /// 24, 2025, 4:00 PM". A pattern the site chose is used as it is.
    static func shownPattern(_ pattern: String, locale: Locale) -> String {
        guard pattern == defaultPattern, locale.language.languageCode?.identifier != "en" else { return pattern }
        return DateFormatter.dateFormat(fromTemplate: "MMMMdyjmm", options: 0, locale: locale) ?? pattern
    }

    /// "December 3, 2019, 5:49 PM" for the default pattern and `en_US`.
    public func readable(_ date: Date) -> String { formatter.string(from: date) }

    /// The value for `<time datetime>`, with the site's offset at that instant (DST-aware).
    public func machine(_ date: Date) -> String { ISO8601.string(from: date, in: timeZone) }

    /// The value of an `<input type="datetime-local">`: wall-clock time in the site's zone.
    public func localInput(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!)
    }

    /// The instant a `datetime-local` value means in the site's zone; nil when it isn't one,
    /// or when a daylight-saving change skips it or repeats it (`readLocalInput` says which).
    public func parseLocalInput(_ text: String) -> Date? {
        if case .instant(let date) = readLocalInput(text) { return date }
        return nil
    }

    /// Year, month and day in the site's zone: the date parts of an article's URL.
    public func calendarDay(_ date: Date) -> (year: Int, month: Int, day: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return (parts.year!, parts.month!, parts.day!)
    }
}

/// `DateFormatter` is expensive to build and not `Sendable`; one instance behind a lock
/// serves every request.
private final class LockedFormatter: @unchecked Sendable {
    private let lock = NSLock()
    private let formatter: DateFormatter

    init(timeZone: TimeZone, locale: Locale, pattern: String) {
        formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = locale
        formatter.dateFormat = pattern
    }

    func string(from date: Date) -> String {
        lock.withLock { formatter.string(from: date) }
    }
}
