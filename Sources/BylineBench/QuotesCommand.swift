import ArgumentParser
import Byline
import Foundation

/// `make quotes-eval`: precision and recall of the quote extractor on the gold set.
struct QuotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quotes", abstract: "Measure quote extraction against annotated stories (Tests/BylineTests/Fixtures/Quotes).")

    @Argument(help: "The gold file.") var gold: String = "Tests/BylineTests/Fixtures/Quotes/gold.txt"
    @Flag(help: "List every miss.") var misses = false

    func run() throws {
        guard let text = try? String(contentsOfFile: gold, encoding: .utf8) else { throw ValidationError("cannot read \(gold)") }
        let set = QuoteGold(parsing: text)
        let score = set.score()
        print("\(set.stories.count) stories, \(set.stories.map(\.quotes.count).reduce(0, +)) annotated quotations")
        print(score.description)
        if misses || score.precision < 0.95 || score.recall < 0.85 { for miss in score.misses { print("  " + miss) } }
    }
}
