import Foundation
import Logging
import Synchronization

/// Backups taken on a schedule into a folder, keeping the newest few: `--backup-dir`,
/// `--backup-every`, `--backup-keep`. It runs as a scheduled job, so of several nodes
/// exactly one takes each backup.
public final class BackupSchedule: Sendable {
    public struct Settings: Sendable, Equatable {
        public var folder: String
        public var every: Duration
        public var keep: Int

        public init(folder: String, every: Duration, keep: Int) {
            self.folder = folder
            self.every = every
            self.keep = keep
        }
    }

    let settings: Settings
    let site: SiteBackup.Site
    let logger: Logger
    /// The backup in progress, if any, and whether it is still writing.
    private let current = Mutex<(task: Task<Void, Never>?, busy: Bool)>((nil, false))

    public init(settings: Settings, site: SiteBackup.Site, logger: Logger) {
        self.settings = settings
        self.site = site
        self.logger = logger
    }

    static let prefix = "byline-backup-"

    /// The job starts the backup and returns at once: a backup of a large site takes
    /// minutes, and the scheduler's other jobs (publishing on time) must not wait for it.
    public var job: ScheduledJob {
        ScheduledJob(name: "backup", period: settings.every) { [self] now in start(at: now) }
    }

    func start(at now: Date) {
        current.withLock { current in
            guard !current.busy else {
                logger.warning("scheduled backup skipped: the previous one is still being written")
                return
            }
            current = (Task { await self.backUp(at: now) }, true)
        }
    }

    /// Waits for the backup in progress, if any: for tests and a graceful stop.
    func finish() async {
        await current.withLock { $0.task }?.value
    }

    private func backUp(at now: Date) async {
        defer { current.withLock { $0.busy = false } }
        let name = Self.prefix + now.formatted(Date.ISO8601FormatStyle().year().month().day().dateSeparator(.omitted).time(includingFractionalSeconds: false).timeSeparator(.omitted)) + "Z.tar"
        let archive = URL(fileURLWithPath: settings.folder).appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(atPath: settings.folder, withIntermediateDirectories: true)
            let manifest = try await SiteBackup.create(of: site, to: archive, now: now)
            logger.info("backup written", metadata: ["file": .string(archive.path), "files": .stringConvertible(manifest.files.count)])
            try prune()
        } catch {
            logger.error("scheduled backup failed", metadata: ["file": .string(archive.path), "error": .string("\(error)")])
        }
    }

    /// Keeps the newest `keep` of this schedule's archives; nothing else in the folder is touched.
    func prune() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: settings.folder)
            .filter { $0.hasPrefix(Self.prefix) && $0.hasSuffix(".tar") }.sorted()
        for name in names.dropLast(settings.keep) {
            try FileManager.default.removeItem(atPath: (settings.folder as NSString).appendingPathComponent(name))
            logger.info("old backup removed", metadata: ["file": .string(name)])
        }
    }
}
