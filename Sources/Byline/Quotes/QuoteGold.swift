import Foundation

/// Stories annotated with every quotation and its speaker, and how well the extractor finds
/// them: the measure behind `make quotes-eval` (see Tests/BylineTests/Fixtures/Quotes).
public struct QuoteGold: Sendable {
    public enum Expected: Sendable, Equatable {
        case person(String)
        case organisation(String)
        /// An unnamed source, or nobody.
        case nobody
        /// A few words in marks that are nobody's.
        case scare
    }

    public struct Story: Sendable {
        public var id: String
        public var paragraphs: [String]
        public var quotes: [(text: String, speaker: Expected)]
    }

    public var stories: [Story]

    public init(parsing text: String) {
        var stories: [Story] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if line.hasPrefix("=== ") {
                let id = line.dropFirst(4).split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                stories.append(Story(id: id, paragraphs: [], quotes: []))
            } else if line.hasPrefix("P: "), !stories.isEmpty {
                stories[stories.count - 1].paragraphs.append(String(line.dropFirst(3)))
            } else if line.hasPrefix("Q: "), !stories.isEmpty, let bar = line.range(of: " | ", options: .backwards) {
                let text = String(line[line.index(line.startIndex, offsetBy: 3)..<bar.lowerBound])
                let who = line[bar.upperBound...].trimmingCharacters(in: .whitespaces)
                let speaker: Expected = switch who {
                case "-": .nobody
                case "scare": .scare
                case let org where org.hasPrefix("org:"): .organisation(org.dropFirst(4).trimmingCharacters(in: .whitespaces))
                default: .person(who)
                }
                stories[stories.count - 1].quotes.append((text, speaker))
            }
        }
        self.stories = stories
    }

    /// Precision and recall of (quote, speaker) pairs for named people's quotes of four words
    /// or more: the pairs the issue sets its aim by.
    public struct Score: Sendable, CustomStringConvertible {
        public var found = 0
        public var correct = 0
        public var expected = 0
        public var misses: [String] = []

        public var precision: Double { found == 0 ? 1 : Double(correct) / Double(found) }
        public var recall: Double { expected == 0 ? 1 : Double(correct) / Double(expected) }

        public var description: String {
            String(format: "named-person quotes of 4+ words: precision %.3f (%d of %d found), recall %.3f (%d of %d expected)",
                   precision, correct, found, recall, correct, expected)
        }
    }

    public func score(_ extractor: QuoteExtractor = QuoteExtractor()) -> Score {
        var score = Score()
        for story in stories {
            let found = extractor.quotations(in: story.paragraphs)
            let counted = story.quotes.filter { if case .person = $0.speaker { Self.words($0.text) >= 4 } else { false } }
            score.expected += counted.count
            for quotation in found where quotation.speaker?.kind == .person && quotation.wordCount >= 4 {
                score.found += 1
                let gold = story.quotes.first { Self.same($0.text, quotation.text) }
                if case .person(let name)? = gold?.speaker, name == quotation.speaker?.name {
                    score.correct += 1
                } else {
                    score.misses.append("\(story.id): “\(quotation.text)” credited to \(quotation.speaker?.name ?? "nobody"), the gold says \(gold.map { "\($0.speaker)" } ?? "it is no quote")")
                }
            }
            for quote in counted where !found.contains(where: { Self.same($0.text, quote.text) && $0.speaker?.kind == .person && $0.speaker.map { if case .person(let name) = quote.speaker { $0.name == name } else { false } } == true }) {
                let got = found.first { Self.same($0.text, quote.text) }
                score.misses.append("\(story.id): missed “\(quote.text)” by \(quote.speaker)\(got.map { ", found it credited to \($0.speaker?.name ?? "nobody")" } ?? ", not found as a quote")")
            }
        }
        return score
    }

    static func words(_ text: String) -> Int { text.split(whereSeparator: { $0.isWhitespace }).count }

    /// Quotes compare by their words: marks, spacing and the trailing comma or stop aside.
    static func same(_ a: String, _ b: String) -> Bool {
        func normal(_ text: String) -> String {
            text.lowercased().filter { $0.isLetter || $0.isNumber || $0 == " " }.split(separator: " ").joined(separator: " ")
        }
        return normal(a) == normal(b)
    }
}
