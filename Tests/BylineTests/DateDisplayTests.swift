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
}
