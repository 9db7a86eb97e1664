import Byline
import Foundation
import Testing

@Suite("Dates shown to readers")
struct DateDisplayTests {
    let newYork = DateDisplay(timeZone: TimeZone(identifier: "America/New_York")!, locale: Locale(identifier: "en_US"), pattern: "MMMM d, y, h:mm a")

    @Test func readableDatesUseTheSiteZoneAndPattern() {
        #expect(newYork.readable(ISO8601.parse("2019-12-03T22:49:00Z")!) == "December 3, 2019, 5:49 PM")
    }

    @Test func machineDatesCarryTheOffsetInForceThatDay() {
        // Winter: EST (-05:00). Summer: EDT (-04:00).
        #expect(newYork.machine(ISO8601.parse("2019-12-03T22:49:00Z")!) == "2019-12-03T17:49:00-05:00")
        #expect(newYork.machine(ISO8601.parse("2019-07-03T22:49:00Z")!) == "2019-07-03T18:49:00-04:00")
    }

    @Test func theSpringForwardGapIsCrossedCorrectly() {
        // 2019-03-10: clocks jump from 2:00 EST to 3:00 EDT.
        let before = ISO8601.parse("2019-03-10T06:59:00Z")!
        let after = ISO8601.parse("2019-03-10T07:00:00Z")!
        #expect(newYork.readable(before) == "March 10, 2019, 1:59 AM")
        #expect(newYork.readable(after) == "March 10, 2019, 3:00 AM")
        #expect(newYork.machine(after).hasSuffix("-04:00"))
    }

    @Test func theRepeatedFallBackHourIsDistinguishedByItsOffset() {
        // 2019-11-03: 1:30 AM happens twice, first in EDT, then in EST.
        let first = ISO8601.parse("2019-11-03T05:30:00Z")!
        let second = ISO8601.parse("2019-11-03T06:30:00Z")!
        #expect(newYork.readable(first) == newYork.readable(second))
        #expect(newYork.machine(first) == "2019-11-03T01:30:00-04:00")
        #expect(newYork.machine(second) == "2019-11-03T01:30:00-05:00")
    }

    @Test func theCalendarDayFollowsTheSiteZoneNotUTC() {
        // 03:30 UTC on the 4th is still the evening of the 3rd in New York.
        let day = newYork.calendarDay(ISO8601.parse("2019-12-04T03:30:00Z")!)
        #expect(day.year == 2019 && day.month == 12 && day.day == 3)
    }

    @Test func localeChangesTheLanguageOfMonthNames() {
        let paris = DateDisplay(timeZone: TimeZone(identifier: "Europe/Paris")!, locale: Locale(identifier: "fr_FR"), pattern: "d MMMM y HH:mm")
        #expect(paris.readable(ISO8601.parse("2019-12-03T22:49:00Z")!) == "3 décembre 2019 23:49")
    }

    @Test func isoParsingRequiresAZone() {
        #expect(ISO8601.parse("2019-12-03T22:49:00Z") != nil)
        #expect(ISO8601.parse("2019-12-03T22:49:00.250+01:00") != nil)
        #expect(ISO8601.parse("2019-12-03T22:49:00") == nil)
        #expect(ISO8601.parse("yesterday") == nil)
    }

    // MARK: Times typed in the newsroom

    @Test func aTypedTimeIsTheInstantItNamesInTheSiteZone() {
        #expect(newYork.readLocalInput("2019-12-03T17:49") == .instant(ISO8601.parse("2019-12-03T22:49:00Z")!))
        #expect(newYork.readLocalInput("2019-07-03T18:49") == .instant(ISO8601.parse("2019-07-03T22:49:00Z")!), "summer time's offset")
        for unreadable in ["", "tomorrow", "2019-02-30T10:00", "2019-12-03T25:00", "2019-12-03"] {
            #expect(newYork.readLocalInput(unreadable) == .unreadable, "\(unreadable)")
        }
    }

    @Test func aTimeTheClocksSkippedIsSaidToNotExist() {
        #expect(newYork.readLocalInput("2019-03-10T02:30") == .skipped(gapStart: "02:00", gapEnd: "03:00"))
        let berlin = DateDisplay(timeZone: TimeZone(identifier: "Europe/Berlin")!, locale: Locale(identifier: "de_DE"), pattern: DateDisplay.defaultPattern)
        #expect(berlin.readLocalInput("2026-03-29T02:15") == .skipped(gapStart: "02:00", gapEnd: "03:00"))
        #expect(berlin.readLocalInput("2026-03-29T03:00") == .instant(ISO8601.parse("2026-03-29T01:00:00Z")!))
    }

    @Test func aTimeTheClocksPassTwiceIsOfferedAsAChoiceOfItsTwoInstants() {
        let first = ISO8601.parse("2019-11-03T05:30:00Z")!, second = ISO8601.parse("2019-11-03T06:30:00Z")!
        #expect(newYork.readLocalInput("2019-11-03T01:30") == .repeated(first: first, second: second, firstOffset: "-04:00", secondOffset: "-05:00"))
        #expect(newYork.readLocalInput("2019-11-03T01:30", choice: .first) == .instant(first))
        #expect(newYork.readLocalInput("2019-11-03T01:30", choice: .second) == .instant(second))
        #expect(newYork.readLocalInput("2019-11-03T02:30", choice: .first) == .instant(ISO8601.parse("2019-11-03T07:30:00Z")!), "a choice changes nothing for a time that happens once")
        // Lord Howe Island moves its clocks by half an hour.
        let lordHowe = DateDisplay(timeZone: TimeZone(identifier: "Australia/Lord_Howe")!, locale: Locale(identifier: "en_AU"), pattern: DateDisplay.defaultPattern)
        if case .repeated(_, _, let a, let b) = lordHowe.readLocalInput("2026-04-05T01:45") {
            #expect(a == "+11:00" && b == "+10:30")
        } else {
            Issue.record("01:45 on 5 April 2026 happens twice on Lord Howe Island")
        }
    }
}
