import ArgumentParser
import Byline
import Foundation

struct QuotesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quotes",
        abstract: "The quote index: who said what in every story.",
        discussion: "Stories are indexed as they are saved. See \"Quotes and people\" in the README.",
        subcommands: [Reindex.self, People.self]
    )

    struct Reindex: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read every story's quotes again, in batches, while the site serves.",
            discussion: """
                Without --all, it indexes the stories an older version of the extractor read, and goes on where \
                a stopped run left off. Editors' decisions are kept for every quote still in its story.
                """
        )

        @Flag(help: "Read the whole archive again, not only what an older extractor read.")
        var all = false

        @Option(help: "Stories per transaction (1–1000).")
        var batch = 100

        @OptionGroup var storage: StorageOptions

        func validate() throws {
            guard (1...1000).contains(batch) else { throw ValidationError("--batch is a number from 1 to 1000, not \(batch).") }
        }

        func run() async throws {
            let quotes = try await storage.open().quotes
            func stories(_ n: Int) -> String { n == 1 ? "1 story" : "\(n) stories" }
            if all { say("Marked \(stories(try await quotes.markAllForReindex())) to be read again.") }
            var total = 0
            while true {
                let (indexed, remaining) = try await quotes.reindex(limit: batch, at: Date())
                total += indexed
                if indexed > 0 { say("Indexed \(stories(total)); \(remaining) to go.") }
                if remaining == 0 || indexed == 0 { break }
            }
            say(total == 0 ? "Every story is indexed already. Use --all to read them all again." : "Done: \(stories(total)) indexed.")
        }
    }

    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The most quoted people, with their quote counts and addresses.")

        @Option(help: "How many to list (1–1000).")
        var limit = 50

        @OptionGroup var storage: StorageOptions

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit is a number from 1 to 1000, not \(limit).") }
        }

        func run() async throws {
            let quotes = try await storage.open().quotes
            let people = try await quotes.mostQuoted(kind: nil, page: PageRequest(number: 1, size: limit)).items
            if people.isEmpty { say("Nobody has been quoted in a published story yet.") }
            for person in people {
                say("\(person.quoteCount)\t\(person.name)\t/people/\(person.slug)\(person.kind == .organisation ? "\t(organisation)" : "")")
            }
        }
    }
}
