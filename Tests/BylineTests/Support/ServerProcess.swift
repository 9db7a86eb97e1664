import Byline
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `byline serve` process on a free loopback port, stopped when released.
final class ServerProcess: @unchecked Sendable {
    let port: Int
    private let process: ChildProcess
    private let output = Pipe()
    private let lock = NSLock()
    private var collected = ""

    /// The `byline` binary built next to this test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("byline")
    }

    /// This process's environment less any BYLINE_ setting, with `extra` over it.
    static func environment(_ extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BYLINE_") }.merging(extra) { $1 }
    }

    /// Runs `byline` to its end (posix_spawn, not Foundation's Process: see ChildProcess).
    static func run(
        _ arguments: [String], environment extra: [String: String] = [:], stdin: Data? = nil, executable: URL = ServerProcess.executable
    ) throws -> (status: Int32, output: String, errors: String) {
        let ended = try ChildProcess.run(executable.path, arguments, environment: environment(extra), input: stdin.map { Array($0) } ?? [])
        return (ended.status, String(decoding: ended.output, as: UTF8.self), String(decoding: ended.errors, as: UTF8.self))
    }

    init(arguments: [String], environment: [String: String] = [:], executable: URL = ServerProcess.executable, directory: URL? = nil) throws {
        port = Ports.free()
        let devNull = open("/dev/null", O_RDONLY)
        defer { close(devNull) }
        let writer = output.fileHandleForWriting.fileDescriptor
        process = try ChildProcess(
            executable: executable.path, arguments: ["serve", "--port", String(port)] + arguments, environment: Self.environment(environment),
            directory: directory?.path, standardInput: devNull, standardOutput: writer, standardError: writer
        )
        // The child has its own copy; ours would keep the pipe open after it ends.
        try output.fileHandleForWriting.close()
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            self?.lock.withLock { self?.collected += text }
        }
    }

    deinit {
        output.fileHandleForReading.readabilityHandler = nil
        guard process.isRunning else { return }
        // A graceful stop first, as an orchestrator would; then no more patience.
        process.signal(SIGTERM)
        for _ in 0..<100 where process.isRunning { usleep(50_000) }
        if process.isRunning { process.signal(SIGKILL) }
        process.waitForExit()
    }

    /// Ends the process at once, as a crash or a power cut would: no graceful shutdown.
    func killAbruptly() {
        guard process.isRunning else { return }
        process.signal(SIGKILL)
        process.waitForExit()
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
