import Foundation
import GRDB

/// Backups of a whole site, database and media together, in one tar archive with a manifest
/// (`BackupManifest`) of every file's size and SHA-256.
///
/// - A backup is taken while the site serves: SQLite's `VACUUM INTO` copies one read
///   snapshot, so writers carry on (WAL) and the copy is consistent; PostgreSQL's `pg_dump`
///   does the same inside one repeatable-read transaction. The archive is written under a
///   temporary name and renamed when complete, so a half-written backup never looks whole.
/// - A restore checks everything before it changes anything: it unpacks into a staging
///   folder beside the target, verifies every checksum and the database, and only then moves
///   the files into place (the old ones set aside with `replace`). Then it migrates forward.
public enum SiteBackup {
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Where a site's data lives, as its configuration says.
    public struct Site: Sendable {
        public var database: Configuration.DatabaseLocation
        /// nil when media live in the database.
        public var mediaDirectory: String?

        public init(_ configuration: Configuration) {
            database = configuration.database
            mediaDirectory = if case .directory(let folder) = configuration.mediaStore { folder } else { nil }
        }
    }

    // MARK: Taking a backup

    @discardableResult
    public static func create(of site: Site, to archive: URL, now: Date = Date()) async throws -> BackupManifest {
        // The manifest keeps whole seconds; so does what this returns, so the two compare equal.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let fileManager = FileManager.default
        let staging = archive.deletingLastPathComponent().appendingPathComponent(".\(archive.lastPathComponent).partial-\(UUID().uuidString)")
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: staging) }
        let partial = staging.appendingPathComponent("archive.tar")
        let writer = try TarArchive.Writer(creating: partial)
        var files: [BackupManifest.File] = []
        let backend: BackupManifest.Backend
        let migration: String
        let counts: [String: Int]
        switch site.database {
        case .sqlite(let path):
            backend = .sqlite
            let copy = staging.appendingPathComponent("byline.sqlite")
            try snapshot(sqliteAt: path, to: copy)
            (migration, counts) = try describe(sqliteAt: copy.path)
            files.append(file(BackupManifest.sqliteDatabase, try writer.add(BackupManifest.sqliteDatabase, contentsOf: copy)))
        case .postgres(let settings):
            backend = .postgresql
            let dump = staging.appendingPathComponent("byline.pgdump")
            (migration, counts) = try await PostgresTools(settings).dump(to: dump)
            files.append(file(BackupManifest.postgresDump, try writer.add(BackupManifest.postgresDump, contentsOf: dump)))
        }
        if let media = site.mediaDirectory {
            for relative in try mediaFiles(in: media) {
                let path = BackupManifest.mediaFolder + relative
                files.append(file(path, try writer.add(path, contentsOf: URL(fileURLWithPath: media).appendingPathComponent(relative))))
            }
        }
        let manifest = BackupManifest(
            format: BackupManifest.currentFormat, bylineVersion: BylineVersion.current, createdAt: now, backend: backend,
            migration: migration, counts: counts, files: files
        )
        try writer.add(BackupManifest.fileName, data: try manifest.encoded())
        try writer.finish()
        if fileManager.fileExists(atPath: archive.path) { try fileManager.removeItem(at: archive) }
        try fileManager.moveItem(at: partial, to: archive)
        return manifest
    }

    private static func file(_ path: String, _ digest: TarArchive.Digest) -> BackupManifest.File {
        BackupManifest.File(path: path, bytes: digest.bytes, sha256: digest.sha256)
    }

    /// One consistent copy of the live database, however busy it is.
    private static func snapshot(sqliteAt path: String, to copy: URL) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw Problem("there is no site at \(path): no SQLite database is there") }
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(30)
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try database.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [copy.path]) }
        try database.close()
    }

    static let countedTables = ["articles", "comments", "users", "media"]

    private static func describe(sqliteAt path: String) throws -> (migration: String, counts: [String: Int]) {
        let database = try DatabaseQueue(path: path)
        defer { try? database.close() }
        return try database.read { db in
            let migration = try SQLiteMigrations.migrator.appliedMigrations(db).last ?? ""
            var counts: [String: Int] = [:]
            for table in countedTables { counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
            return (migration, counts)
        }
    }

    /// Every regular file under `folder`, relative to it, in a stable order.
    private static func mediaFiles(in folder: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = (folder as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                (try? FileManager.default.attributesOfItem(atPath: full)[.type] as? FileAttributeType) == .typeRegular
            {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    // MARK: Checking an archive

    /// Checks the manifest, every file's size and checksum, and the database itself, without
    /// restoring anything.
    public static func verify(_ archive: URL) throws -> BackupManifest {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("byline-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try unpack(archive, into: scratch, media: false)
    }

    /// Unpacks `archive` into `folder` (the database as `folder/database/…`, media under
    /// `folder/media/` when asked) and checks it; throws at the first thing wrong.
    private static func unpack(_ archive: URL, into folder: URL, media: Bool) throws -> BackupManifest {
        var manifestData = Data()
        let digests: [String: TarArchive.Digest]
        do {
            digests = try TarArchive.read(archive) { path, size in
                if path == BackupManifest.fileName {
                    guard size <= 64 << 20 else { throw Problem("the manifest is \(size) bytes: this is not a Byline backup") }
                    return { manifestData.append($0) }
                }
                let isDatabase = path == BackupManifest.sqliteDatabase || path == BackupManifest.postgresDump
                guard isDatabase || (media && path.hasPrefix(BackupManifest.mediaFolder)) else { return nil }
                let target = folder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: target.path, contents: nil) else { throw Problem("cannot write \(target.path)") }
                let handle = try FileHandle(forWritingTo: target)
                return { data in try handle.write(contentsOf: data) }
            }
        } catch let problem as TarArchive.Problem {
            throw Problem("\(archive.path) is not a readable backup: \(problem.description)")
        }
        guard !manifestData.isEmpty else { throw Problem("\(archive.path) has no manifest.json: it is not a Byline backup, or it is incomplete") }
        let manifest: BackupManifest
        do {
            manifest = try BackupManifest.decoded(from: manifestData)
        } catch {
            throw Problem("the manifest of \(archive.path) cannot be read: \(error)")
        }
        guard manifest.format <= BackupManifest.currentFormat else {
            throw Problem("the archive is format \(manifest.format), from Byline \(manifest.bylineVersion); this is Byline \(BylineVersion.current), which reads up to format \(BackupManifest.currentFormat): restore it with a newer byline")
        }
        for file in manifest.files {
            guard let digest = digests[file.path] else { throw Problem("\(file.path) is in the manifest but not in the archive") }
            guard digest.bytes == file.bytes, digest.sha256 == file.sha256 else {
                throw Problem("\(file.path) does not match its checksum: the archive is damaged")
            }
        }
        let listed = Set(manifest.files.map(\.path) + [BackupManifest.fileName])
        if let extra = digests.keys.sorted().first(where: { !listed.contains($0) }) {
            throw Problem("\(extra) is in the archive but not in its manifest")
        }
        let known = manifest.backend == .sqlite ? SQLiteMigrations.migrator.migrations : PostgresMigrations.all.map(\.version)
        guard manifest.migration.isEmpty || known.contains(manifest.migration) else {
            throw Problem("the archive's database is at migration \(manifest.migration), newer than this Byline (\(BylineVersion.current)) knows: restore it with the version that made it (\(manifest.bylineVersion)) or a newer one")
        }
        if manifest.backend == .sqlite {
            try checkIntegrity(folder.appendingPathComponent(BackupManifest.sqliteDatabase).path, known: known)
        }
        return manifest
    }

    private static func checkIntegrity(_ path: String, known: [String]) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw Problem("the archive has no database") }
        do {
            let database = try DatabaseQueue(path: path)
            defer { try? database.close() }
            try database.read { db in
                let result = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard result == ["ok"] else { throw Problem("the archive's database fails SQLite's integrity check: \(result.prefix(3).joined(separator: "; "))") }
                if let unknown = try SQLiteMigrations.migrator.appliedMigrations(db).first(where: { !known.contains($0) }) {
                    throw Problem("the archive's database has migration \(unknown), which this Byline does not know")
                }
            }
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem("the archive's database cannot be opened: \(error)")
        }
    }

    // MARK: Restoring

    public struct Restored: Sendable {
        public var manifest: BackupManifest
        /// Where the site that was there before went, with `replace`.
        public var setAside: String?
    }

    /// Restores `archive` into `site`, which must be empty unless `replace` is given; the
    /// database is then migrated forward by `openStorage`'s caller.
    public static func restore(_ archive: URL, into site: Site, replace: Bool, now: Date = Date()) async throws -> Restored {
        switch site.database {
        case .sqlite(let path):
            return try restoreSQLite(archive, path: path, media: site.mediaDirectory, replace: replace, now: now)
        case .postgres(let settings):
            return try await restorePostgres(archive, settings: settings, media: site.mediaDirectory, replace: replace)
        }
    }

    private static func restoreSQLite(_ archive: URL, path: String, media: String?, replace: Bool, now: Date) throws -> Restored {
        let fileManager = FileManager.default
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        let occupied = fileManager.fileExists(atPath: path) || (media.map { (try? mediaFiles(in: $0).isEmpty == false) ?? false } ?? false)
        if occupied && !replace {
            throw Problem("\(folder.path) already holds a site; restore into an empty folder, or add --replace to set the site there aside first")
        }
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        let staging = folder.appendingPathComponent(".byline-restore-\(UUID().uuidString)")
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: staging) }
        let manifest = try unpack(archive, into: staging, media: true)
        guard manifest.backend == .sqlite else {
            throw Problem("the archive holds a PostgreSQL site; restore it with --database postgres://…")
        }
        var setAside: String?
        if occupied {
            let aside = folder.appendingPathComponent("replaced-\(Int(now.timeIntervalSince1970))")
            try fileManager.createDirectory(at: aside, withIntermediateDirectories: true)
            for suffix in ["", "-wal", "-shm"] where fileManager.fileExists(atPath: path + suffix) {
                try fileManager.moveItem(atPath: path + suffix, toPath: aside.appendingPathComponent(target.lastPathComponent + suffix).path)
            }
            if let media, fileManager.fileExists(atPath: media) {
                try fileManager.moveItem(atPath: media, toPath: aside.appendingPathComponent("media").path)
            }
            setAside = aside.path
        }
        try fileManager.moveItem(at: staging.appendingPathComponent(BackupManifest.sqliteDatabase), to: target)
        try placeMedia(from: staging, into: media)
        return Restored(manifest: manifest, setAside: setAside)
    }

    private static func placeMedia(from staging: URL, into media: String?) throws {
        let unpacked = staging.appendingPathComponent(BackupManifest.mediaFolder)
        guard let media, FileManager.default.fileExists(atPath: unpacked.path) else { return }
        if FileManager.default.fileExists(atPath: media) {
            // Empty, or set aside above: what is left holds nothing of a site.
            try FileManager.default.removeItem(atPath: media)
        }
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: media).deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: unpacked, to: URL(fileURLWithPath: media))
    }

    private static func restorePostgres(
        _ archive: URL, settings: Configuration.PostgresSettings, media: String?, replace: Bool
    ) async throws -> Restored {
        let tools = try PostgresTools(settings)
        let occupied = try await tools.holdsASite()
        if occupied && !replace {
            throw Problem("database \(settings.database) at \(settings.host):\(settings.port) already holds a site; restore into an empty database, or add --replace to overwrite it")
        }
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("byline-restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        let manifest = try unpack(archive, into: staging, media: true)
        guard manifest.backend == .postgresql else {
            throw Problem("the archive holds a SQLite site; restore it with --data-dir DIR")
        }
        try tools.restore(from: staging.appendingPathComponent(BackupManifest.postgresDump), clean: occupied)
        try placeMedia(from: staging, into: media)
        return Restored(manifest: manifest, setAside: nil)
    }
}
