import Byline
import Foundation
import Testing

/// The storage backends every repository contract test runs against.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite

    var testDescription: String { rawValue }

    /// A fresh, empty, migrated database of this kind.
    func makeStorage() async throws -> Storage {
        switch self {
        case .sqlite:
            var input = Configuration.Input()
            input.database = "sqlite:\(TemporaryDirectory.make())/byline.sqlite"
            input.noDemo = true
            return try await openStorage(try Configuration.resolve(input, environment: [:]))
        }
    }
}

enum TemporaryDirectory {
    static func make() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("byline-tests-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
