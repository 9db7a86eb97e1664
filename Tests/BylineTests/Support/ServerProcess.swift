import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `byline serve` process on a free loopback port, stopped when released.
final class ServerProcess: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var collected = ""

    /// The `byline` binary built next to this test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("byline")
    }

    init(arguments: [String], environment: [String: String] = [:], executable: URL = ServerProcess.executable, directory: URL? = nil) throws {
        port = Ports.free()
        process.executableURL = executable
        if let directory { process.currentDirectoryURL = directory }
        process.arguments = ["serve", "--port", String(port)] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BYLINE_") }.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            self?.lock.withLock { self?.collected += text }
        }
        try process.run()
    }

    deinit {
        output.fileHandleForReading.readabilityHandler = nil
        guard process.isRunning else { return }
        // A graceful stop first, as an orchestrator would; then no more patience.
        process.terminate()
        for _ in 0..<100 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Ends the process at once, as a crash or a power cut would: no graceful shutdown.
    func killAbruptly() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Posts a form the way a browser does, following the redirect that answers it.
    func postForm(_ path: String, _ fields: [String: String], headers: [String: String] = [:], session: URLSession) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.timeoutInterval = 10
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(fields.map { "\(CommentForms.encode($0.key))=\(CommentForms.encode($0.value))" }.joined(separator: "&").utf8)
        let (_, response) = try await session.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// Everything the process printed so far, standard output and error together.
    var log: String { lock.withLock { collected } }

    /// Waits until the start-up banner appears, or fails the test after `timeout`.
    func waitUntilServing(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !log.contains("Byline is serving") {
            guard process.isRunning else { throw Failure("byline serve exited: \(log)") }
            guard ContinuousClock.now < deadline else { throw Failure("byline serve did not start in time: \(log)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func get(_ path: String) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Polls `path` until `condition` holds, returning how long it took, or nil after `limit`.
    func waitFor(_ path: String, within limit: Duration, _ condition: @escaping ((status: Int, body: String)) -> Bool) async -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if let response = try? await get(path), condition(response) { return ContinuousClock.now - start }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return nil
    }

    /// Runs a command the test harness handed over in an environment variable (pg_ctl's).
    static func shell(_ command: String) throws {
        guard system(command + " >/dev/null") == 0 else { throw Failure("command failed: \(command)") }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
