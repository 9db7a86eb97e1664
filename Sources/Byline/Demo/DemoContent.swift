import Foundation

/// The demo newsroom a new site starts with, so that `byline serve` shows a real front page.
///
/// The stories are original and ship as an import document (`Resources/Demo/articles.json`),
/// which keeps them in the same format newsrooms use. Their dates are moved so that the
/// most recent moment in them (a publication or an update) is an hour before the site was created.
public enum DemoContent {
    public static func seed(into storage: Storage, now: Date) async throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: BundledResources.demoArticles))
        } catch {
            throw StartupError(message: "cannot read the demo content at \(BundledResources.demoArticles): \(error.localizedDescription); start with --no-demo to skip it")
        }
        let inputs: [ArticleInput]
        do {
            inputs = try ArticleImport.parse(data)
        } catch {
            throw StartupError(message: "the bundled demo content is invalid: \(error)")
        }
        _ = try await storage.articles.save(shifted(inputs, toEndAt: now.addingTimeInterval(-3600)), now: now)
    }

    static func shifted(_ inputs: [ArticleInput], toEndAt newest: Date) -> [ArticleInput] {
        guard let latest = inputs.flatMap({ [$0.publishedAt, $0.updatedAt] + $0.corrections.map(\.date) }).compactMap({ $0 }).max()
        else { return inputs }
        let offset = newest.timeIntervalSince(latest)
        func move(_ date: Date?) -> Date? { date?.addingTimeInterval(offset) }
        return inputs.map { input in
            var input = input
            input.publishedAt = move(input.publishedAt)
            input.updatedAt = move(input.updatedAt)
            input.displayDate = move(input.displayDate)
            input.comments.closesAt = move(input.comments.closesAt)
            input.corrections = input.corrections.map { Correction(kind: $0.kind, text: $0.text, date: $0.date.addingTimeInterval(offset)) }
            return input
        }
    }
}
