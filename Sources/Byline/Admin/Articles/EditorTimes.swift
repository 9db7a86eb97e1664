import Foundation

/// The editor's date fields, typed as wall-clock times in the site's zone, read into instants;
/// what is wrong with each is said in words, and a time the clocks pass twice is offered as a
/// choice between its two instants.
struct EditorTimes {
    let dates: DateDisplay
    /// The member's language, for what is said about each time.
    let catalog: MessageCatalog
    var problems: [String: String] = [:]
    var repeated: [String: EditorModel.RepeatedTime] = [:]
    /// What was typed, to show again beside its problem.
    var typed: [String: String] = [:]

    init(dates: DateDisplay, catalog: MessageCatalog) {
        self.dates = dates
        self.catalog = catalog
    }

    mutating func read(_ text: String, field: String, choice: String?, unreadable: Message) -> Date? {
        typed[field] = text
        let zone = dates.timeZone.identifier
        let time = text.split(separator: "T").last.map { String($0.prefix(5)) } ?? text
        switch dates.readLocalInput(text, choice: choice.flatMap(RepeatedTimeChoice.init(rawValue:))) {
        case .instant(let date):
            return date
        case .unreadable:
            problems[field] = catalog.message(unreadable)
        case .skipped(let start, let end):
            problems[field] = catalog.message(
                "There is no {time} that day in {zone}: the clocks go forward from {start} to {end}. Give a time before {start} or from {end}.",
                ["time": time, "zone": zone, "start": start, "end": end]
            )
        case .repeated(_, _, let firstOffset, let secondOffset):
            problems[field] = catalog.message("{time} comes twice that night in {zone}, as the clocks go back an hour. Choose which.", ["time": time, "zone": zone])
            repeated[field] = EditorModel.RepeatedTime(
                name: field + "_choice", first: catalog.message("The first {time} (UTC{offset})", ["time": time, "offset": firstOffset]),
                second: catalog.message("The second {time} (UTC{offset})", ["time": time, "offset": secondOffset])
            )
        }
        return nil
    }
}
