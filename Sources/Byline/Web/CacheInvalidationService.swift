import ServiceLifecycle

/// Applies every content change, from this node or another, to this node's caches.
struct CacheInvalidationService: Service {
    let changes: ChangeBroadcaster
    let navigation: NavigationCache

    func run() async throws {
        for await change in changes.subscribe().cancelOnGracefulShutdown() {
            navigation.apply(change)
        }
    }
}
