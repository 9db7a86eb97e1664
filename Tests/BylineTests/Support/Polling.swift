import Foundation
import Testing

/// The condition a test waited for did not hold before its deadline.
struct TimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Checks `condition` every few milliseconds until it holds, and throws once `timeout` has
/// passed without it. A test waits for what it needs instead of sleeping a fixed time, so it
/// is as fast as the machine allows and still passes on a loaded one.
func waitUntil(
    _ what: String, timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(10),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut(description: "timed out after \(timeout) waiting until \(what)") }
        try await Task.sleep(for: interval)
    }
}
