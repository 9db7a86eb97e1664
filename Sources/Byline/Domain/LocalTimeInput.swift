import Foundation

/// What a wall-clock time typed into the newsroom (`<input type="datetime-local">`) means in
/// the site's zone. Around a daylight-saving change a time may not exist (the clocks skipped
/// it) or may happen twice (the clocks went back over it); both are said, never guessed.
public enum LocalTimeReading: Equatable, Sendable {
    case instant(Date)
    /// Not a date and time at all.
    case unreadable
    /// Skipped: the clocks jumped from `gapStart` to `gapEnd` (wall-clock "HH:mm").
    case skipped(gapStart: String, gapEnd: String)
    /// Happens twice: first at `first` (UTC offset `firstOffset`, "+02:00"), then at `second`.
    case repeated(first: Date, second: Date, firstOffset: String, secondOffset: String)
}

/// Which of a repeated time's two instants a person chose.
public enum RepeatedTimeChoice: String, Sendable {
    case first, second
}

extension DateDisplay {
    public func readLocalInput(_ text: String, choice: RepeatedTimeChoice? = nil) -> LocalTimeReading {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { "-T:".contains($0) }).map { Int($0) }
        guard parts.count == 5 || parts.count == 6, !parts.contains(nil) else { return .unreadable }
        let n = parts.map { $0! }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let components = DateComponents(year: n[0], month: n[1], day: n[2], hour: n[3], minute: n[4])
        guard components.isValidDate(in: utc), let wall = utc.date(from: components) else { return .unreadable }
        // The instants this wall-clock time can be: one for each offset the zone has near it
        // that actually holds at the instant it gives.
        let offsets = Set([-43_200.0, 0, 43_200].map { timeZone.secondsFromGMT(for: wall.addingTimeInterval($0)) })
        let instants = offsets.compactMap { offset -> Date? in
            let instant = wall.addingTimeInterval(-Double(offset))
            return timeZone.secondsFromGMT(for: instant) == offset ? instant : nil
        }.sorted()
        switch instants.count {
        case 1:
            return .instant(instants[0])
        case 0:
            guard let change = timeZone.nextDaylightSavingTimeTransition(after: wall.addingTimeInterval(-86_400)) else { return .unreadable }
            let before = timeZone.secondsFromGMT(for: change.addingTimeInterval(-1)), after = timeZone.secondsFromGMT(for: change)
            return .skipped(gapStart: Self.clock(change, offset: before), gapEnd: Self.clock(change, offset: after))
        default:
            let (first, second) = (instants[0], instants[instants.count - 1])
            switch choice {
            case .first?: return .instant(first)
            case .second?: return .instant(second)
            case nil:
                return .repeated(
                    first: first, second: second, firstOffset: Self.offset(timeZone.secondsFromGMT(for: first)),
                    secondOffset: Self.offset(timeZone.secondsFromGMT(for: second)))
            }
        }
    }

    private static func clock(_ instant: Date, offset: Int) -> String {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let parts = utc.dateComponents([.hour, .minute], from: instant.addingTimeInterval(Double(offset)))
        return String(format: "%02d:%02d", parts.hour!, parts.minute!)
    }

    private static func offset(_ seconds: Int) -> String {
        String(format: "%@%02d:%02d", seconds < 0 ? "-" : "+", abs(seconds) / 3600, abs(seconds) % 3600 / 60)
    }
}
