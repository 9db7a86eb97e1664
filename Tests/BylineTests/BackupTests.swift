@testable import Byline
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite("Backups and restores")
struct BackupTests {
    static let pages = ["/", RouterTests.articlePath, "/business/2019/12/03/rates-hold", "/world", "/feed.rss", "/sitemap.xml"]

    private static func configuration(database url: String, media: String? = nil) throws -> Byline.Configuration {
        var input = Byline.Configuration.Input()
        input.noDemo = true
        input[.database] = url
        input[.databaseTimeout] = "60"
        input[.databasePoolSize] = "4"
        if let media { input[.mediaDirectory] = media }
        return try Byline.Configuration.resolve(input, environment: [:])
    }

    private static func site(_ backend: Backend) async throws -> TestSite {
        try await TestSite.make(
            articles: [Fixtures.article("talks-resume"), Fixtures.article("rates-hold", section: "Business", tags: ["Economy"])], backend: backend
        )
    }

    /// Every page a reader or a machine would fetch, as bytes.
    private static func render(_ configuration: Byline.Configuration, _ storage: Storage) async throws -> [String: String] {
        var configuration = configuration
        configuration.pageCacheBytes = 0
        let rendered = Mutex<[String: String]>([:])
        try await buildApplication(configuration, storage: storage).test(.router) { client in
            for path in pages {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                rendered.withLock { $0[path] = response.text }
            }
        }
        return rendered.withLock { $0 }
    }

    private static func comment(_ storage: Storage, _ articleID: Int64, _ n: Int) async throws -> Byline.Comment {
        try await storage.comments.add(NewComment(
            articleID: articleID, parentID: nil, authorName: "Reader \(n)", authorEmail: "reader\(n)@example.com", authorURL: nil,
            body: "Comment number \(n).", status: .approved, reason: "test", ip: "192.0.2.\(n % 250 + 1)", userAgent: nil, createdAt: Date()
        ), maxDepth: 5)
    }

    /// Comments are posted and an editor saves all through the backup; every write that was
    /// acknowledged before the backup began is in it, and a backup of the quiet site restores
    /// to a site that serves the very same pages.
    @Test(arguments: Backend.allCases)
    func aBackupTakenUnderLoadRestoresEveryAcknowledgedWrite(backend: Backend) async throws {
        let site = try await Self.site(backend)
        let media = try #require(SiteBackup.Site(site.configuration).mediaDirectory ?? (backend == .postgres ? TemporaryDirectory.make() : nil))
        try FileManager.default.createDirectory(atPath: media + "/2026/12", withIntermediateDirectories: true)
        let photo = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try photo.write(to: URL(fileURLWithPath: media + "/2026/12/harbour.jpg"))
        var source = SiteBackup.Site(site.configuration)
        source.mediaDirectory = media
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "talks-resume"))

        let writes = Writes()
        let folder = TemporaryDirectory.make()
        let archive = URL(fileURLWithPath: folder + "/under-load.tar")
        let (before, manifest) = try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    var n = writer * 100_000
                    while writes.running.withLock({ $0 }) {
                        let posted = try await Self.comment(site.storage, article.id, n)
                        writes.comments.withLock { $0.append(posted.id) }
                        n += 1
                    }
                }
            }
            group.addTask {
                var version = 0
                while writes.running.withLock({ $0 }) {
                    version += 1
                    var edited = Fixtures.article("rates-hold", section: "Business", tags: ["Economy"])
                    edited.bodyMarkdown = "Edited, version \(version)."
                    _ = try await site.storage.articles.save([edited], now: Fixtures.publishedAt)
                    writes.saves.withLock { $0.append(edited.bodyMarkdown) }
                }
            }
            // Let the writers get going, note what is acknowledged, then back up while they write.
            while writes.comments.withLock({ $0.count }) < 40 { try await Task.sleep(for: .milliseconds(10)) }
            let before = (comments: writes.comments.withLock { $0 }, save: writes.saves.withLock { $0.last })
            let manifest = try await SiteBackup.create(of: source, to: archive)
            writes.running.withLock { $0 = false }
            try await group.waitForAll()
            return (before, manifest)
        }
        #expect(writes.comments.withLock { $0.count } > before.comments.count, "comments were still being posted during the backup")
        #expect(manifest.backend == (backend == .sqlite ? .sqlite : .postgresql))
        #expect(manifest.files.contains { $0.path == "media/2026/12/harbour.jpg" && $0.bytes == photo.count })
        #expect(try SiteBackup.verify(archive) == manifest)

        // Restored into a new place, every acknowledged comment and the acknowledged save are there.
        let target = try await Self.emptyTarget(backend)
        _ = try await SiteBackup.restore(archive, into: target.site, replace: false)
        let restored = try await openStorage(target.configuration)
        let ids = Set(try await restored.comments.comments(status: Byline.Comment.Status.approved, articleID: article.id, limit: 100_000).map(\.id))
        #expect(Set(before.comments).isSubset(of: ids), "missing: \(Set(before.comments).subtracting(ids).sorted().prefix(5))")
        #expect(manifest.counts["comments"] == ids.count)
        if let save = before.save {
            let body = try #require(await restored.articles.publishedArticle(slug: "rates-hold")).bodyMarkdown
            let order = writes.saves.withLock { $0 }
            let restoredIndex = order.lastIndex(of: body) ?? -1
            #expect(body == save || restoredIndex >= (order.lastIndex(of: save) ?? Int.max), "a save acknowledged before the backup, or a later one")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: try #require(target.site.mediaDirectory) + "/2026/12/harbour.jpg")) == photo)

        // A backup of the quiet site restores to the same pages, byte for byte. (Rendered
        // first: serving makes the site's signing secret, which the forms' tokens show.)
        var hour = Self.hour()
        var original = try await Self.render(site.configuration, site.storage)
        let quiet = URL(fileURLWithPath: folder + "/quiet.tar")
        try await SiteBackup.create(of: source, to: quiet)
        let copy = try await Self.emptyTarget(backend)
        _ = try await SiteBackup.restore(quiet, into: copy.site, replace: false)
        let copied = try await openStorage(copy.configuration)
        // The restored site is served with the original's settings, as its operator would.
        var served = site.configuration
        served.database = copy.configuration.database
        var restoredPages = try await Self.render(served, copied)
        // The comment forms' tokens carry the hour they were made in; when the clock struck
        // between the two sites' pages, both are made again, well within one hour.
        if hour != Self.hour() {
            hour = Self.hour()
            original = try await Self.render(site.configuration, site.storage)
            restoredPages = try await Self.render(served, copied)
            #expect(hour == Self.hour())
        }
        for path in Self.pages {
            #expect(restoredPages[path] == original[path], "\(path): \(Self.difference(restoredPages[path] ?? "", original[path] ?? ""))")
        }
    }

    private static func hour() -> Int64 { Int64(Date().timeIntervalSince1970 / 3600) }

    /// Where two texts first differ, for a failure message a person can act on.
    static func difference(_ a: String, _ b: String) -> String {
        let common = zip(a, b).prefix { $0 == $1 }.count
        let start = max(0, common - 80)
        return "restored «\(a.dropFirst(start).prefix(200))» original «\(b.dropFirst(start).prefix(200))»"
    }

    /// What the writers had acknowledged, shared with their tasks.
    final class Writes: Sendable {
        let comments = Mutex<[Int64]>([])
        let saves = Mutex<[String]>([])
        let running = Mutex(true)
    }

    private static func emptyTarget(_ backend: Backend) async throws -> (configuration: Byline.Configuration, site: SiteBackup.Site) {
        let folder = TemporaryDirectory.make()
        let url = backend == .sqlite ? "sqlite:\(folder)/data/byline.sqlite" : try await TestPostgres.shared.makeEmptyDatabase()
        let configuration = try configuration(database: url, media: folder + "/data/media")
        var site = SiteBackup.Site(configuration)
        site.mediaDirectory = folder + "/data/media"
        return (configuration, site)
    }

    // MARK: Refusals

    struct NotSQLite: Error {}

    private static func sqlitePath(_ site: SiteBackup.Site) throws -> String {
        guard case .sqlite(let path) = site.database else { throw NotSQLite() }
        return path
    }

    private static func backup() async throws -> (archive: URL, site: TestSite) {
        let site = try await Self.site(.sqlite)
        let archive = URL(fileURLWithPath: TemporaryDirectory.make() + "/site.tar")
        try await SiteBackup.create(of: SiteBackup.Site(site.configuration), to: archive)
        return (archive, site)
    }

    /// Rewrites an archive's entries through `change`, which may alter or drop each one.
    private static func tampered(_ archive: URL, _ change: (String, Data) -> (String, Data)?) throws -> URL {
        var entries: [(String, Data)] = []
        _ = try TarArchive.read(archive) { path, _ in
            entries.append((path, Data()))
            return { data in entries[entries.count - 1].1.append(data) }
        }
        let out = archive.deletingLastPathComponent().appendingPathComponent("tampered-\(UUID().uuidString).tar")
        let writer = try TarArchive.Writer(creating: out)
        for (path, data) in entries { if let (path, data) = change(path, data) { try writer.add(path, data: data) } }
        try writer.finish()
        return out
    }

    private static func problem(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func verifyRefusesWhatIsDamagedIncompleteOrTooNew() async throws {
        let (archive, _) = try await Self.backup()
        let flipped = try Self.tampered(archive) { path, data in
            guard path == BackupManifest.sqliteDatabase else { return (path, data) }
            var bytes = data
            bytes[bytes.count / 2] ^= 0xFF
            return (path, bytes)
        }
        #expect(Self.problem { _ = try SiteBackup.verify(flipped) } == "database/byline.sqlite does not match its checksum: the archive is damaged")

        let whole = try Data(contentsOf: archive)
        let truncated = archive.deletingLastPathComponent().appendingPathComponent("truncated.tar")
        try whole.prefix(whole.count / 2).write(to: truncated)
        #expect(Self.problem { _ = try SiteBackup.verify(truncated) }?.contains("it is incomplete") == true)

        let unlisted = try Self.tampered(archive) { path, data in path == "manifest.json" ? (path, data) : (path == BackupManifest.sqliteDatabase ? ("media/stray.jpg", data) : (path, data)) }
        #expect(Self.problem { _ = try SiteBackup.verify(unlisted) }?.contains("is in the manifest but not in the archive") == true)

        // An entry named to climb out of the folder it is unpacked into, as a hostile
        // archive would (the writer itself refuses to make one).
        var header = [UInt8](try TarArchive.header(path: "media/placeholder", size: 0))
        let climbing = Array("media/../../etc/passwd".utf8)
        for i in 0..<100 { header[i] = i < climbing.count ? climbing[i] : 0 }
        for i in 148..<156 { header[i] = UInt8(ascii: " ") }
        let sum = Array(String(String(header.reduce(0) { $0 + Int($1) }, radix: 8)).utf8)
        for i in 0..<6 { header[148 + i] = i < 6 - sum.count ? UInt8(ascii: "0") : sum[i - (6 - sum.count)] }
        header[154] = 0
        let hostile = archive.deletingLastPathComponent().appendingPathComponent("hostile.tar")
        try (Data(header) + Data(count: 1024)).write(to: hostile)
        #expect(Self.problem { _ = try SiteBackup.verify(hostile) }?.contains("would be unpacked outside the target folder") == true)

        let noManifest = try Self.tampered(archive) { path, data in path == "manifest.json" ? nil : (path, data) }
        #expect(Self.problem { _ = try SiteBackup.verify(noManifest) }?.contains("has no manifest.json") == true)

        func rewritingManifest(_ edit: (inout BackupManifest) -> Void) throws -> URL {
            try Self.tampered(archive) { path, data in
                guard path == "manifest.json", var manifest = try? BackupManifest.decoded(from: data) else { return (path, data) }
                edit(&manifest)
                return (path, try! manifest.encoded())
            }
        }
        let future = try rewritingManifest { $0.format = BackupManifest.currentFormat + 1; $0.bylineVersion = "9.0.0" }
        #expect(Self.problem { _ = try SiteBackup.verify(future) }?.contains("restore it with a newer byline") == true)
        let newerSchema = try rewritingManifest { $0.migration = "0999-from-the-future" }
        #expect(Self.problem { _ = try SiteBackup.verify(newerSchema) }?.contains("newer than this Byline") == true)
        #expect(try SiteBackup.verify(archive).migration == SQLiteMigrations.migrator.migrations.last)
    }

    @Test func aRestoreRefusesAnOccupiedTargetAndADamagedArchiveChangesNothing() async throws {
        let (archive, site) = try await Self.backup()
        await #expect(throws: SiteBackup.Problem.self) {
            _ = try await SiteBackup.restore(archive, into: SiteBackup.Site(site.configuration), replace: false)
        }
        let target = try await Self.emptyTarget(.sqlite)
        let flipped = try Self.tampered(archive) { path, data in
            guard path == BackupManifest.sqliteDatabase else { return (path, data) }
            var bytes = data
            bytes[100] ^= 0x01
            return (path, bytes)
        }
        await #expect(throws: SiteBackup.Problem.self) { _ = try await SiteBackup.restore(flipped, into: target.site, replace: false) }
        let path = try Self.sqlitePath(target.site)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(!FileManager.default.fileExists(atPath: path), "nothing restored from a damaged archive")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty, "and nothing left behind")

        // With --replace the site there is set aside, not deleted.
        _ = try await SiteBackup.restore(archive, into: target.site, replace: false)
        let again = try await SiteBackup.restore(archive, into: target.site, replace: true)
        let aside = try #require(again.setAside)
        #expect(FileManager.default.fileExists(atPath: aside + "/byline.sqlite"))
    }

    /// An archive from before the newest migrations is brought up to date on restore.
    @Test func anOlderArchiveIsMigratedForward() async throws {
        let old = TemporaryDirectory.make() + "/old.sqlite"
        let queue = try DatabaseQueue(path: old)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "0016-wire-queue-by-state")
        try queue.close()
        let archive = URL(fileURLWithPath: TemporaryDirectory.make() + "/old.tar")
        let manifest = try await SiteBackup.create(of: SiteBackup.Site(try Self.configuration(database: "sqlite:\(old)")), to: archive)
        #expect(manifest.migration == "0016-wire-queue-by-state")
        let target = try await Self.emptyTarget(.sqlite)
        _ = try await SiteBackup.restore(archive, into: target.site, replace: false)
        _ = try await openStorage(target.configuration)
        let applied = try await DatabaseQueue(path: try Self.sqlitePath(target.site)).read { db in try SQLiteMigrations.migrator.appliedMigrations(db) }
        #expect(applied.last == SQLiteMigrations.migrator.migrations.last)
    }

    @Test func theCommandLineBacksUpVerifiesAndRestores() throws {
        let folder = TemporaryDirectory.make()
        func byline(_ arguments: [String]) throws -> (status: Int32, output: String) {
            let ended = try ServerProcess.run(arguments)
            return (ended.status, ended.output + ended.errors)
        }
        #expect(try byline(["migrate", "--data-dir", folder + "/site"]).status == 0)
        let backup = try byline(["backup", folder + "/site.tar", "--data-dir", folder + "/site"])
        #expect(backup.status == 0 && backup.output.hasPrefix("Backed up to"), "\(backup.output)")
        let verify = try byline(["verify", folder + "/site.tar"])
        #expect(verify.status == 0 && verify.output.contains("is a sound backup"), "\(verify.output)")
        let restore = try byline(["restore", folder + "/site.tar", "--data-dir", folder + "/copy"])
        #expect(restore.status == 0 && restore.output.contains("the database is up to date"), "\(restore.output)")
        let refused = try byline(["restore", folder + "/site.tar", "--data-dir", folder + "/copy"])
        #expect(refused.status == 1 && refused.output.contains("already holds a site") && refused.output.contains("--replace"), "\(refused.output)")
        let nothing = try byline(["verify", folder + "/missing.tar"])
        #expect(nothing.status == 65 && nothing.output.contains("cannot read"), "\(nothing.output)")
    }
}

@Suite("Scheduled backups")
struct BackupScheduleTests {
    /// Two nodes share the database and the folder; each slot's backup is taken by one of them,
    /// and only the newest few are kept.
    @Test func eachSlotIsBackedUpOnceAcrossNodesAndOldOnesGo() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")])
        let folder = TemporaryDirectory.make() + "/backups"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("an operator's own file".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        let settings = BackupSchedule.Settings(folder: folder, every: .seconds(3600), keep: 2)
        let schedules = (0..<2).map { _ in BackupSchedule(settings: settings, site: SiteBackup.Site(site.configuration), logger: .init(label: "test")) }
        let nodes = schedules.map { JobScheduler(claims: site.storage.jobs, jobs: [$0.job], logger: .init(label: "test")) }
        var slots: [[String: Int64]] = [[:], [:]]
        let start = Date(timeIntervalSince1970: 1_796_169_600)
        for hour in 0..<4 {
            let now = start.addingTimeInterval(Double(hour) * 3600 + 5)
            var ran = 0
            for node in nodes.indices {
                ran += try await nodes[node].runDue(at: now, after: &slots[node]).count
            }
            #expect(ran == 1, "hour \(hour): one node took the backup")
            for schedule in schedules { await schedule.finish() }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["byline-backup-20261202T020005Z.tar", "byline-backup-20261202T030005Z.tar", "notes.txt"])
        #expect(try SiteBackup.verify(URL(fileURLWithPath: folder + "/" + names[1])).counts["articles"] == 1)
    }

    /// A slot that comes round while the last backup is still being written is skipped, not
    /// started beside it.
    @Test func aBackupStillBeingWrittenIsNotStartedAgain() async throws {
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")])
        let folder = TemporaryDirectory.make() + "/backups"
        let schedule = BackupSchedule(
            settings: .init(folder: folder, every: .seconds(60), keep: 10), site: SiteBackup.Site(site.configuration), logger: .init(label: "test")
        )
        let start = Date(timeIntervalSince1970: 1_796_169_600)
        schedule.start(at: start)
        schedule.start(at: start.addingTimeInterval(60))
        await schedule.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["byline-backup-20261202T000000Z.tar"])
        schedule.start(at: start.addingTimeInterval(120))
        await schedule.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 2, "once it is written, the next slot runs")
    }

    @Test func theScheduleIsConfiguredInWordsAnOperatorWrites() throws {
        var input = Byline.Configuration.Input()
        input[.backupDirectory] = "/var/backups/byline"
        input[.backupEvery] = "30m"
        input[.backupKeep] = "48"
        let configuration = try Byline.Configuration.resolve(input, environment: [:])
        #expect(configuration.backupSchedule == BackupSchedule.Settings(folder: "/var/backups/byline", every: .seconds(1800), keep: 48))
        #expect(Setting.backupEvery.value(in: configuration) == "30m")
        for wrong in ["6", "0h", "-1h", "90d", "soon"] {
            var bad = Byline.Configuration.Input()
            bad[.backupEvery] = wrong
            #expect(throws: Byline.Configuration.Error.self, "\(wrong)") { _ = try Byline.Configuration.resolve(bad, environment: [:]) }
        }
        #expect(try Byline.Configuration.resolve(Byline.Configuration.Input(), environment: [:]).backupSchedule == nil)
    }
}
