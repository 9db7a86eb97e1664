import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// How long a client may take over each part of a request, and how many may be connected at
/// once: what keeps slowloris-style clients (headers a byte at a time, bodies that stall, sockets
/// opened and never used) from holding the node while everyone else waits.
public struct ConnectionLimits: Sendable, Equatable {
    /// Accepting pauses at this many open connections; later ones wait in the listen backlog
    /// until one closes, and the pause is logged.
    public var maximumConnections = 10_000
    /// From the first byte of a request to its last header line; trickling bytes does not
    /// extend it. (A connection that says nothing at all, such as a browser's preconnection,
    /// is an idle one.)
    public var headerTimeout: Duration = .seconds(10)
    /// How long a request body may send nothing while the server is waiting to read it.
    public var bodyTimeout: Duration = .seconds(30)
    /// How long a connection may sit with nothing to say: before its first request, or kept
    /// alive between requests.
    public var idleTimeout: Duration = .seconds(60)

    public init() {}
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with `limits` enforced on every connection, in front of the decoder.
    static func http1(configuration: HTTP1Channel.Configuration, limits: ConnectionLimits, logger: Logger) -> HTTPServerBuilder {
        var idling = configuration
        idling.idleTimeout = TimeAmount(limits.idleTimeout)
        let configuration = idling
        return .init { responder in
            GuardedHTTP1Channel(http: HTTP1Channel(responder: responder, configuration: configuration), limits: limits, logger: logger)
        }
    }
}

/// Hummingbird's HTTP/1.1 channel with a `SlowClientHandler` ahead of the decoder, which sees
/// bytes arrive, and its `RequestBoundaries` behind it, which sees where requests begin and end.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http: HTTP1Channel
    let limits: ConnectionLimits
    let logger: Logger

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let guardHandler = SlowClientHandler(limits: limits, logger: self.logger)
        do {
            try channel.pipeline.syncOperations.addHandler(guardHandler)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let boundaries = NIOLoopBound(RequestBoundaries(clock: guardHandler), eventLoop: channel.eventLoop)
        var configuration = http.configuration
        let others = configuration.additionalChannelHandlers
        // First of the additional handlers: the page cache's answers a request in the pipeline,
        // and must not hide that request from the clock.
        configuration.additionalChannelHandlers = { [boundaries.value] + others() }
        return HTTP1Channel(responder: http.responder, configuration: configuration).setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http.handle(value: value, logger: logger)
    }
}

/// Closes a connection whose client is too slow: headers not complete within the header
/// timeout, or a body that stalls while the server waits for it. It sits in front of the HTTP
/// decoder, so it sees every byte arrive and every read the server asks for.
final class SlowClientHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase: Equatable {
        /// Before a request or between requests, silent: only the idle timeout applies.
        case idle
        /// A request's first bytes are in, and its headers are due.
        case awaitingHead(due: NIODeadline)
        /// The headers are in; the body, if any, is being read.
        case readingBody
        /// The whole request is in; the server is answering.
        case answering
    }

    private let limits: ConnectionLimits
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private(set) var phase = Phase.idle
    private var timer: Scheduled<Void>?
    /// Since when the server has asked for bytes without any arriving. Nil while it is not
    /// reading (back-pressure from a slow handler is the server's slowness, not the client's).
    private var waitingSince: NIODeadline?
    /// Requests whose response has not been fully written yet.
    private var responsesOwed = 0

    init(limits: ConnectionLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        waitingSince = nil
        if phase == .idle { awaitHead() }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if waitingSince == nil { waitingSince = .now() }
        context.read()
    }

    // MARK: What the handler behind the decoder reports

    func headReceived() {
        responsesOwed += 1
        phase = .readingBody
        arm(at: .now() + TimeAmount(limits.bodyTimeout))
    }

    func requestEnded() {
        phase = .answering
        cancelTimer()
    }

    func responseEnded() {
        responsesOwed -= 1
        // Bytes of a pipelined request that came in meanwhile already started its clock.
        if phase == .answering, responsesOwed == 0 { phase = .idle }
    }

    // MARK: The clock

    private func awaitHead() {
        let due = NIODeadline.now() + TimeAmount(limits.headerTimeout)
        phase = .awaitingHead(due: due)
        arm(at: due)
    }

    private func arm(at deadline: NIODeadline) {
        guard let context else { return }
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            self.timer = nil
            self.expire()
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    private func stop() {
        cancelTimer()
        context = nil
    }

    private func expire() {
        guard let context else { return }
        let now = NIODeadline.now()
        switch phase {
        case .awaitingHead:
            guard waitingSince != nil else { return arm(at: now + .seconds(1)) }
            logger.debug("closed a connection whose request headers took longer than \(limits.headerTimeout)", metadata: peer(context))
            if responsesOwed == 0 {
                // A response nobody else is writing: say why before closing.
                var answer = context.channel.allocator.buffer(capacity: 96)
                answer.writeString("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                context.writeAndFlush(wrapOutboundOut(answer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            } else {
                context.close(promise: nil)
            }
        case .readingBody:
            let stall = TimeAmount(limits.bodyTimeout)
            guard let waitingSince else { return arm(at: now + stall) }
            guard now - waitingSince >= stall else { return arm(at: waitingSince + stall) }
            logger.debug("closed a connection whose request body stalled for \(limits.bodyTimeout)", metadata: peer(context))
            context.close(promise: nil)
        case .idle, .answering:
            break
        }
    }

    private func peer(_ context: ChannelHandlerContext) -> Logger.Metadata {
        ["hb.peer": .string(context.remoteAddress?.description ?? "unknown")]
    }
}

/// Behind the HTTP decoder: tells the connection's `SlowClientHandler` where each request
/// begins and ends, and when its response is written.
final class RequestBoundaries: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let clock: SlowClientHandler

    init(clock: SlowClientHandler) {
        self.clock = clock
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: clock.headReceived()
        case .body: break
        case .end: clock.requestEnded()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { clock.responseEnded() }
        context.write(data, promise: promise)
    }
}

/// Pauses accepting at the connection limit, and says so in the log: the operator needs to
/// know that readers are waiting in the backlog. Under a flood the limit is reached again and
/// again; one line each ten seconds says how often.
struct ConnectionCap: AvailableConnectionsDelegate {
    let maximum: Int
    let logger: Logger
    private var open = 0
    private var lastWarning: ContinuousClock.Instant?
    private var pausesSinceWarning = 0

    init(maximum: Int, logger: Logger) {
        self.maximum = maximum
        self.logger = logger
    }

    mutating func connectionOpened() {
        open += 1
        guard open == maximum else { return }
        pausesSinceWarning += 1
        let now = ContinuousClock.now
        if let lastWarning, now - lastWarning < .seconds(10) { return }
        logger.warning(
            "connection limit of \(maximum) reached: new connections wait in the backlog until one closes; raise --max-connections if this is real traffic",
            metadata: ["connections": .stringConvertible(open), "times_reached": .stringConvertible(pausesSinceWarning)]
        )
        lastWarning = now
        pausesSinceWarning = 0
    }

    mutating func connectionClosed() {
        open -= 1
    }

    func isAcceptingNewConnections() -> Bool { open < maximum }
}
