import ArgumentParser
import Byline
import CCmarkGFM
import Foundation

/// `byline-bench body`: what rendering a 1,200-word story body costs, against cmark-gfm's own
/// HTML renderer on the same text in the same run. Prints one JSON object for bench/run.py.
struct BodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "body", abstract: "Time rendering a 1,200-word story body.")

    @Option(help: "Bodies rendered in each timed batch.") var iterations = 2_000

    func run() throws {
        let markdown = Self.story(words: 1_200)
        let renderer = ArticleBodyRenderer()
        let reference = Self.microseconds(iterations) {
            markdown.withCString { text in free(cmark_markdown_to_html(text, strlen(text), CMARK_OPT_DEFAULT)) }
        }
        let byline = Self.microseconds(iterations) { _ = StoryBody.parse(markdown).html(.page) }
        _ = renderer.rendered(markdown)
        let cached = Self.microseconds(iterations) { _ = renderer.rendered(markdown) }
        // What every save of the story adds: reading who said what in it.
        let quotes = Self.microseconds(max(1, iterations / 4)) { _ = QuoteIndex.quotations(inBody: markdown) }
        let found = QuoteIndex.quotations(inBody: markdown).count
        let words = StoryBody.parse(markdown).wordCount
        print(#"{"words": \#(words), "cmark_us": \#(reference), "byline_us": \#(byline), "cached_us": \#(cached), "quotes_us": \#(quotes), "quotes": \#(found)}"#)
    }

    /// The median, over five batches after a warm-up, of one call's time in microseconds.
    static func microseconds(_ iterations: Int, _ work: () -> Void) -> Double {
        for _ in 0..<(iterations / 10) { work() }
        var batches: [Double] = []
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations { work() }
            batches.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations) / 1_000)
        }
        return batches.sorted()[2]
    }

    /// A wire story as newsrooms write them: paragraphs full of quotations, subheadings, a
    /// block quote, a list, links and emphasis.
    static func story(words target: Int) -> String {
        var generator = ArchiveGenerator(seed: 42)
        var blocks: [String] = []
        var written = 0
        while written < target {
            let length = 30 + generator.next(40)
            let paragraph = generator.sentence(length / 2) + " **" + generator.sentence(3).dropLast() + "** [the report](https://example.com/report)"
                + " “" + generator.sentence(length / 2).dropLast() + ",” *she said*."
            blocks.append(paragraph)
            if blocks.count % 4 == 0 { blocks.append("## " + generator.sentence(5).dropLast()) }
            if blocks.count % 7 == 0 { blocks.append("> " + generator.sentence(20)) }
            if blocks.count % 9 == 0 { blocks.append((0..<3).map { _ in "- " + generator.sentence(6) }.joined(separator: "\n")) }
            written += length + 8
        }
        return blocks.joined(separator: "\n\n")
    }
}
