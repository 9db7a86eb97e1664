import Foundation

/// A quotation found in a story: its words, where they sit, and who said them.
public struct Quotation: Sendable, Equatable {
    public struct Speaker: Sendable, Hashable {
        /// The index keeps people and institutions apart the same way the extractor tells them.
        public typealias Kind = Person.Kind
        public var name: String
        public var kind: Kind

        public init(name: String, kind: Kind) {
            self.name = name
            self.kind = kind
        }

        public static func person(_ name: String) -> Speaker { Speaker(name: name, kind: .person) }
        public static func organisation(_ name: String) -> Speaker { Speaker(name: name, kind: .organisation) }
    }

    /// The quoted words, without their marks; a quote over several paragraphs is joined by a space.
    public var text: String
    /// The paragraph it starts in, counted from 0.
    public var paragraph: Int
    /// Who said it: nil for an unnamed source ("a spokesperson said") or a quote nobody is
    /// credited with.
    public var speaker: Speaker?
    /// The verb or phrase that credits it: "said", "told", "according to".
    public var cue: String?
    /// The words an unnamed source was described with ("officials"), when that is the source.
    public var unnamedSource: String?
    /// One to three words in quotation marks ("a ‘constructive’ agenda"): kept on the story,
    /// left out of a person's quotes by default.
    public var isScareQuote: Bool

    public var wordCount: Int { text.split(whereSeparator: Words.isSpace).count }
}

/// Finds the quotations in a story's paragraphs and who said each, by rules: the marks
/// newsrooms use, attribution before, after and in the middle of a quote, and the short
/// references ("Putin", "the minister", "he") that stand for someone named earlier.
public struct QuoteExtractor: Sendable {
    public init() {}

    public func quotations(in paragraphs: [String]) -> [Quotation] {
        var document = Document(paragraphs: paragraphs.map { $0.unicodeScalars.contains("\u{00A0}") ? $0.replacingOccurrences(of: "\u{00A0}", with: " ") : $0 })
        let spans = QuoteSpans.find(in: document.paragraphs)
        var quotations: [Quotation] = []
        var previous: (span: QuoteSpans.Span, speaker: Quotation.Speaker?, cue: String?)?
        for (index, span) in spans.enumerated() {
            // What readers have been told so far, outside quotation marks, names the people a
            // later "he" or "the minister" means.
            document.learnNames(before: index, spans: spans)
            let next = index + 1 < spans.count ? spans[index + 1] : nil
            var attribution = Attribution.find(for: span, previous: index > 0 ? spans[index - 1] : nil, next: next, in: document)
            if attribution == nil, let previous, Attribution.continues(span, after: previous.span, in: document) {
                attribution = .init(phrase: nil, cue: previous.cue, inherited: previous.speaker)
            }
            var quotation = Quotation(
                text: span.text, paragraph: span.start.paragraph, speaker: nil, cue: attribution?.cue, unnamedSource: nil,
                isScareQuote: span.text.split(whereSeparator: Words.isSpace).count <= 3)
            if let attribution {
                if let inherited = attribution.inherited {
                    quotation.speaker = inherited
                } else if let phrase = attribution.phrase {
                    switch document.resolve(phrase, in: attribution.sentence) {
                    case .speaker(let speaker): quotation.speaker = speaker
                    case .unnamed(let words): quotation.unnamedSource = words
                    case .unknown: break
                    }
                }
                if let speaker = quotation.speaker, speaker.kind == .person, !quotation.isScareQuote { document.quoted(speaker) }
            }
            // A scare quote is only a person's words when a cue says so.
            if quotation.isScareQuote, attribution?.phrase == nil, attribution?.inherited != nil { quotation.speaker = nil; quotation.cue = nil }
            quotations.append(quotation)
            previous = quotation.isScareQuote && attribution == nil ? previous : (span, quotation.speaker, quotation.cue)
        }
        return quotations
    }
}

// MARK: - Quotation marks

/// Where the quotation marks are. Typographic marks pair as they should (“…”, ‘…’, „…“,
/// «…»); a straight mark opens after a space and closes before one; an apostrophe between
/// letters (Russia’s, don't) is never a closing mark.
enum QuoteSpans {
    struct Position: Equatable, Comparable {
        var paragraph: Int
        var offset: Int

        static func < (a: Position, b: Position) -> Bool { (a.paragraph, a.offset) < (b.paragraph, b.offset) }
    }

    struct Span: Equatable {
        var text: String
        /// The opening mark's position and the position just after the closing mark.
        var start: Position
        var end: Position
        var double: Bool
    }

    static let closing: [Character: Character] = ["“": "”", "„": "“", "«": "»", "‘": "’", "\"": "\"", "'": "'", "‹": "›"]

    static func find(in paragraphs: [[Character]]) -> [Span] {
        var spans: [Span] = []
        var open: (mark: Character, start: Position, text: String)?
        for (p, characters) in paragraphs.enumerated() {
            var i = 0
            if var pending = open {
                // A quote runs on: the next paragraph opens with a mark again, by convention.
                if let first = characters.first, isOpening(first, at: 0, in: characters), pending.mark == "“" || pending.mark == "\"" || pending.mark == "„" || pending.mark == "«" {
                    pending.text += " "
                    open = pending
                    i = 1
                } else {
                    // Never closed: the quote ends with its paragraph.
                    spans.append(Span(text: collapse(pending.text), start: pending.start, end: Position(paragraph: p - 1, offset: paragraphs[p - 1].count), double: isDouble(pending.mark)))
                    open = nil
                }
            }
            while i < characters.count {
                let character = characters[i]
                // Most characters are letters and spaces, not marks: no lookup for them.
                let isMark = character.isASCII ? character == "\"" || character == "'" : closing[character] != nil || character == "”" || character == "’" || character == "»" || character == "›"
                // Only the mark is read from `open`: holding its text too would copy it at every append.
                if let mark = open?.mark {
                    if isMark, character == closing[mark], isClosing(character, at: i, in: characters, single: !isDouble(mark)), let current = open {
                        spans.append(Span(text: collapse(current.text), start: current.start, end: Position(paragraph: p, offset: i + 1), double: isDouble(current.mark)))
                        open = nil
                    } else {
                        open?.text.append(character)
                    }
                } else if isMark, closing[character] != nil, isOpening(character, at: i, in: characters) {
                    open = (character, Position(paragraph: p, offset: i), "")
                }
                i += 1
            }
        }
        if let pending = open, let last = paragraphs.indices.last {
            spans.append(Span(text: collapse(pending.text), start: pending.start, end: Position(paragraph: last, offset: paragraphs[last].count), double: isDouble(pending.mark)))
        }
        return spans.filter { !$0.text.isEmpty }
    }

    static func isDouble(_ mark: Character) -> Bool { ["“", "„", "«", "\""].contains(mark) }

    static func isOpening(_ mark: Character, at i: Int, in characters: [Character]) -> Bool {
        let before = i > 0 ? characters[i - 1] : " "
        let after = i + 1 < characters.count ? characters[i + 1] : " "
        switch mark {
        case "“", "„", "«", "‹": return !after.isWhitespace || mark == "«"
        case "‘": return !after.isWhitespace && !before.isLetter && !before.isNumber
        case "\"", "'": return (before.isWhitespace || "([{—–-/“‘:".contains(before) || i == 0) && !after.isWhitespace
        default: return false
        }
    }

    static func isClosing(_ mark: Character, at i: Int, in characters: [Character], single: Bool) -> Bool {
        let before = i > 0 ? characters[i - 1] : " "
        let after = i + 1 < characters.count ? characters[i + 1] : " "
        guard single else { return !before.isWhitespace || mark == "»" || mark == "”" }
        // Russia’s, don't: a letter on each side is an apostrophe.
        if before.isLetter && after.isLetter { return false }
        if before.isWhitespace { return false }
        // The workers’ rights’: a plural possessive is followed by a word, and a mark that can
        // only be closing comes later in the paragraph.
        if isPossessive(at: i, in: characters),
            characters.indices.dropFirst(i + 2).contains(where: { characters[$0] == mark && endsQuote(at: $0, in: characters) && !isPossessive(at: $0, in: characters) })
        {
            return false
        }
        return true
    }

    /// `s’ word`: what a plural possessive looks like.
    static func isPossessive(at i: Int, in characters: [Character]) -> Bool {
        i > 0 && (characters[i - 1] == "s" || characters[i - 1] == "S") && i + 2 < characters.count && characters[i + 1] == " " && characters[i + 2].isLowercase
    }

    /// A mark after a word and before a space, a stop or the end: it can close a quote.
    static func endsQuote(at i: Int, in characters: [Character]) -> Bool {
        let before = i > 0 ? characters[i - 1] : " "
        let after = i + 1 < characters.count ? characters[i + 1] : " "
        return !before.isWhitespace && !(before.isLetter && after.isLetter)
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: Words.isSpace).joined(separator: " ")
    }
}

// MARK: - The story's people

struct Document {
    let paragraphs: [[Character]]
    /// People named so far, with the titles they were named with ("minister").
    var people: [(name: String, titles: Set<String>)] = []
    var organisations: [String] = []
    var lastSpeaker: Quotation.Speaker?
    /// The person the text last named, when that was after the last quote: "Helen Marsh urged
    /// calm. “…,” she said" is Helen Marsh's, whoever spoke before.
    var mentionedSinceQuote: String?
    /// The pronoun each person has been referred to by.
    var pronouns: [String: String] = [:]
    private var learnedUpTo = QuoteSpans.Position(paragraph: 0, offset: 0)
    private var nextSpan = 0

    /// Each paragraph's text, and where each of its characters starts in it (and its end), so
    /// that a stretch between two offsets is cut out of the string rather than rebuilt from
    /// characters.
    private let texts: [String]
    private let starts: [[String.Index]]

    init(paragraphs: [String]) {
        self.paragraphs = paragraphs.map(Array.init)
        texts = paragraphs
        starts = paragraphs.map { Array($0.indices) + [$0.endIndex] }
    }

    /// The text of a paragraph between two offsets.
    func text(_ paragraph: Int, _ from: Int, _ to: Int) -> String {
        let count = paragraphs[paragraph].count
        let low = max(0, min(from, count)), high = max(low, min(to, count))
        return String(texts[paragraph][starts[paragraph][low]..<starts[paragraph][high]])
    }

    /// Reads the names in the text outside quotation marks up to the quote at `index` (the
    /// quotes come in reading order), each stretch once, so a story is read in one pass.
    mutating func learnNames(before index: Int, spans: [QuoteSpans.Span]) {
        var position = learnedUpTo
        while nextSpan <= index {
            let other = spans[nextSpan]
            if other.end > position {
                if other.start > position { learn(from: position, to: other.start) }
                position = max(position, other.end)
            }
            nextSpan += 1
        }
        learnedUpTo = max(learnedUpTo, spans[index].end)
    }

    mutating func quoted(_ speaker: Quotation.Speaker) {
        lastSpeaker = speaker
        mentionedSinceQuote = nil
    }

    private mutating func learn(from: QuoteSpans.Position, to: QuoteSpans.Position) {
        for p in from.paragraph...to.paragraph where p < paragraphs.count {
            let start = p == from.paragraph ? from.offset : 0
            let end = p == to.paragraph ? to.offset : paragraphs[p].count
            let text = text(p, start, end)
            let words = Words.split(text)
            let phrases = Names.phrases(inWords: words)
            // A surname alone ("Abebe dismissed the idea") is a mention of that person too, when
            // only one person has it and it isn't part of a full name here.
            let inNames = Set(phrases.flatMap { $0.name.split(separator: " ").map(String.init) })
            var mentions: [(offset: Int, name: String)] = []
            for (offset, word) in words.enumerated() where word.first?.isUppercase == true && !Names.sentenceWords.contains(word.lowercased()) && !inNames.contains(word) {
                let matches = people.filter { $0.name.split(separator: " ").last.map(String.init) == word }
                if matches.count == 1 { mentions.append((offset, matches[0].name)) }
            }
            for phrase in phrases {
                remember(phrase)
                if phrase.kind == .person, let known = people.last(where: { $0.name == phrase.name }) ?? people.last(where: { Names.sameOrLonger($0.name, phrase.name) }) {
                    mentions.append((phrase.offset, known.name))
                }
            }
            if let last = mentions.max(by: { $0.offset < $1.offset }) { mentionedSinceQuote = last.name }
        }
    }

    mutating func remember(_ phrase: Names.Phrase) {
        switch phrase.kind {
        case .person:
            if let index = people.firstIndex(where: { Names.sameOrLonger($0.name, phrase.name) }) {
                people[index].titles.formUnion(phrase.titles)
                if phrase.name.split(separator: " ").count > people[index].name.split(separator: " ").count { people[index].name = phrase.name }
            } else if phrase.name.contains(where: { $0 == " " }) {
                people.append((phrase.name, phrase.titles))
            }
        case .organisation:
            if !organisations.contains(phrase.name) { organisations.append(phrase.name) }
        }
    }

    enum Resolution { case speaker(Quotation.Speaker), unnamed(String), unknown }

    /// Who a phrase in an attribution means.
    mutating func resolve(_ phrase: String, in sentence: String = "") -> Resolution {
        let words = phrase.split(separator: " ").map(String.init)
        let lowered = phrase.lowercased()
        if Names.pronouns.contains(lowered) {
            // "he" is not the woman a "she" already meant, and the reverse.
            func fits(_ name: String) -> Bool { pronouns[name].map { $0 == lowered } ?? true }
            var candidate: String?
            if let mentioned = mentionedSinceQuote { candidate = mentioned } else if let lastSpeaker, lastSpeaker.kind == .person { candidate = lastSpeaker.name }
            guard let name = candidate ?? people.last?.name, fits(name) else { return .unknown }
            pronouns[name] = lowered
            return .speaker(.person(name))
        }
        // "the minister", "the spokesman": the person introduced with that title, if any.
        // "the Ashford manager" is the one of two managers who was introduced with Ashford.
        if words.first?.lowercased() == "the", words.count > 1, words.last?.first?.isLowercase ?? false {
            let titles = Set(words.map { $0.lowercased() }).subtracting(["the"])
            let best = people.map { $0.titles.intersection(titles).count }.max() ?? 0
            if best > 0, let person = people.last(where: { $0.titles.intersection(titles).count == best }) { return .speaker(.person(person.name)) }
            return Names.unnamed(lowered).map { .unnamed($0) } ?? .unknown
        }
        if let unnamed = Names.unnamed(lowered) { return .unnamed(unnamed) }
        // The name is the capitalised run the phrase ends with; the words before it are titles
        // ("council leader Ruth Abebe", "Danish Finance Minister Mette Holm").
        let run = Names.trailingRun(words)
        let runIsOrganisation = run.contains { Names.organisationWords.contains($0.lowercased()) }
        if run.isEmpty || runIsOrganisation || run.count == words.count && Names.organisation(words) != nil,
            let organisation = Names.organisation(run.isEmpty || !runIsOrganisation ? words : run)
        {
            if !organisations.contains(organisation) { organisations.append(organisation) }
            return .speaker(.organisation(organisation))
        }
        if words.allSatisfy({ $0.first?.isLowercase ?? true }) { return .unknown }
        // A surname alone ("Putin") is the person of that name met earlier, or that name.
        if words.count == 1, let only = words.first {
            if let known = people.last(where: { Names.sameOrLonger($0.name, only) }) { return .speaker(.person(known.name)) }
            // "Helix said" after "Helix Semiconductor reported…": the company.
            if let organisation = organisations.last(where: { $0.split(separator: " ").first.map(String.init) == only }) { return .speaker(.organisation(organisation)) }
            // A single name nobody has had is a person's ("Putin said"), unless the sentence
            // speaks of it as "it": "Ofgem said in a statement that it was…".
            let said = Set(Words.split(sentence.lowercased()))
            if !said.isDisjoint(with: ["it", "its"]), said.isDisjoint(with: ["he", "she", "his", "her", "him"]) { return .speaker(.organisation(only)) }
            return .speaker(.person(only))
        }
        guard let named = Names.phrases(in: phrase).first(where: { $0.kind == .person }) else { return .unknown }
        remember(named)
        // "Mrs. Okafor" in a story that also names her son Daniel Okafor: an honorific and a
        // surname are how a story goes on naming its subject, whom it named first.
        let namesakes = people.filter { Names.sameOrLonger($0.name, named.name) }
        if namesakes.count > 1, !named.name.contains(where: { $0 == " " }), !named.titles.isDisjoint(with: Names.honorifics), let subject = namesakes.first {
            return .speaker(.person(subject.name))
        }
        if let known = people.last(where: { Names.sameOrLonger($0.name, named.name) }) { return .speaker(.person(known.name)) }
        return .speaker(.person(named.name))
    }
}

// MARK: - Who a quote is credited to

struct Attribution {
    /// The words naming the speaker, as written ("the minister", "Putin", "a spokesperson").
    var phrase: String?
    var cue: String?
    /// The speaker of the quote this one continues.
    var inherited: Quotation.Speaker?
    /// The sentence the attribution is in, outside the quote.
    var sentence = ""

    static let cues: Set<String> = [
        "said", "says", "told", "tells", "added", "adds", "asked", "asks", "explained", "insisted", "warned", "noted", "stated", "declared", "wrote",
        "writes", "tweeted", "posted", "replied", "continued", "argued", "argues", "claimed", "acknowledged", "admitted", "announced", "commented",
        "confirmed", "cautioned", "stressed", "urged", "recalled", "concluded", "remarked", "observed", "suggested", "predicted", "conceded",
        "countered", "responded", "shouted", "joked", "recounted", "maintained", "vowed", "promised", "boasted", "complained", "lamented",
        "pleaded", "demanded", "agreed", "thinks", "believes", "reported",
    ]

    /// Verbs that frame a quotation without saying it aloud: "X slammed … for ‘…’".
    static let framing: Set<String> = [
        "slammed", "named", "called", "described", "criticised", "criticized", "praised", "accused", "dismissed", "branded", "labelled", "labeled",
        "hailed", "denounced", "condemned", "blasted", "urged", "pledged", "termed", "dubbed",
    ]

    static func find(for span: QuoteSpans.Span, previous: QuoteSpans.Span?, next: QuoteSpans.Span?, in document: Document) -> Attribution? {
        let p = span.end.paragraph
        let afterEnd = next.map { $0.start.paragraph == p ? $0.start.offset : Int.max } ?? Int.max
        let after = document.text(p, span.end.offset, afterEnd)
        let beforeStart = previous.map { $0.end.paragraph == span.start.paragraph ? $0.end.offset : 0 } ?? 0
        let before = document.text(span.start.paragraph, beforeStart, span.start.offset)
        let endsWithAttributionMark = span.text.last.map { ",?!—–-…".contains($0) } ?? false
        if var found = following(after, quoteEndsOpen: endsWithAttributionMark) {
            found.sentence = Sentences.first(of: after)
            return found
        }
        guard var found = preceding(before) else { return nil }
        found.sentence = Sentences.last(of: before)
        return found
    }

    /// `“…,” Putin said`, `“…,” said Maria Lopez, a crane operator`, `“…” he told reporters.`
    static func following(_ text: String, quoteEndsOpen: Bool) -> Attribution? {
        var rest = Substring(text).drop { $0 == " " }
        if rest.first == "," { rest = rest.dropFirst().drop { $0 == " " } } else if !quoteEndsOpen { return nil }
        let sentence = Sentences.first(of: String(rest))
        let words = Words.split(sentence)
        guard !words.isEmpty else { return nil }
        if cues.contains(words[0].lowercased()) {
            // The inverted form: the speaker follows the cue, up to an apposition.
            var speaker = Words.phraseAfterCue(words.dropFirst())
            // "said the mayor of Upper Orrin, Jonas Meyer", "said the Danish minister, Mette
            // Holm": a description first, then the name, which keeps the description's titles.
            let described = speaker.split(separator: " ").map(String.init)
            if described.count > 1, ["the", "a", "an"].contains(described[0].lowercased()), described.dropFirst().contains(where: { $0.first?.isLowercase == true }),
                let comma = words.indices.dropFirst().first(where: { words[$0] == "," }), comma + 1 < words.count
            {
                let name = Words.phraseAfterCue(words[(comma + 1)...]).split(separator: " ").map(String.init)
                if Names.isProperName(name), Names.trailingRun(name).count > 1 {
                    let titles = described.filter { $0.first?.isLowercase == true && Names.isTitleWord($0) }
                    speaker = (titles + name).joined(separator: " ")
                }
            }
            return speaker.isEmpty ? nil : Attribution(phrase: speaker, cue: words[0].lowercased())
        }
        guard let cueIndex = words.prefix(10).firstIndex(where: { cues.contains($0.lowercased()) }), cueIndex > 0 else { return nil }
        let subject = Words.subject(words[..<cueIndex])
        return subject.isEmpty ? nil : Attribution(phrase: subject, cue: words[cueIndex].lowercased())
    }

    /// `Putin said: “…”`, `According to Mendes, “…”`, `He told AFP: “…”`, `X slammed the plan for ‘…’`.
    static func preceding(_ text: String) -> Attribution? {
        let sentence = Sentences.last(of: text)
        let words = Words.split(sentence)
        guard !words.isEmpty else { return nil }
        let lowered = words.map { $0.lowercased() }
        if let according = lowered.lastIndex(of: "according"), according + 1 < lowered.count, lowered[according + 1] == "to" {
            let speaker = Words.phraseAfterCue(words[(according + 2)...])
            if !speaker.isEmpty { return Attribution(phrase: speaker, cue: "according to") }
        }
        let trimmed = sentence.trimmingCharacters(in: .whitespaces)
        // The quote continues the sentence ("X said:", "X called the decision “…”"), rather than
        // standing after one that is over.
        let introduces = trimmed.hasSuffix(":") || trimmed.hasSuffix(",") || lowered.contains("saying")
            || lowered.contains(where: { cues.contains($0) || framing.contains($0) }) && !trimmed.hasSuffix(".")
        guard introduces else { return nil }
        if lowered.last == "saying" || lowered.contains("saying") {
            let index = lowered.lastIndex(of: "saying")!
            let head = words[..<index]
            if let cueIndex = head.lastIndex(where: { cues.contains($0.lowercased()) || framing.contains($0.lowercased()) }) {
                let subject = Words.subject(head[..<cueIndex])
                if !subject.isEmpty { return Attribution(phrase: subject, cue: "saying") }
            }
            let subject = Words.sentenceSubject(head)
            return subject.isEmpty ? nil : Attribution(phrase: subject, cue: "saying")
        }
        guard let cueIndex = lowered.lastIndex(where: { cues.contains($0) || framing.contains($0) }) else { return nil }
        // "X said the plan was ‘…’" and "X said:" both; the speaker is the cue's subject.
        var subject = Words.subject(words[..<cueIndex])
        // "Kim said …, but warned that ‘…’": a second verb shares the sentence's subject.
        if subject.isEmpty || subject.split(separator: " ").allSatisfy({ ["but", "and", "or", "then", "yet", "also"].contains($0.lowercased()) }),
            let first = lowered.firstIndex(where: { cues.contains($0) || framing.contains($0) }), first < cueIndex
        {
            subject = Words.subject(words[..<first])
        }
        return subject.isEmpty ? nil : Attribution(phrase: subject, cue: lowered[cueIndex])
    }

    /// A quote with no attribution of its own goes on the last speaker's words when it
    /// follows them directly: later in the same paragraph, or opening the next one.
    static func continues(_ span: QuoteSpans.Span, after previous: QuoteSpans.Span, in document: Document) -> Bool {
        if span.start.paragraph == previous.end.paragraph { return true }
        guard span.start.paragraph == previous.end.paragraph + 1 else { return false }
        return document.text(span.start.paragraph, 0, span.start.offset).trimmingCharacters(in: .whitespaces).isEmpty
    }
}

enum Sentences {
    static let abbreviations: Set<String> = ["mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr", "sr", "no", "vs", "u.s", "u.k", "e.g", "i.e", "inc", "ltd", "co", "corp"]

    /// Where each sentence ends in a run of text: after . ! ? unless it ends an abbreviation
    /// or an initial.
    static func ends(_ text: String) -> [String.Index] {
        var ends: [String.Index] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if ".!?".contains(character), next == text.endIndex || text[next] == " " || text[next] == "\n" {
                let word = text[..<index].split(separator: " ").last.map { $0.lowercased().trimming(["(", "\"", "“", "‘"]) } ?? ""
                let isInitial = word.count == 1 && word.first?.isLetter == true
                if character != "." || (!abbreviations.contains(word) && !isInitial) { ends.append(next) }
            }
            index = next
        }
        return ends
    }

    static func first(of text: String) -> String {
        guard let end = ends(text).first else { return text }
        return String(text[..<end])
    }

    static func last(of text: String) -> String {
        let trimmed = text
        let all = ends(trimmed).filter { $0 < trimmed.endIndex }
        guard let start = all.last else { return trimmed }
        return String(trimmed[start...])
    }
}

enum Words {
    /// Words with the punctuation that parts phrases kept as its own token (",").
    static let punctuation: Set<Character> = [",", ";", ":", ".", "!", "?", "(", ")", "[", "]", "\"", "“", "”", "‘", "’", "«", "»"]

    /// Whitespace, asked cheaply: `Character.isWhitespace` looks up Unicode properties, which
    /// was a tenth of reading a story's quotes.
    static func isSpace(_ character: Character) -> Bool {
        character.isASCII ? character == " " || character == "\n" || character == "\t" || character == "\r" : character.isWhitespace
    }

    static func split(_ text: String) -> [String] {
        var words: [String] = []
        for raw in text.split(whereSeparator: isSpace) {
            var word = String(raw)
            let trailingComma = word.hasSuffix(",") || word.hasSuffix(";") || word.hasSuffix(":")
            word = word.trimming(Words.punctuation)
            if !word.isEmpty { words.append(word) }
            if trailingComma { words.append(",") }
        }
        return words
    }

    /// The speaker after an inverted cue: "said Maria Lopez, a crane operator" → "Maria Lopez".
    static func phraseAfterCue(_ words: ArraySlice<String>) -> String {
        var phrase: [String] = []
        for word in words {
            if word == "," { break }
            if ["on", "in", "at", "during", "after", "before", "when", "while", "from", "to", "who", "which", "adding", "referring"].contains(word.lowercased()), !phrase.isEmpty { break }
            phrase.append(word)
            if phrase.count >= 8 { break }
        }
        return phrase.joined(separator: " ")
    }

    /// The speaker before a cue: the name phrase that ends there, without the words that
    /// begin the sentence ("On Tuesday, President Vladimir Putin") or an apposition
    /// ("Lopez, a crane operator,").
    static func subject(_ words: ArraySlice<String>) -> String {
        var words = Array(words)
        // Appositions sit between commas. "Lopez, a crane operator, said" and "The finance
        // minister, Kari Holm, told": of the phrase before the cue and the one it describes,
        // the speaker is the proper name. "Asked about X, the spokesman said": the last one.
        let segments = words.split(separator: ",", omittingEmptySubsequences: false).map(Array.init)
        if segments.count > 1 {
            let closed = words.last == ","
            let candidates = (closed ? segments.dropLast() : segments[...]).filter { !$0.isEmpty }
            if closed, candidates.count >= 2 {
                let apposition = candidates[candidates.count - 1], before = candidates[candidates.count - 2]
                words = Names.isProperName(apposition) && !Names.isProperName(before) ? apposition : before
            } else if let last = candidates.last {
                words = last
            }
        }
        // Adverbs and auxiliaries between the speaker and the cue: "Putin also said", "he has said".
        while let last = words.last, ["also", "later", "then", "has", "had", "have", "once", "previously", "again", "further", "simply", "only", "recently"].contains(last.lowercased()) {
            words.removeLast()
        }
        guard let last = words.last else { return "" }
        if Names.pronouns.contains(last.lowercased()) { return last.lowercased() }
        // The run of words that make the name: capitalised, joined by particles and "'s".
        var start = words.count - 1
        while start > 0 {
            let word = words[start - 1]
            if word == "," { break }
            let lower = word.lowercased()
            if word.first?.isUppercase == true || Names.particles.contains(lower) || ["the", "a", "an"].contains(lower) && start - 1 == 0
                || lower.hasSuffix("'s") || lower.hasSuffix("’s") || Names.isTitleWord(lower) || Names.unnamedNouns.contains(lower) || lower == "for" || lower == "of"
            {
                start -= 1
                if ["the", "a", "an"].contains(lower) { break }
            } else {
                break
            }
        }
        var phrase = Array(words[start...])
        // A sentence's first word is capitalised anyway: "Then Putin" is Putin.
        // "The Ashford manager", though, is a description and keeps its article.
        let describes = phrase.count > 2 && phrase.first?.lowercased() == "the" && phrase.last?.first?.isLowercase == true
        while !describes, phrase.count > 1, let first = phrase.first, Names.sentenceWords.contains(first.lowercased()), phrase[1].first?.isUppercase == true {
            phrase.removeFirst()
        }
        // Lowercase heads ("the minister", "officials") come with their article.
        if phrase.count == 1, let only = phrase.first, only.first?.isLowercase == true, start > 0, ["the", "a", "an"].contains(words[start - 1].lowercased()) {
            phrase.insert(words[start - 1], at: 0)
        }
        return phrase.joined(separator: " ")
    }

    /// The first name phrase of a sentence, for "…, saying ‘…’".
    static func sentenceSubject(_ words: ArraySlice<String>) -> String {
        if let first = words.first, Names.pronouns.contains(first.lowercased()) { return first.lowercased() }
        var phrase: [String] = []
        for word in words {
            if word.first?.isUppercase == true || (!phrase.isEmpty && Names.particles.contains(word.lowercased())) {
                if phrase.isEmpty, Names.sentenceWords.contains(word.lowercased()) { continue }
                phrase.append(word)
            } else if !phrase.isEmpty {
                break
            }
        }
        return phrase.joined(separator: " ")
    }
}

enum Names {
    struct Phrase: Equatable {
        enum Kind { case person, organisation }
        var name: String
        var kind: Kind
        var titles: Set<String>
        /// The word it starts at, for telling which of two names came last.
        var offset = 0
    }

    static let pronouns: Set<String> = ["he", "she"]
    static let honorifics: Set<String> = ["mr", "mrs", "ms", "miss", "mx"]
    static let particles: Set<String> = ["de", "da", "di", "del", "della", "van", "von", "der", "den", "bin", "ibn", "al", "el", "la", "le", "du", "dos", "das", "ter", "y"]
    static let sentenceWords: Set<String> = [
        "the", "a", "an", "on", "in", "at", "but", "and", "after", "when", "if", "this", "that", "it", "his", "her", "their", "our", "its", "then", "now",
        "yet", "still", "speaking", "asked", "later", "earlier", "meanwhile", "however", "also", "so", "as", "while", "for", "of", "to", "by", "with",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "last", "next", "this",
        "another", "asked", "speaking", "both", "each", "every", "one", "some", "many", "most", "her", "his", "my", "our", "your", "there", "here",
    ]
    static let titleWords: Set<String> = [
        "president", "vice", "prime", "minister", "foreign", "defence", "defense", "finance", "interior", "health", "chancellor", "secretary", "senator",
        "sen", "rep", "representative", "governor", "gov", "mayor", "general", "gen", "colonel", "col", "commander", "chief", "executive", "ceo", "chairman",
        "chairwoman", "chair", "director", "spokesman", "spokeswoman", "spokesperson", "coach", "manager", "captain", "judge", "justice", "king", "queen",
        "prince", "princess", "pope", "bishop", "archbishop", "dr", "mr", "mrs", "ms", "miss", "prof", "professor", "ambassador", "envoy", "leader",
        "opposition", "deputy", "state", "speaker", "mp", "lawmaker", "economist", "analyst", "official", "commissioner", "premier", "sheikh", "emir",
        "striker", "midfielder", "defender", "goalkeeper", "head", "founder", "owner", "police", "officer", "inspector", "sergeant", "detective",
        "councillor", "councilor", "council", "party", "union", "regional", "secretary-general", "ayatollah", "rabbi", "imam", "father", "sister",
        "stroke", "cox", "skipper", "transport", "education", "trade", "culture", "labour", "environment", "economy", "energy", "justice",
        "agriculture", "home", "neighbour", "neighbor", "teacher", "retired", "resident", "prosecutor", "barrister", "solicitor", "attorney",
        "lawyer", "counsel", "defence", "district", "magistrate", "coroner", "sheriff", "constable", "superintendent", "analyst", "economist",
        "financial", "operating", "technology", "officer", "president-elect", "candidate", "nominee", "activist", "campaigner",
        // British police and military ranks as newspapers shorten them: "Det Insp Shaw", "DCI Rowe".
        "det", "insp", "supt", "ch", "dci", "dcs", "pc", "pcso", "cllr", "cpl", "maj", "capt", "adm", "brig", "cmdr", "lt",
        "organiser", "organizer", "author", "co-author", "co-founder", "researcher", "scientist", "glaciologist", "principal", "headteacher",
    ]
    static func isTitleWord(_ word: String) -> Bool { titleWords.contains(word.lowercased().trimming(["."])) }

    static let organisationWords: Set<String> = [
        "ministry", "department", "army", "military", "police", "council", "union", "party", "company", "inc", "ltd", "plc", "bank", "commission",
        "agency", "office", "government", "court", "university", "kremlin", "pentagon", "house", "committee", "federation", "association", "club",
        "fc", "authority", "authorities", "forces", "navy", "embassy", "service", "services", "group", "institute", "foundation", "corporation",
        "organisation", "organization", "board", "parliament", "senate", "congress", "cabinet", "administration", "secretariat", "nations", "who",
        "nato", "eu", "un", "unicef", "hamas", "hezbollah", "taliban", "guard", "regime", "coalition", "alliance", "league", "network", "trust",
        "hospital", "school", "airline", "airlines", "railways", "newspaper", "times", "post", "bbc", "reuters", "afp", "ports", "port", "airport",
        "airways", "motors", "holdings", "partners", "media", "energy", "systems", "technologies", "international", "commission", "fund", "ngo",
        "semiconductor", "semiconductors", "pharmaceuticals", "industries", "electric", "chemicals", "foods", "software", "labs", "capital",
        "insurance", "logistics", "shipping", "telecom", "studios", "records", "publishing", "brands", "retail", "stores", "oil", "gas", "mining",
        "ferries", "ferry", "lines", "rail", "railway", "trains", "buses", "transit", "telecoms", "brewery", "bakery", "hotels", "resorts", "farms",
        "steel", "cement", "construction", "pharma", "biotech", "therapeutics", "clinic", "clinics", "charity", "society", "college", "grid",
    ]
    static let unnamedNouns: Set<String> = [
        "official", "officials", "source", "sources", "spokesperson", "spokesman", "spokeswoman", "witness", "witnesses", "resident", "residents",
        "analyst", "analysts", "expert", "experts", "observers", "diplomat", "diplomats", "critics", "people", "person", "aide", "aides", "insider",
        "insiders", "activists", "protesters", "police", "authorities", "organisers", "organizers", "doctors", "medics", "neighbours", "neighbors",
        "investigators", "prosecutors", "lawyers", "statement", "report", "reports", "military", "army", "government", "ministry",
    ]

    /// "a spokesperson", "officials", "a senior official", "people familiar with the talks":
    /// a source the story doesn't name.
    static func unnamed(_ lowered: String) -> String? {
        let words = lowered.split(separator: " ").map(String.init)
        guard let first = words.first else { return nil }
        let head = words.prefix { !["for", "of", "with", "at", "in", "from"].contains($0) }.last ?? first
        if ["a", "an", "one", "two", "three", "several", "some", "many", "other", "another", "senior", "local"].contains(first), unnamedNouns.contains(head) || words.count <= 4 {
            return lowered
        }
        if words.count <= 3, unnamedNouns.contains(head), !["army", "military", "government", "ministry", "police", "authorities"].contains(head) { return lowered }
        return nil
    }

    /// An institution speaking: "Israel's army", "the State Department", "the Kremlin".
    static func organisation(_ words: [String]) -> String? {
        var words = words
        if words.first?.lowercased() == "the" { words.removeFirst() }
        guard !words.isEmpty else { return nil }
        let lowered = words.map { word in
            let lower = word.lowercased()
            return lower.hasSuffix("’s") || lower.hasSuffix("'s") ? String(lower.dropLast(2)) : lower
        }
        guard lowered.contains(where: organisationWords.contains) else { return nil }
        // "police" alone is unnamed; "Thames Valley Police" and "Israel's army" are institutions.
        guard words.count > 1 || words[0].first?.isUppercase == true else { return nil }
        if words.count == 1, ["police", "authorities", "officials"].contains(lowered[0]) { return nil }
        return words.joined(separator: " ")
    }

    /// The capitalised run a phrase ends with: "council leader Ruth Abebe" → Ruth Abebe,
    /// "Israel's army" → nothing.
    static func trailingRun(_ words: [String]) -> [String] {
        var run: [String] = []
        for word in words.reversed() {
            if word.first?.isUppercase == true || !run.isEmpty && particles.contains(word.lowercased()) {
                run.insert(word, at: 0)
            } else {
                break
            }
        }
        if let owner = run.dropLast().lastIndex(where: { $0.hasSuffix("'s") || $0.hasSuffix("’s") }) { run = Array(run[(owner + 1)...]) }
        // Titles written with capitals ("Danish Finance Minister Mette Holm") are not the name;
        // an institution's words are ("State Department").
        if !run.contains(where: { isInstitutionWord($0) }),
            let lastTitle = run.lastIndex(where: { isTitleWord($0) || nationalities.contains($0.lowercased()) }), lastTitle < run.count - 1
        {
            run = Array(run[(lastTitle + 1)...])
        }
        while let first = run.first, run.count > 1, sentenceWords.contains(first.lowercased()) { run.removeFirst() }
        return run
    }

    /// A word that makes a name an institution's; one that is also a title ("Energy" in
    /// "Energy Minister") doesn't.
    static func isInstitutionWord(_ word: String) -> Bool {
        let lowered = word.lowercased()
        return organisationWords.contains(lowered) && !titleWords.contains(lowered)
    }

    /// A proper name rather than a description: it starts with a capital that doesn't just
    /// begin the sentence, and isn't "the …".
    static func isProperName(_ words: [String]) -> Bool {
        guard let first = words.first, first.first?.isUppercase == true, !sentenceWords.contains(first.lowercased()) else { return false }
        return !words.contains { ["who", "whose", "which"].contains($0.lowercased()) }
    }

    static let places: Set<String> = ["at", "in", "near", "outside", "inside", "across", "into", "toward", "towards"]

    static let nationalities: Set<String> = [
        "danish", "german", "french", "british", "american", "russian", "ukrainian", "swedish", "norwegian", "finnish", "dutch", "belgian", "spanish",
        "italian", "polish", "chinese", "japanese", "indian", "israeli", "palestinian", "iranian", "turkish", "greek", "irish", "scottish", "welsh",
        "canadian", "australian", "brazilian", "mexican", "egyptian", "saudi", "syrian", "lebanese", "european", "us", "u.s", "uk", "eu", "un",
    ]

    /// Whether two names are one person: the same, or one a shortening of the other
    /// ("Putin" of "Vladimir Putin").
    static func sameOrLonger(_ known: String, _ other: String) -> Bool {
        if known == other { return true }
        let a = known.split(separator: " "), b = other.split(separator: " ")
        if b.count == 1 { return a.last == b.first || a.first == b.first }
        return a.count > b.count ? Array(a.suffix(b.count)) == b : (b.count > a.count ? Array(b.suffix(a.count)) == a : false)
    }

    /// Name phrases in plain text: people ("President Vladimir Putin" → Vladimir Putin, titled
    /// president) and institutions.
    static func phrases(in text: String) -> [Phrase] { phrases(inWords: Words.split(text)) }

    static func phrases(inWords words: [String]) -> [Phrase] {
        var phrases: [Phrase] = []
        var i = 0
        while i < words.count {
            var titles: Set<String> = []
            var j = i
            // Titles before a name: "Foreign Minister", "Dr.", "the coach".
            while j < words.count, isTitleWord(words[j]), words[j].first?.isUppercase == true || ["the"].contains(words[j].lowercased()) {
                titles.insert(words[j].lowercased().trimming(["."]))
                j += 1
            }
            // Lowercase titles just before a name count too: "council leader Ruth Abebe",
            // "Kremlin spokesman Dmitry Peskov".
            if titles.isEmpty, j < words.count, words[j].first?.isUppercase == true {
                var k = j - 1
                while k >= 0, k >= j - 3, words[k] != ",", isTitleWord(words[k]) || words[k].first?.isUppercase == true && !sentenceWords.contains(words[k].lowercased()) {
                    titles.insert(words[k].lowercased())
                    k -= 1
                }
            }
            var name: [String] = []
            while j < words.count {
                let word = words[j]
                if word.first?.isUppercase == true, !(name.isEmpty && sentenceWords.contains(word.lowercased())) {
                    name.append(word)
                } else if !name.isEmpty, particles.contains(word.lowercased()), j + 1 < words.count, words[j + 1].first?.isUppercase == true {
                    name.append(word)
                } else {
                    break
                }
                j += 1
            }
            if name.isEmpty {
                i = max(i + 1, j)
                continue
            }
            // "four years at National Grid", "a flat in Southbank": where someone is or works.
            if titles.isEmpty, j - name.count > 0, places.contains(words[j - name.count - 1].lowercased()) {
                i = j
                continue
            }
            // "The Liberal Party's Sarah Lindgren": what owns the name is not part of it.
            let nameStart = j - name.count
            if let owner = name.dropLast().lastIndex(where: { $0.hasSuffix("'s") || $0.hasSuffix("’s") }) {
                let institution = name[...owner].map { $0 }
                var ownerName = institution
                ownerName[ownerName.count - 1] = String(ownerName[ownerName.count - 1].dropLast(2))
                if ownerName.contains(where: { organisationWords.contains($0.lowercased()) }) {
                    phrases.append(Phrase(name: ownerName.joined(separator: " "), kind: .organisation, titles: [], offset: nameStart))
                }
                name = Array(name[(owner + 1)...])
            }
            // "Danish Finance Minister Mette Holm": capitalised titles inside the run are titles.
            if let lastTitle = name.lastIndex(where: { isTitleWord($0) || nationalities.contains($0.lowercased()) }), lastTitle < name.count - 1,
                !name.contains(where: { isInstitutionWord($0) })
            {
                for title in name[...lastTitle] { titles.insert(title.lowercased().trimming(["."])) }
                name = Array(name[(lastTitle + 1)...])
            }
            let lowered = name.map { $0.lowercased() }
            if lowered.contains(where: organisationWords.contains) {
                phrases.append(Phrase(name: name.joined(separator: " "), kind: .organisation, titles: [], offset: j - name.count))
            } else if name.count >= 2 || !titles.isEmpty {
                // "Sergei Lavrov, the foreign minister," names his title after him.
                if j + 2 < words.count, words[j] == ",", ["the", "a"].contains(words[j + 1].lowercased()) {
                    var k = j + 2
                    while k < words.count, words[k] != ",", k < j + 8 {
                        titles.insert(words[k].lowercased())
                        k += 1
                    }
                }
                var clean = name
                if clean.last?.hasSuffix("’s") == true || clean.last?.hasSuffix("'s") == true { clean[clean.count - 1] = String(clean[clean.count - 1].dropLast(2)) }
                phrases.append(Phrase(name: clean.joined(separator: " "), kind: .person, titles: titles, offset: j - name.count))
            }
            i = j
        }
        return phrases
    }
}

extension String {
    /// Without these characters at either end: Foundation's `trimmingCharacters` goes through
    /// NSString, which was most of what reading a story's quotes cost.
    fileprivate func trimming(_ characters: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
