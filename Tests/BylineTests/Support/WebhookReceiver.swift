import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A loopback HTTP server that webhook deliveries can really be sent to. `POST /hook` is
/// recorded and answered 204; `POST /redirect?to=URL` answers 307 to `URL`.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var host: String?
        var headers: HTTPFields
        var body: String
    }

    let received = Mutex<[Received]>([])
    private let port = Mutex<Int?>(nil)
    private let task = Mutex<Task<Void, any Error>?>(nil)
    let host: String

    private init(host: String) { self.host = host }

    var url: String { "http://\(host):\(port.withLock { $0 } ?? 0)" }

    static func start(on host: String = "127.0.0.1") async throws -> WebhookReceiver {
        let receiver = WebhookReceiver(host: host)
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1_048_576)
            receiver.received.withLock {
                $0.append(Received(host: request.head.authority, headers: request.headers, body: String(buffer: body)))
            }
            return .noContent
        }
        router.post("/redirect") { request, _ -> Response in
            let target = request.uri.queryParameters.get("to") ?? "/"
            return Response(status: .temporaryRedirect, headers: [.location: target])
        }
        let running = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: 0)),
            onServerRunning: { channel in running.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "webhook-receiver")
        )
        receiver.task.withLock { $0 = Task { try await app.runService(gracefulShutdownSignals: []) } }
        for await port in running.stream {
            receiver.port.withLock { $0 = port }
            break
        }
        return receiver
    }

    func stop() {
        task.withLock { $0?.cancel() }
    }
}
