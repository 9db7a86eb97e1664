import Foundation
import Logging
import ServiceLifecycle

/// Runs scheduled jobs on every node, each slot on exactly one of them.
public struct JobScheduler: Service {
    let claims: any JobClaimRepository
    let jobs: [ScheduledJob]
    let tick: Duration
    let logger: Logger

    public init(claims: any JobClaimRepository, jobs: [ScheduledJob], tick: Duration = .seconds(1), logger: Logger) {
        self.claims = claims
        self.jobs = jobs
        self.tick = tick
        self.logger = logger
    }

    /// The jobs every site runs.
    public static func standardJobs(storage: Storage, comments policy: @escaping @Sendable () -> CommentPolicy) -> [ScheduledJob] {
        [
            ScheduledJob(name: "prune-job-claims", period: .seconds(3600)) { now in
                try await storage.jobs.pruneClaims(before: now.addingTimeInterval(-7 * 86400))
            },
            ScheduledJob(name: "erase-comment-client-data", period: .seconds(3600)) { now in
                let retention = Double(policy().clientDataRetentionDays) * 86400
                _ = try await storage.comments.eraseClientData(before: now.addingTimeInterval(-retention))
            },
            // Every 15 seconds, so a story scheduled for 9:00 is out by 9:00:15. The UPDATE that
            // publishes is atomic, so even two nodes running this at once publish each story once.
            ScheduledJob(name: "publish-scheduled", period: .seconds(15)) { now in
                _ = try await storage.editorial.publishDue(at: now)
            },
            ScheduledJob(name: "prune-sessions", period: .seconds(3600)) { now in
                try await storage.sessions.prune(before: now)
            },
            // The delivery log answers "did they get it?" for a month; pending deliveries stay.
            ScheduledJob(name: "prune-webhook-deliveries", period: .seconds(3600)) { now in
                _ = try await storage.webhooks.pruneDeliveries(before: now.addingTimeInterval(-30 * 86400))
            },
        ]
    }

    public func run() async throws {
        var lastSlots: [String: Int64] = [:]
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            _ = try await runDue(at: Date(), after: &lastSlots)
            try? await Task.sleep(for: tick)
        }
    }

    /// Runs each job whose slot this node claims; returns the names it ran.
    public func runDue(at now: Date, after lastSlots: inout [String: Int64]) async throws -> [String] {
        var ran: [String] = []
        for job in jobs {
            let slot = job.slot(at: now)
            guard lastSlots[job.name] != slot else { continue }
            do {
                guard try await claims.claim(job: job.name, slot: slot, at: now) else {
                    lastSlots[job.name] = slot
                    continue
                }
                lastSlots[job.name] = slot
                do {
                    try await job.work(now)
                    SiteMetrics.job(job.name, succeeded: true)
                } catch {
                    SiteMetrics.job(job.name, succeeded: false)
                    throw error
                }
                ran.append(job.name)
            } catch {
                // A failed claim leaves the slot open for the next tick, here or elsewhere; a failed
                // job keeps its claim, and the job catches up in its next slot.
                logger.warning("scheduled job failed", metadata: ["job": .string(job.name), "error": .string("\(error)")])
            }
        }
        return ran
    }
}
