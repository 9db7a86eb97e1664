@testable import Byline
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Slowloris and its cousins: clients that open connections and then trickle, stall or say
/// nothing. They are cut off on deadlines of their own, and while they last everyone else is
/// answered as usual. The misbehaving clients run on threads of their own, so that their pauses
/// are the ones they mean.
@Suite("Slow and idle clients", .serialized)
struct SlowClientTests {
    private func serve(_ arguments: [String]) async throws -> ServerProcess {
        let node = try ServerProcess(arguments: ["--data-dir", TemporaryDirectory.make()] + arguments)
        try await node.waitUntilServing()
        return node
    }

    @Test func headersTrickledAByteAtATimeAreCutOffAtTheHeaderTimeout() async throws {
        // The idle timeout leaves room for a loaded machine (the whole suite on two cores) to
        // be slow in getting back to the silent connection, which must still be open then.
        let node = try await serve(["--header-timeout", "1s", "--idle-timeout", "20s"])
        let trickler = try RawConnection(port: node.port)
        let silent = try RawConnection(port: node.port)
        let (cutOff, elapsed) = try await RawConnection.offThePool {
            let start = ContinuousClock.now
            // A header that would go on for ten seconds: the deadline must not move with each byte.
            for byte in "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + String(repeating: "a", count: 200) {
                guard trickler.send(String(byte)) else { break }
                if trickler.isClosed(within: .milliseconds(50)) { return (true, ContinuousClock.now - start) }
            }
            return (trickler.isClosed(), ContinuousClock.now - start)
        }
        #expect(cutOff, "still open after \(elapsed)")
        #expect(elapsed < .seconds(8))
        #expect(trickler.received.hasPrefix("HTTP/1.1 408 Request Timeout"), "\(trickler.received)")
        // One that never says anything is an idle connection (a browser's preconnection, say),
        // closed when the idle timeout comes, not the header timeout.
        let silentAfterHeaderTimeout = try await RawConnection.offThePool { !silent.isClosed() }
        #expect(silentAfterHeaderTimeout)
        let silentClosed = try await RawConnection.offThePool { silent.isClosed(within: .seconds(35)) }
        #expect(silentClosed, "idle past the idle timeout")
        #expect(try await node.get("/").status == 200)

        // After answers from the router and from the page cache's pipeline handler alike, the
        // next request's clock starts with its first byte.
        let reader = try RawConnection(port: node.port)
        let (answered, cutOffLater) = try await RawConnection.offThePool {
            for _ in 0..<2 { reader.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") }
            let answered = reader.read(until: "HTTP/1.1 200", times: 2, within: .seconds(10))
            reader.send("GET / HTTP/1.1\r\n")
            for _ in 0..<40 where !reader.isClosed(within: .milliseconds(100)) { reader.send("X") }
            return (answered, reader.isClosed())
        }
        #expect(answered, "\(reader.received.prefix(300))")
        #expect(reader.received.contains("X-Byline-Cache: hit"), "the second answer came from the page cache")
        #expect(cutOffLater)
    }

    @Test func aBodyThatStallsIsClosedAndOneThatFlowsIsAnswered() async throws {
        let node = try await serve(["--body-timeout", "2s"])
        let staller = try RawConnection(port: node.port)
        let steady = try RawConnection(port: node.port)
        let body = "comment_post_ID=999999&author=Ann&comment=Hello"
        let (stallerClosed, steadySent) = try await RawConnection.offThePool {
            staller.send("POST /comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nauthor=Ann")
            // Slower than the body timeout overall, but never silent for as long: not a stall.
            var sent = steady.send(
                "POST /comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            )
            for chunk in body.chunked(into: 6) {
                usleep(500_000)
                sent = sent && steady.send(chunk)
            }
            return (staller.isClosed(within: .seconds(8)), sent)
        }
        #expect(stallerClosed)
        #expect(steadySent)
        let answered = try await RawConnection.offThePool { steady.read(until: "\r\n\r\n", within: .seconds(10)) }
        #expect(answered)
        #expect(steady.received.hasPrefix("HTTP/1.1 404"), "the body arrived whole, and the unknown article was looked up: \(steady.received.prefix(200))")
    }

    @Test func aKeptAliveConnectionMayWaitBetweenRequestsUntilTheIdleTimeout() async throws {
        // The idle timeout leaves room for a loaded machine (the whole suite on two cores) to
        // be slow in getting back to the silent connection, which must still be open then.
        let node = try await serve(["--header-timeout", "1s", "--idle-timeout", "12s"])
        let reader = try RawConnection(port: node.port)
        let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        let (first, openAfterPause, second, closedWhenIdle) = try await RawConnection.offThePool {
            reader.send(request)
            let first = reader.read(until: "HTTP/1.1 200", within: .seconds(10))
            // Longer than the header timeout: between requests that clock is not running.
            sleep(2)
            let open = !reader.isClosed()
            reader.send(request)
            let second = reader.read(until: "HTTP/1.1 200", times: 2, within: .seconds(10))
            return (first, open, second, reader.isClosed(within: .seconds(15)))
        }
        #expect(first && openAfterPause && second, "\(reader.received)")
        #expect(closedWhenIdle, "idle past the idle timeout")
    }

    // 2,000 slow and silent clients at once: tests/operations/test_slow_clients.py, in a
    // process of its own (so many sockets here once crashed another test's Process.run).

    @Test func atTheConnectionLimitNewClientsWaitAndTheLogSaysSo() async throws {
        let node = try await serve(["--max-connections", "16", "--idle-timeout", "2s"])
        let hogs = try (0..<16).map { _ in try RawConnection(port: node.port) }
        // Connections that arrive together may be accepted in one batch past the limit; once
        // the pause is logged, nothing more is accepted until one closes.
        try await waitUntil("the limit is reached", timeout: .seconds(10)) { node.log.contains("connection limit of 16 reached") }
        let response = try await node.get("/healthz")
        #expect(response.status == 200)
        // Answered only once room was made: by then the idle timeout had closed silent ones.
        let closedWhenAnswered = try await RawConnection.offThePool { hogs.filter { $0.isClosed() }.count }
        #expect(closedWhenAnswered > 0, "the request was answered while all 16 connections were still open")
        let allClosed = try await RawConnection.offThePool { hogs.allSatisfy { $0.isClosed(within: .seconds(5)) } }
        #expect(allClosed)
    }
}

private extension String {
    func chunked(into size: Int) -> [String] {
        stride(from: 0, to: count, by: size).map { start in
            let from = index(startIndex, offsetBy: start)
            return String(self[from..<(index(from, offsetBy: size, limitedBy: endIndex) ?? endIndex)])
        }
    }
}
