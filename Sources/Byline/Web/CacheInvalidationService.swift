import Logging
import ServiceLifecycle

/// Applies every content change, from this node or another, to this node's caches, and
/// reloads the site settings when an administrator saved them.
struct CacheInvalidationService: Service {
    let changes: ChangeBroadcaster
    let navigation: NavigationCache
    let settings: any SiteSettingsRepository
    let live: LiveConfiguration
    let logger: Logger

    func run() async throws {
        for await change in changes.subscribe().cancelOnGracefulShutdown() {
            navigation.apply(change)
            if change.affects(ContentChange.settingsKey) {
                do {
                    live.apply(try await settings.load())
                } catch {
                    logger.warning("cannot reload the site settings", metadata: ["error": .string("\(error)")])
                }
            }
        }
    }
}
