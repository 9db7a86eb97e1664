import ArgumentParser
import Byline
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back the site up, database and media, into one archive while it serves.",
        discussion: """
            The archive is a tar file with a manifest.json (Byline's version, the database's \
            migration, counts, and every file's SHA-256). SQLite is copied with VACUUM INTO, one \
            consistent snapshot that does not stop writers; PostgreSQL with pg_dump --format=custom. \
            Check an archive with `byline verify FILE`; bring it back with `byline restore FILE`.
            """
    )

    @Argument(help: "The archive to write, such as byline-2026-12-02.tar.") var file: String
    @Option(help: "The site's media folder, when it is not DATA-DIR/media.") var mediaDir: String?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let site = try siteLocation(storage, mediaDir: mediaDir)
        try await reportingProblems(code: 1) {
            let manifest = try await SiteBackup.create(of: site, to: URL(fileURLWithPath: file))
            say("Backed up to \(file): \(describe(manifest)).")
        }
    }
}

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a backup archive without restoring it: manifest, checksums and the database."
    )

    @Argument(help: "The archive to check.") var file: String

    func run() async throws {
        try await reportingProblems(code: 65) {
            let manifest = try SiteBackup.verify(URL(fileURLWithPath: file))
            say("\(file) is a sound backup: \(describe(manifest)).")
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup archive into an empty data folder or database.",
        discussion: """
            Everything is checked before anything is changed. A target that already holds a site \
            is refused unless --replace is given; then a SQLite site there is moved aside into \
            DATA-DIR/replaced-TIME/ rather than deleted. An archive from an older Byline is \
            migrated forward.
            """
    )

    @Argument(help: "The archive to restore.") var file: String
    @Flag(help: "Restore over a site that is already there.") var replace = false
    @Option(help: "Where the media go, when not DATA-DIR/media.") var mediaDir: String?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let site = try siteLocation(storage, mediaDir: mediaDir)
        try await reportingProblems(code: 1) {
            let restored = try await SiteBackup.restore(URL(fileURLWithPath: file), into: site, replace: replace)
            if let aside = restored.setAside { say("The site that was there is now in \(aside).") }
            // Opening the storage applies the migrations this binary has and the archive lacks.
            _ = try await storage.open()
            say("Restored \(describe(restored.manifest)); the database is up to date.")
        }
    }
}

/// Runs `work`; a backup problem becomes its one-line message and exit status `code`.
private func reportingProblems(code: Int32, _ work: () async throws -> Void) async throws {
    do {
        try await work()
    } catch let problem as SiteBackup.Problem {
        fail(problem.description, code: code)
    }
}

private func siteLocation(_ storage: StorageOptions, mediaDir: String?) throws -> SiteBackup.Site {
    var site = SiteBackup.Site(try storage.configuration())
    if let mediaDir { site.mediaDirectory = mediaDir }
    return site
}

private func describe(_ manifest: BackupManifest) -> String {
    let counts = ["articles", "comments", "users", "media"].map { "\(manifest.counts[$0] ?? 0) \($0)" }.joined(separator: ", ")
    return "\(manifest.backend.rawValue), migration \(manifest.migration), \(counts), \(manifest.files.count) files, from Byline \(manifest.bylineVersion) at \(manifest.createdAt.formatted(Date.ISO8601FormatStyle()))"
}
