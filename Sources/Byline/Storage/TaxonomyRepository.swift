import Foundation

/// Sections, tags and authors: the names articles are filed under.
public protocol TaxonomyRepository: Sendable {
    func sections() async throws -> [Section]
    func section(slug: String) async throws -> Section?
    func tag(slug: String) async throws -> Tag?
    func author(slug: String) async throws -> Author?
    /// Every byline, by name.
    func authors() async throws -> [Author]
    /// Every tag with how many articles carry it, by name.
    func tags() async throws -> [TagUsage]
    /// Throws `StorageError.slugTaken` when the slug is used.
    func createSection(slug: String, name: String, description: String) async throws -> Section
    /// Renames a section; its old slug keeps redirecting. Returns false when there is no such section.
    func updateSection(id: Int64, slug: String, name: String, description: String) async throws -> Bool
    /// Renames a tag; its old slug keeps redirecting. Returns false when there is no such tag.
    func renameTag(id: Int64, slug: String, name: String) async throws -> Bool
    /// Moves every article of one tag to another and removes the first; its URL redirects to the second.
    func mergeTag(id: Int64, into targetID: Int64) async throws -> Bool
    /// The current slug of a renamed section or tag.
    func currentSectionSlug(forRetiredSlug slug: String) async throws -> String?
    func currentTagSlug(forRetiredSlug slug: String) async throws -> String?
}
