import Synchronization

/// The section list every page's navigation shows, and the footer's menu of standing pages,
/// kept in memory between requests and dropped when any node changes either.
///
/// A generation number guards the race where a load that started before a change would
/// store its stale result after the change was announced.
final class NavigationCache: ContentChangeObserver {
    private struct State {
        var sections: [Section]?
        var menu: [StandingPage]?
        var generation = 0
    }

    private let state = Mutex(State())
    private let taxonomy: any TaxonomyRepository
    private let pages: any PageRepository

    init(taxonomy: any TaxonomyRepository, pages: any PageRepository) {
        self.taxonomy = taxonomy
        self.pages = pages
    }

    func sections() async throws -> [Section] {
        try await cached(\.sections) { try await taxonomy.sections() }
    }

    func menu() async throws -> [StandingPage] {
        try await cached(\.menu) { try await pages.menu() }
    }

    private func cached<Value: Sendable>(_ slot: WritableKeyPath<State, Value?> & Sendable, load: () async throws -> Value) async throws -> Value {
        let (cached, generation) = state.withLock { ($0[keyPath: slot], $0.generation) }
        if let cached { return cached }
        let loaded = try await load()
        state.withLock { if $0.generation == generation { $0[keyPath: slot] = loaded } }
        return loaded
    }

    func apply(_ change: ContentChange) {
        guard change.affects(ContentChange.taxonomyKey) else { return }
        state.withLock {
            $0.sections = nil
            $0.menu = nil
            $0.generation += 1
        }
    }
}
