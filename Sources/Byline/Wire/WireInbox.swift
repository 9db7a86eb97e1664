import Foundation
import Logging
import ServiceLifecycle

/// `byline serve --wire-inbox DIR`: agency files dropped into a folder are taken in as they
/// appear, then moved to `DIR/done/`, or to `DIR/failed/` with a one-line `.error.txt` beside.
///
/// Several nodes may watch one shared folder. A node takes a file by renaming it into
/// `DIR/.taking/` under its own name: a rename is atomic, so of two nodes that try, exactly
/// one succeeds, and the other finds the file gone.
public struct WireInbox: Service {
    let folder: URL
    let wire: WireIngest
    let node: String
    /// How long a file must sit unchanged before it is taken, so that one still being
    /// written (by FTP, say) is not read half-way.
    let quiet: TimeInterval
    let tick: Duration
    let logger: Logger

    public init(folder: URL, wire: WireIngest, quiet: TimeInterval = 2, tick: Duration = .seconds(1), logger: Logger) {
        self.folder = folder
        self.wire = wire
        self.node = UUID().uuidString.lowercased().prefix(8) + "-" + String(ProcessInfo.processInfo.processIdentifier)
        self.quiet = quiet
        self.tick = tick
        self.logger = logger
    }

    var taking: URL { folder.appendingPathComponent(".taking", isDirectory: true) }
    var done: URL { folder.appendingPathComponent("done", isDirectory: true) }
    var failed: URL { folder.appendingPathComponent("failed", isDirectory: true) }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await scan()
            } catch {
                logger.error("the wire inbox could not be read", metadata: ["folder": .string(folder.path), "error": .string(String(describing: error))])
            }
            try? await Task.sleep(for: tick)
        }
    }

    /// Takes in every file ready now; returns how many this node took.
    @discardableResult
    func scan(now: Date = Date()) async throws -> Int {
        let files = FileManager.default
        for subfolder in [taking, done, failed] { try files.createDirectory(at: subfolder, withIntermediateDirectories: true) }
        try returnAbandoned(now: now)
        var taken = 0
        // This node's own claims from an earlier scan: the database was away then. They stay
        // this node's, so no other node takes them as well.
        for claimed in try files.contentsOfDirectory(atPath: taking.path).sorted() where claimed.hasPrefix(node + "~") {
            taken += 1
            await take(taking.appendingPathComponent(claimed), name: String(claimed.dropFirst(node.count + 1)), now: now)
        }
        let names = try files.contentsOfDirectory(atPath: folder.path).sorted()
        for name in names where Self.isCandidate(name) {
            let file = folder.appendingPathComponent(name)
            guard let attributes = try? files.attributesOfItem(atPath: file.path), attributes[.type] as? FileAttributeType == .typeRegular,
                let modified = attributes[.modificationDate] as? Date, now.timeIntervalSince(modified) >= quiet
            else { continue }
            let claimed = taking.appendingPathComponent("\(node)~\(name)")
            // Another node took it first: it is theirs.
            guard (try? files.moveItem(at: file, to: claimed)) != nil else { continue }
            // The claim's time, for telling a node that stopped mid-file from one still working.
            try? files.setAttributes([.modificationDate: now], ofItemAtPath: claimed.path)
            taken += 1
            await take(claimed, name: name, now: now)
        }
        return taken
    }

    private func take(_ claimed: URL, name: String, now: Date) async {
        do {
            let data = try Data(contentsOf: claimed)
            let outcomes = try await wire.ingest(data, name: name, .init(origin: "inbox: \(name)"), now: now)
            for outcome in outcomes { logger.info("wire: \(name): \(outcome.line)") }
            try move(claimed, to: done, name: name)
        } catch let failure as WireItem.Failure {
            logger.warning("wire: \(failure.reason)")
            try? move(claimed, to: failed, name: name, reason: failure.reason)
        } catch let error as StorageError where error == .unavailable {
            // The database is away, or too slow to answer in time: the file stays claimed and
            // this node tries it again on its next scan. (If the write did land, the retry finds
            // the version already in and logs it as ignored: nothing is stored twice.)
            logger.warning("wire: \(name) waits: the database is unavailable")
        } catch {
            logger.error("wire: \(name) could not be taken in", metadata: ["error": .string(String(describing: error))])
            try? move(claimed, to: failed, name: name, reason: "\(name) could not be taken in: \(error)")
        }
    }

    /// Moves a finished file where it belongs, under a free name (an agency resends files
    /// under the same name), with its reason beside it when it failed.
    private func move(_ claimed: URL, to destination: URL, name: String, reason: String? = nil) throws {
        let files = FileManager.default
        var target = destination.appendingPathComponent(name)
        var attempt = 1
        while files.fileExists(atPath: target.path) || (reason != nil && files.fileExists(atPath: target.path + ".error.txt")) {
            attempt += 1
            let base = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
            target = destination.appendingPathComponent("\(base)-\(attempt)" + (ext.isEmpty ? "" : ".\(ext)"))
        }
        try files.moveItem(at: claimed, to: target)
        if let reason { try Data((reason.replacingOccurrences(of: "\n", with: " ") + "\n").utf8).write(to: URL(fileURLWithPath: target.path + ".error.txt")) }
    }

    /// A file a node claimed ten minutes ago and never finished: that node stopped, and the
    /// file goes back to be taken again.
    private func returnAbandoned(now: Date) throws {
        let files = FileManager.default
        for claimed in try files.contentsOfDirectory(atPath: taking.path) {
            let path = taking.appendingPathComponent(claimed).path
            guard let modified = (try? files.attributesOfItem(atPath: path))?[.modificationDate] as? Date, now.timeIntervalSince(modified) > 600,
                let separator = claimed.firstIndex(of: "~")
            else { continue }
            try? files.moveItem(atPath: path, toPath: folder.appendingPathComponent(String(claimed[claimed.index(after: separator)...])).path)
        }
    }

    /// Files still being written by the usual tools, and hidden ones, are left alone.
    static func isCandidate(_ name: String) -> Bool {
        guard !name.hasPrefix("."), !name.hasPrefix("~"), !["done", "failed"].contains(name) else { return false }
        let lowered = name.lowercased()
        return ![".tmp", ".part", ".partial", ".filepart", ".crdownload", ".error.txt", "~"].contains { lowered.hasSuffix($0) }
    }
}
