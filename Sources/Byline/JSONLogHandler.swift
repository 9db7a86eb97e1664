import Foundation
import Logging
import Synchronization

/// Log lines as JSON, one object a line, for log shippers (Loki, Elasticsearch, CloudWatch):
/// `time`, `level`, `label` and `message`, then the metadata's fields as they are named
/// (`hb.request.id`, and an access line's `status`, `ms`, …).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable (String) -> Void

    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: JSONValue] = [:]
        let merged = metadata.merging(metadataProvider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged { fields[key] = Self.json(value) }
        fields["time"] = .string(Date().formatted(Self.time))
        fields["level"] = .string(event.level.rawValue)
        fields["label"] = .string(label)
        fields["message"] = .string(event.message.description)
        if event.level >= .warning { fields["source"] = .string("\(event.file):\(event.line)") }
        write(JSONValue.object(fields).text)
    }

    private static let time = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let value): .string(value.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let fields): .object(fields.mapValues(json))
        }
    }

    private static let output = Mutex(())

    /// One write per line, under a lock, so lines from different threads never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        output.withLock { _ in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}
