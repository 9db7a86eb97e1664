import Foundation
import Synchronization

/// Rendered bodies by their text, so each version of a story is parsed and written once
/// however often its page, feeds and API documents are rendered.
typealias BodyCache = TextCache<RenderedBody>

extension TextCache<RenderedBody> {
    static let shared = BodyCache(maxBytes: 32 * 1_048_576)

    convenience init(maxBytes: Int) {
        self.init(maxBytes: maxBytes, render: { RenderedBody(StoryBody.parse($0)) }, size: { $0.html.utf8.count + $0.plainText.utf8.count })
    }
}

/// Comments' HTML by their text: a discussion of a thousand comments is written once, and
/// approving one writes only that one (the page around it is rendered again, the others not).
extension TextCache<String> {
    static let comments = TextCache<String>(maxBytes: 16 * 1_048_576, render: CommentText.html, size: { $0.utf8.count })
}

/// What a pure function of a text made of it, by the text. The text is the key: an edit makes
/// a new entry, and the old one ages out. Bounded by the bytes it holds (the text's and the
/// value's); when over, the least recently used half is dropped.
final class TextCache<Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var bytes: Int
        var used: UInt64
    }

    /// A text compared as bytes and hashed by its length and its two ends: String's
    /// own hashing normalises Unicode over the whole text first, which on a story full of
    /// curly quotes cost more than rendering from the cache saved. Bodies that share both
    /// ends still differ by their bytes, compared in full.
    private struct Key: Hashable {
        let text: String

        static func == (left: Key, right: Key) -> Bool {
            var left = left.text, right = right.text
            return left.withUTF8 { a in
                right.withUTF8 { b in a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
            }
        }

        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                hasher.combine(raw.count)
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.prefix(256)))
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.suffix(256)))
            }
        }
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    private let maxBytes: Int
    private let state = Mutex(State())
    private let render: @Sendable (String) -> Value
    private let size: @Sendable (Value) -> Int

    init(maxBytes: Int, render: @escaping @Sendable (String) -> Value, size: @escaping @Sendable (Value) -> Int) {
        self.maxBytes = maxBytes
        self.render = render
        self.size = size
    }

    func rendered(_ text: String) -> Value {
        let cached = state.withLock { state -> Value? in
            // One lookup that both finds the entry and marks it used.
            guard let index = state.entries.index(forKey: Key(text: text)) else { return nil }
            state.clock += 1
            state.entries.values[index].used = state.clock
            return state.entries.values[index].value
        }
        if let cached { return cached }
        // Rendered outside the lock: two requests for a new version may both render it once.
        let value = render(text)
        let bytes = text.utf8.count + size(value)
        state.withLock { state in
            guard bytes <= maxBytes / 4, state.entries[Key(text: text)] == nil else { return }
            state.clock += 1
            state.entries[Key(text: text)] = Entry(value: value, bytes: bytes, used: state.clock)
            state.bytes += bytes
            if state.bytes > maxBytes { Self.evict(&state, below: maxBytes / 2) }
        }
        return value
    }

    var count: Int { state.withLock { $0.entries.count } }

    func contains(_ text: String) -> Bool { state.withLock { $0.entries[Key(text: text)] != nil } }

    private static func evict(_ state: inout State, below target: Int) {
        for (key, entry) in state.entries.sorted(by: { $0.value.used < $1.value.used }) {
            guard state.bytes > target else { return }
            state.entries[key] = nil
            state.bytes -= entry.bytes
        }
    }
}
