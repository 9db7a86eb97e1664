import Foundation
import Synchronization

/// Hands every change to every subscriber on this node.
///
/// What publishes into it: the connections (`SQLiteConnections`, `PostgresConnections`), with
/// what each transaction announced, once it has committed; SQLite's watcher when another process
/// wrote to the file; and PostgreSQL's listener for each NOTIFY from any node (this one's own
/// changes arrive twice, which only costs a second, harmless invalidation).
public final class ChangeBroadcaster: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<ContentChange>.Continuation]>([:])
    private let observers = Mutex<[WeakObserver]>([])

    private struct WeakObserver {
        weak var observer: (any ContentChangeObserver)?
    }

    public init() {}

    public func publish(_ change: ContentChange) {
        // Caches first, before the writer's request is answered: whoever asks next gets the new page.
        for observer in observers.withLock({ $0.compactMap(\.observer) }) { observer.apply(change) }
        subscribers.withLock { subscribers in
            for continuation in subscribers.values { continuation.yield(change) }
        }
    }

    /// Calls `observer` for every change, synchronously inside `publish`, for as long as it lives.
    func observe(_ observer: any ContentChangeObserver) {
        observers.withLock { observers in
            observers.removeAll { $0.observer == nil }
            observers.append(WeakObserver(observer: observer))
        }
    }

    /// Changes published from now on, until the stream is dropped.
    public func subscribe() -> AsyncStream<ContentChange> {
        let (stream, continuation) = AsyncStream<ContentChange>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }
}
