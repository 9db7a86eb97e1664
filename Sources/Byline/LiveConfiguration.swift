import Foundation
import Synchronization

/// The configuration in force on this node: the start-up configuration with the stored
/// settings applied, swapped whole when an administrator saves them (here or on another node).
public final class LiveConfiguration: Sendable {
    public let base: Configuration
    private let state: Mutex<(configuration: Configuration, settings: SiteSettings)>

    public init(base: Configuration) {
        self.base = base
        state = Mutex((base, SiteSettings()))
    }

    public var current: Configuration { state.withLock { $0.configuration } }
    public var settings: SiteSettings { state.withLock { $0.settings } }

    /// Applies stored settings. Values that no longer pass (a time zone a system update
    /// removed) are left out rather than stopping the site.
    public func apply(_ settings: SiteSettings) {
        var usable = settings
        for key in settings.problems(base: base).keys { usable.values[key] = nil }
        let configuration = (try? usable.apply(to: base)) ?? base
        state.withLock { $0 = (configuration, settings) }
    }
}
