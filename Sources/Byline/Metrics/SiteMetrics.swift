import Foundation
import Metrics

/// Every metric Byline reports, named once, through swift-metrics: whatever backend the
/// process bootstrapped receives them (`byline serve` bootstraps swift-prometheus and serves
/// `/metrics`; without a bootstrap they cost nothing). Each name always has the same label
/// names, as Prometheus requires.
enum SiteMetrics {
    // MARK: Requests

    /// One answered request: by route pattern (never the raw path, which is unbounded),
    /// method and status, and its latency.
    static func request(route: String, method: String, status: Int, duration: Duration) {
        Counter(label: "byline_http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))]).increment()
        Metrics.Timer(label: "byline_http_request_duration_seconds", dimensions: [("route", route)]).recordNanoseconds(duration.nanoseconds)
    }

    /// The route of a hit answered in the channel pipeline, before any router ran.
    static let pageCacheRoute = "(page cache)"

    // The page caches' hits, misses, evictions and bytes are made by each `PageCache`
    // once, since a hit is the cheapest answer the site gives.

    // MARK: Database

    /// How long a unit of database work took, waiting for a connection included.
    static func database(_ operation: String, duration: Duration, failed: Bool) {
        Metrics.Timer(label: "byline_database_seconds", dimensions: [("operation", operation)]).recordNanoseconds(duration.nanoseconds)
        if failed { Counter(label: "byline_database_failures_total", dimensions: [("operation", operation)]).increment() }
    }

    /// How many comment writes one SQLite commit carried.
    static func groupCommit(batch: Int) {
        Recorder(label: "byline_group_commit_batch_size", aggregate: true).record(batch)
    }

    // MARK: What the site does

    /// A posted comment's fate: approved, held, spam or refused, and the rule that decided.
    static func comment(outcome: String, reason: String) {
        Counter(label: "byline_comments_total", dimensions: [("outcome", outcome), ("reason", reason)]).increment()
    }

    static func webhookDelivery(result: String) {
        Counter(label: "byline_webhook_deliveries_total", dimensions: [("result", result)]).increment()
    }

    static func job(_ name: String, succeeded: Bool) {
        Counter(label: "byline_job_runs_total", dimensions: [("job", name), ("outcome", succeeded ? "ok" : "failed")]).increment()
    }

    static func wireItem(outcome: String) {
        Counter(label: "byline_wire_items_total", dimensions: [("outcome", outcome)]).increment()
    }

    /// What a WordPress import stored, by kind (stories, comments, media…) and change.
    static func imported(_ report: WordPressImportReport) {
        guard !report.dryRun else { return }
        for (kind, counts) in report.counts {
            for (change, count) in [("created", counts.created), ("updated", counts.updated), ("unchanged", counts.unchanged)] where count > 0 {
                Counter(label: "byline_import_records_total", dimensions: [("kind", kind), ("change", change)]).increment(by: count)
            }
        }
    }

    static func importJob(succeeded: Bool) {
        Counter(label: "byline_import_jobs_total", dimensions: [("outcome", succeeded ? "done" : "failed")]).increment()
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
