import Foundation

/// `byline articles import`: parse a document, store it in one transaction, and report.
public enum ArticleImporter {
    /// What an import did, one line per article and a total.
    public struct Report: Sendable, CustomStringConvertible {
        public var outcomes: [ArticleSaveOutcome]

        public func count(_ change: ArticleSaveOutcome.Change) -> Int { outcomes.filter { $0.change == change }.count }

        public var description: String {
            let lines = outcomes.enumerated().map { index, outcome in
                "\(outcome.change.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) article \(index): \(outcome.slug) (id \(outcome.id))"
            }
            let total = "\(count(.created)) created, \(count(.updated)) updated, \(count(.unchanged)) unchanged"
            return (lines + [total]).joined(separator: "\n")
        }
    }

    /// Why nothing was imported, one problem per line, each naming the article and field.
    public struct Failure: Error, CustomStringConvertible {
        public var problems: [ArticleImport.Problem]
        public var description: String {
            "nothing was imported:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }

    public static func run(_ data: Data, configuration: Configuration, now: Date = Date()) async throws -> Report {
        let inputs: [ArticleInput]
        do {
            // A story without a language is in the site's, named as the editor names it.
            inputs = try ArticleImport.parse(data).map { input in
                var input = input
                input.language = input.language ?? configuration.languageTag
                return input
            }
        } catch {
            throw Failure(problems: error.problems)
        }
        let storage = try await openStorage(configuration, now: now)
        return try await run(inputs, into: storage, now: now)
    }

    public static func run(_ inputs: [ArticleInput], into storage: Storage, now: Date) async throws -> Report {
        do {
            return Report(outcomes: try await storage.articles.save(inputs, now: now))
        } catch StorageError.slugTaken(let slug) {
            let index = inputs.firstIndex { $0.slug == slug }
            throw Failure(problems: [.init(index: index, field: "slug", message: "\"\(slug)\" is already used by another article; give this one a different slug")])
        } catch let error as StorageError {
            throw Failure(problems: [.init(index: nil, field: nil, message: error.description)])
        }
    }
}
