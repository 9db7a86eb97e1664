import Foundation

/// What a revision says about itself. Notes and the names of the site's own importers are
/// stored in English, as the record; the newsroom reads the ones Byline writes in each
/// member's language, and a note an API client or an agency wrote as it was written.
enum RevisionNote {
    /// The fixed notes, listed so that translators are given them.
    static let fixed: [Message] = [
        Message("Created"), Message("Saved"), Message("Edited"), Message("Published"), Message("Unpublished"),
        Message("Updated the published article"), Message("Imported"), Message("Updated by an import"),
        Message("Created through the API"), Message("Updated through the API"), Message("Import"), Message("WordPress import"),
    ]

    static func shown(_ note: String, _ catalog: MessageCatalog) -> String {
        if fixed.contains(where: { $0.id == note }) { return catalog.message(Message(note)) }
        if let version = note.wholeMatch(of: /Restored version ([0-9]+)/)?.1 {
            return catalog.message("Restored version {version}", ["version": String(version)])
        }
        if note.hasPrefix(scheduledPrefix) {
            return catalog.message("Scheduled for {date}", ["date": String(note.dropFirst(scheduledPrefix.count))])
        }
        return note
    }

    static let scheduledPrefix = "Scheduled for "
}
