import Synchronization

/// Hands every view model a template is rendered with to a test that asked for them
/// (`TemplateModelTests`), so that a name a template uses and its model lacks (which Mustache
/// renders as nothing, silently) fails a test instead of a page. Off unless a test turns it on.
enum RenderProbe {
    /// Which templates (`theme` or `admin`), the template file's name, and the model given to it.
    typealias Rendering = (library: String, template: String, model: any Sendable)

    private static let renderings = Mutex<[Rendering]?>(nil)

    static func record(_ library: String, _ template: String, _ model: some Sendable) {
        renderings.withLock { $0?.append((library, template, model)) }
    }

    /// Runs `work` and returns every rendering made meanwhile, by any task.
    static func collecting(_ work: () async throws -> Void) async rethrows -> [Rendering] {
        renderings.withLock { $0 = [] }
        defer { renderings.withLock { $0 = nil } }
        try await work()
        return renderings.withLock { $0 ?? [] }
    }
}
