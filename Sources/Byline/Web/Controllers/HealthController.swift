import Hummingbird
import Synchronization

/// `/healthz` (the process answers) and `/readyz` (it can also reach its database), for
/// load balancers and orchestrators. Neither is ever cached.
struct HealthController<Context: RequestContext>: Sendable {
    let health: any DatabaseHealth
    /// Under the one second a probe waits by default (Kubernetes' `timeoutSeconds`), so an
    /// unreachable database is reported as such rather than as a probe timeout
    /// (`--readiness-timeout-ms`).
    var readinessDeadline: Duration = .milliseconds(600)

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.live.route, use: live)
        routes.get(SiteURL.ready.route, use: ready)
        return routes
    }

    @Sendable func live(_ request: Request, context: Context) async throws -> Response {
        Self.plain(.ok, "ok\n")
    }

    @Sendable func ready(_ request: Request, context: Context) async throws -> Response {
        switch await ReadinessCheck.run(health, within: readinessDeadline) {
        case .ready:
            return Self.plain(.ok, "ready\n")
        case .failed(let error):
            context.logger.warning("not ready", metadata: ["error": .string("\(error)")])
            return Self.unavailable("database unavailable\n")
        case .timedOut:
            context.logger.warning("not ready: the database did not answer within \(readinessDeadline)")
            return Self.unavailable("database did not answer in time\n")
        }
    }

    private static func unavailable(_ text: String) -> Response {
        var response = plain(.serviceUnavailable, text)
        response.headers[.retryAfter] = "5"
        return response
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}

/// One readiness check raced against a deadline. A task group would wait for its slower child
/// even after cancelling it, and a check stuck in a blocking read or a TCP connect to a
/// black-holed host does not stop when cancelled; so the check runs on its own and is
/// abandoned when late. That is safe only because it is a read.
enum ReadinessCheck {
    enum Outcome: Sendable {
        case ready
        case failed(any Error)
        case timedOut
    }

    static func run(_ health: any DatabaseHealth, within deadline: Duration) async -> Outcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let answer = FirstAnswer(continuation)
            let check = Task {
                do {
                    try await health.checkReady()
                    answer.resume(.ready)
                } catch {
                    answer.resume(.failed(error))
                }
            }
            Task {
                try? await Task.sleep(for: deadline)
                answer.resume(.timedOut)
                check.cancel()
            }
        }
    }

    /// Resumes its continuation once, with whichever outcome comes first.
    private final class FirstAnswer: Sendable {
        private let continuation: Mutex<CheckedContinuation<Outcome, Never>?>

        init(_ continuation: CheckedContinuation<Outcome, Never>) { self.continuation = Mutex(continuation) }

        func resume(_ outcome: Outcome) {
            let waiting = continuation.withLock { waiting in
                defer { waiting = nil }
                return waiting
            }
            waiting?.resume(returning: outcome)
        }
    }
}
