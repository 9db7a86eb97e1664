import Foundation

/// What a backup archive holds, written into it as `manifest.json`: enough to check the
/// archive without restoring it, and to know whether this binary can restore it.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// The archive's own layout; a binary refuses a format it does not know.
    public static let currentFormat = 1
    static let fileName = "manifest.json"
    static let sqliteDatabase = "database/byline.sqlite"
    static let postgresDump = "database/byline.pgdump"
    static let mediaFolder = "media/"

    public enum Backend: String, Codable, Sendable {
        case sqlite, postgresql
    }

    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public var format: Int
    public var bylineVersion: String
    public var createdAt: Date
    public var backend: Backend
    /// The newest migration the database had: a binary that does not know it is older than
    /// the archive and refuses it.
    public var migration: String
    /// Rows in the tables a person would check first (articles, comments, users, media).
    public var counts: [String: Int]
    public var files: [File]

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    static func decoded(from data: Data) throws -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(BackupManifest.self, from: data)
    }
}
