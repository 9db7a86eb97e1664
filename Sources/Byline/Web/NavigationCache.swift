import Synchronization

/// The section list every page's navigation shows, kept in memory between requests and
/// dropped when any node changes the taxonomy.
///
/// A generation number guards the race where a load that started before a change would
/// store its stale result after the change was announced.
final class NavigationCache: ContentChangeObserver {
    private struct State {
        var sections: [Section]?
        var generation = 0
    }

    private let state = Mutex(State())
    private let taxonomy: any TaxonomyRepository

    init(taxonomy: any TaxonomyRepository) { self.taxonomy = taxonomy }

    func sections() async throws -> [Section] {
        let (cached, generation) = state.withLock { ($0.sections, $0.generation) }
        if let cached { return cached }
        let loaded = try await taxonomy.sections()
        state.withLock { if $0.generation == generation { $0.sections = loaded } }
        return loaded
    }

    func apply(_ change: ContentChange) {
        guard change.affects(ContentChange.taxonomyKey) else { return }
        state.withLock {
            $0.sections = nil
            $0.generation += 1
        }
    }
}
