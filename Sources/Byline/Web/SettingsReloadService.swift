import Logging
import ServiceLifecycle

/// Reloads the site settings when an administrator on any node saved them. (The caches apply
/// changes themselves, synchronously, as `ContentChangeObserver`s.)
struct SettingsReloadService: Service {
    let changes: ChangeBroadcaster
    let settings: any SiteSettingsRepository
    let live: LiveConfiguration
    let logger: Logger

    func run() async throws {
        for await change in changes.subscribe().cancelOnGracefulShutdown() {
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
