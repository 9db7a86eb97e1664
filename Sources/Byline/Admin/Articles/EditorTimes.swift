import Foundation

/// The editor's date fields, typed as wall-clock times in the site's zone, read into instants;
/// what is wrong with each is said in words, and a time the clocks pass twice is offered as a
/// choice between its two instants.
struct EditorTimes {
    let dates: DateDisplay
    var problems: [String: String] = [:]
    var repeated: [String: EditorModel.RepeatedTime] = [:]
    /// What was typed, to show again beside its problem.
    var typed: [String: String] = [:]

    init(dates: DateDisplay) { self.dates = dates }

    mutating func read(_ text: String, field: String, choice: String?, unreadable: String) -> Date? {
        typed[field] = text
        let zone = dates.timeZone.identifier
        let time = text.split(separator: "T").last.map { String($0.prefix(5)) } ?? text
        switch dates.readLocalInput(text, choice: choice.flatMap(RepeatedTimeChoice.init(rawValue:))) {
        case .instant(let date):
            return date
        case .unreadable:
            problems[field] = unreadable
        case .skipped(let start, let end):
            problems[field] = "There is no \(time) that day in \(zone): the clocks go forward from \(start) to \(end). Give a time before \(start) or from \(end)."
        case .repeated(_, _, let firstOffset, let secondOffset):
            problems[field] = "\(time) comes twice that night in \(zone), as the clocks go back an hour. Choose which."
            repeated[field] = EditorModel.RepeatedTime(
                name: field + "_choice", first: "The first \(time) (UTC\(firstOffset))", second: "The second \(time) (UTC\(secondOffset))")
        }
        return nil
    }
}
