import Foundation

/// The media library's records.
public protocol MediaRepository: Sendable {
    /// Stores a record; the existing one when the same file was uploaded before.
    func add(_ item: MediaItem) async throws -> MediaItem
    func item(id: Int64) async throws -> MediaItem?
    func item(fileName: String) async throws -> MediaItem?
    /// Newest first; `query` matches caption, alt text or the original file name.
    func items(query: String?, page: PageRequest) async throws -> Page<MediaItem>
    func update(id: Int64, alt: String, caption: String, credit: String) async throws -> Bool
    /// Headlines of the articles that show the file, as lead image or in the body.
    func usage(fileName: String) async throws -> [String]
    /// Deletes the record unless an article uses the file (then nothing happens and false returns).
    func delete(id: Int64) async throws -> Bool
}
