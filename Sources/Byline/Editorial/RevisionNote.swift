import Foundation

/// What a revision says about itself, and who the site's own importers are. Both are stored in
/// English, as the record; the newsroom reads the ones Byline writes in each member's language,
/// and a note an API client or an agency wrote as it was written. Writers take their words from
/// here, so that what is stored is always what can be shown translated.
enum RevisionNote {
    static let created = Message("Created")
    static let saved = Message("Saved")
    static let edited = Message("Edited")
    static let published = Message("Published")
    static let unpublished = Message("Unpublished")
    static let updatedPublished = Message("Updated the published article")
    static let imported = Message("Imported")
    static let updatedByImport = Message("Updated by an import")
    static let createdThroughAPI = Message("Created through the API")
    static let updatedThroughAPI = Message("Updated through the API")
    /// The names the importers save under.
    static let importer = Message("Import")
    static let wordPressImporter = Message("WordPress import")

    static let fixed = [
        created, saved, edited, published, unpublished, updatedPublished, imported, updatedByImport, createdThroughAPI, updatedThroughAPI,
        importer, wordPressImporter,
    ]

    static func restored(version: Int) -> String { "Restored version \(version)" }
    static func scheduled(for date: String) -> String { scheduledPrefix + date }
    private static let scheduledPrefix = "Scheduled for "

    /// A stored note or importer's name as `catalog`'s language reads it.
    static func shown(_ note: String, _ catalog: MessageCatalog) -> String {
        if let message = fixed.first(where: { $0.id == note }) { return catalog.message(message) }
        if let version = note.wholeMatch(of: /Restored version ([0-9]+)/)?.1 {
            return catalog.message("Restored version {version}", ["version": String(version)])
        }
        if note.hasPrefix(scheduledPrefix) {
            return catalog.message("Scheduled for {date}", ["date": String(note.dropFirst(scheduledPrefix.count))])
        }
        return note
    }
}
