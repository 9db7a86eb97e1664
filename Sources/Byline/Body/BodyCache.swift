import Synchronization

/// Rendered bodies by their text, so each version of a story is parsed and written once
/// however often its page, feeds and API documents are rendered. The text is the key: an
/// edit makes a new entry, and the old one ages out. Bounded by the bytes it holds; when
/// over, the least recently used half is dropped.
final class BodyCache: Sendable {
    static let shared = BodyCache(maxBytes: 32 * 1_048_576)

    private struct Entry {
        var body: RenderedBody
        var bytes: Int
        var used: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    private let maxBytes: Int
    private let state = Mutex(State())

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    func rendered(_ markdown: String) -> RenderedBody {
        let cached = state.withLock { state -> RenderedBody? in
            guard var entry = state.entries[markdown] else { return nil }
            state.clock += 1
            entry.used = state.clock
            state.entries[markdown] = entry
            return entry.body
        }
        if let cached { return cached }
        // Rendered outside the lock: two requests for a new version may both render it once.
        let body = RenderedBody(StoryBody.parse(markdown))
        let bytes = markdown.utf8.count + body.html.utf8.count + body.plainText.utf8.count
        state.withLock { state in
            guard bytes <= maxBytes / 4, state.entries[markdown] == nil else { return }
            state.clock += 1
            state.entries[markdown] = Entry(body: body, bytes: bytes, used: state.clock)
            state.bytes += bytes
            if state.bytes > maxBytes { Self.evict(&state, below: maxBytes / 2) }
        }
        return body
    }

    var count: Int { state.withLock { $0.entries.count } }

    private static func evict(_ state: inout State, below target: Int) {
        for (key, entry) in state.entries.sorted(by: { $0.value.used < $1.value.used }) {
            guard state.bytes > target else { return }
            state.entries[key] = nil
            state.bytes -= entry.bytes
        }
    }
}
