import Foundation
import Logging
import ServiceLifecycle

/// Runs the imports queued from the newsroom, one at a time on whichever node claims each,
/// so that a large file never holds up a request. Progress goes to the job's row, which
/// every node's status page reads.
public struct ImportJobRunner: Service {
    let jobs: any ImportJobRepository
    let storage: Storage
    let live: LiveConfiguration
    let tick: Duration
    let logger: Logger

    init(jobs: any ImportJobRepository, storage: Storage, live: LiveConfiguration, tick: Duration = .seconds(2), logger: Logger) {
        self.jobs = jobs
        self.storage = storage
        self.live = live
        self.tick = tick
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                while try await runNext() {}
            } catch {
                logger.error("import jobs could not be read", metadata: ["error": .string(String(describing: error))])
            }
            try? await Task.sleep(for: tick)
        }
    }

    /// Runs the next job, if there is one; true when it ran one.
    @discardableResult
    func runNext(now: @escaping @Sendable () -> Date = Date.init) async throws -> Bool {
        guard let (job, file) = try await jobs.claim(at: now(), stale: now().addingTimeInterval(-600)) else { return false }
        let site = live.current
        let jobs = self.jobs
        let options = WordPressImporter.Options(
            planner: .init(timeZone: site.dateDisplay.timeZone), dryRun: job.dryRun, maxDepth: site.comments.maxDepth,
            progress: { done, total in
                // Progress is written from the import's own task, and a lost update only delays the bar.
                Task { try? await jobs.progress(job.id, done: done, total: total, at: now()) }
            })
        do {
            let report = try await WordPressImporter.run(WXR.Reader(data: file), into: storage, options: options, now: now())
            SiteMetrics.imported(report)
            SiteMetrics.importJob(succeeded: true)
            try await jobs.finish(job.id, state: .done, report: report.description, at: now())
        } catch {
            SiteMetrics.importJob(succeeded: false)
            try await finishFailed(job, error, now: now)
        }
        return true
    }

    /// Records why a job stopped, in words for the person who started it.
    private func finishFailed(_ job: ImportJob, _ error: any Error, now: @Sendable () -> Date) async throws {
        do {
            throw error
        } catch let failure as WXR.Failure {
            try await jobs.finish(job.id, state: .failed, report: "\(job.fileName): \(failure.reason)", at: now())
        } catch let failure as WordPressPlanner.Failure {
            try await jobs.finish(job.id, state: .failed, report: failure.reason, at: now())
        } catch let error as ImportItemFailure {
            try await jobs.finish(job.id, state: .failed, report: "The import stopped at \(error.description). What was stored before this stays; import the file again to continue.", at: now())
        } catch let error as StorageError {
            try await jobs.finish(job.id, state: .failed, report: "The import stopped: \(error.description). What was stored before this stays; import the file again to continue.", at: now())
        }
    }
}
