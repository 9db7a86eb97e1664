import ArgumentParser
import Byline
import Foundation

/// Seeds the benchmark data set (`make bench`): a realistic newsroom archive, the same every
/// run, written through Byline's own repositories so that it is stored exactly as the site
/// stores what its editors and readers write.
@main
struct BylineBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "byline-bench", abstract: "Seeds the data set `make bench` measures.", subcommands: [Seed.self, BodyCommand.self, WXRCommand.self, QuotesCommand.self]
    )
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a site in --data-dir with generated articles and comments.")

    @Option(help: "Folder of the new site (must not hold one yet).") var dataDir: String
    @Option(help: "How many articles.") var articles = 10_000
    @Option(help: "Comments spread 50 to an article over the archive (the issue's 100,000).") var comments = 100_000
    @Option(help: "Comments on the one much-discussed article.") var bigDiscussion = 30_000
    @Option(help: "Comments on the article measured with a thousand.") var mediumDiscussion = 1_000
    @Option(help: "Shortest and longest article in words, as min-max; the measured articles always have 600-1200.") var words = "600-1200"

    func run() async throws {
        let bounds = words.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] > 0, bounds[0] <= bounds[1] else { throw ValidationError("--words must look like 600-1200") }
        var input = Configuration.Input()
        input[.dataDirectory] = dataDir
        input.noDemo = true
        input[.baseURL] = "http://127.0.0.1"
        let configuration = try Configuration.resolve(input, environment: [:])
        let storage = try await openStorage(configuration)
        guard try await storage.articles.publishedCount() == 0 else { throw ValidationError("\(dataDir) already holds a site") }

        let started = Date()
        let now = Date()
        var generator = ArchiveGenerator(seed: 7)
        var batch: [ArticleInput] = []
        for index in 0..<articles {
            // The first few are the ones the benchmark reads; they are full-length in every data set.
            let range = index < ArchiveGenerator.measuredCount ? 600...1200 : bounds[0]...bounds[1]
            batch.append(generator.article(index, words: range, now: now))
            if batch.count == 500 || index == articles - 1 {
                _ = try await storage.articles.save(batch, now: now)
                batch = []
            }
        }
        print("seeded \(articles) articles in \(Int(Date().timeIntervalSince(started))) s")

        var plan: [(slug: String, count: Int)] = []
        if articles > 0 { plan.append((ArchiveGenerator.slug(0), bigDiscussion)) }
        if articles > 1 { plan.append((ArchiveGenerator.slug(1), mediumDiscussion)) }
        // Fifty each from story-2 on, skipping story-3 and story-4: the measured "no comments" pages.
        let spread = min(comments / 50, max(0, articles - 4))
        for offset in 0..<spread { plan.append((ArchiveGenerator.slug(offset == 0 ? 2 : offset + 4), 50)) }
        var total = 0
        for (slug, count) in plan where count > 0 {
            guard let article = try await storage.articles.publishedArticle(slug: slug) else { continue }
            total += try await addDiscussion(count, to: article.id, storage: storage, generator: &generator, now: now)
        }
        print("seeded \(total) comments in \(Int(Date().timeIntervalSince(started))) s")
    }

    /// Comments go in through the group-committed writer, many at once, as a busy site's would.
    private func addDiscussion(_ count: Int, to articleID: Int64, storage: Storage, generator: inout ArchiveGenerator, now: Date) async throws -> Int {
        let replies = count / 5
        let roots = (0..<(count - replies)).map { generator.comment(articleID, number: $0, parent: nil, now: now) }
        let rootIDs = try await addAll(roots, storage: storage)
        let answers = (0..<replies).map { number in
            generator.comment(articleID, number: roots.count + number, parent: rootIDs[generator.next(rootIDs.count)], now: now)
        }
        return rootIDs.count + (try await addAll(answers, storage: storage)).count
    }

    private func addAll(_ comments: [NewComment], storage: Storage) async throws -> [Int64] {
        var ids: [Int64] = []
        for start in stride(from: 0, to: comments.count, by: 512) {
            let slice = comments[start..<min(start + 512, comments.count)]
            ids += try await withThrowingTaskGroup(of: Int64.self) { group in
                for comment in slice { group.addTask { try await storage.comments.add(comment, maxDepth: 5).id } }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
        }
        return ids
    }
}

/// Deterministic newsroom text: the same seed gives the same archive on every machine.
struct ArchiveGenerator {
    static let measuredCount = 8
    static let sections = ["World", "Business", "Science"]
    static let firstNames = ["Mara", "Ola", "Ana", "Jonas", "Priya", "Tomas", "Lea", "Samir", "Ines", "Kofi"]
    static let lastNames = ["Lindqvist", "Berg", "Okafor", "Silva", "Novak"]
    /// Appears in a handful of articles only: the benchmark's rare search term.
    static let rareTerm = "zanzibarite"
    /// Appears in nearly every article: the common search term.
    static let commonTerm = "government"
    static let vocabulary = """
        the of and to in a that for on said with as was by at from it has have are be an its this not but were been which will they their \
        government minister officials agency report percent year week market talks city police court election company prices energy water \
        people council plan budget trade workers union health hospital school students research study climate coast harbour port ships \
        bank rates inflation growth export import factory jobs housing rent transport rail bridge road airport storm flood fire season \
        spokesman spokeswoman statement interview committee vote parliament president mayor region border summit delegates agreement \
        deal proposal law rules tax spending costs families children residents farmers fishermen scientists engineers doctors teachers \
        morning evening night monday tuesday wednesday thursday friday saturday sunday january february march april may june july \
        august september october november december announced confirmed expected warned reported added told agreed rejected approved \
        delayed opened closed rose fell increased decreased began ended continued remained returned arrived left met visited \
        important new old large small local national international public private economic political social environmental official
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    static func slug(_ index: Int) -> String { "story-\(index)" }

    mutating func words(_ count: Int) -> [String] { (0..<count).map { _ in Self.vocabulary[next(Self.vocabulary.count)] } }

    mutating func sentence(_ count: Int) -> String {
        let text = words(count).joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }

    mutating func article(_ index: Int, words range: ClosedRange<Int>, now: Date) -> ArticleInput {
        var generator = ArchiveGenerator(seed: UInt64(index) &* 2_654_435_761 &+ 1)
        let target = range.lowerBound + generator.next(range.count)
        var paragraphs: [String] = []
        var written = 0
        while written < target {
            let length = 30 + generator.next(40)
            var paragraph = generator.sentence(length / 2)
            // News copy is full of quotations.
            paragraph += " “" + generator.sentence(length / 2).dropLast() + ",” " + ["an official said.", "she said.", "he told reporters.", "the agency said."][generator.next(4)]
            if written == 0 { paragraph += " The \(Self.commonTerm) responded on Monday." }
            if index % 3_000 == 5 && written == 0 { paragraph += " Traces of \(Self.rareTerm) were found." }
            paragraphs.append(paragraph)
            written += length + 4
        }
        let section = Self.sections[index % Self.sections.count]
        let author = index % 50
        let authorName = Self.firstNames[author % Self.firstNames.count] + " " + Self.lastNames[author / Self.firstNames.count]
        let tags = (0..<3).map { offset in (index * 7 + offset * 131) % 500 }.map { number in
            ArticleInput.TagRef(slug: "topic-\(number)", name: "Topic \(number)")
        }
        let headline = generator.sentence(8 + generator.next(5)).dropLast()
        return ArticleInput(
            externalID: nil, slug: Self.slug(index), headline: String(headline), dek: generator.sentence(20),
            authors: [.init(slug: Slug.make(from: authorName), name: authorName, bio: "\(authorName) reports for the desk.")],
            dateline: "Harbour City", credit: .wires(agency: "AFP"),
            section: .init(slug: Slug.make(from: section), name: section), tags: tags,
            leadImage: LeadImage(src: "/assets/demo/harbour.jpg", width: 1200, height: 675, alt: "Cranes at dusk", caption: "The harbour at dusk.", credit: "Photo: Byline"),
            bodyMarkdown: paragraphs.joined(separator: "\n\n"), status: .published,
            // Newest first: story-0 is the latest story, and the archive goes back ten minutes a story.
            publishedAt: now.addingTimeInterval(-600 * Double(index + 1))
        )
    }

    mutating func comment(_ articleID: Int64, number: Int, parent: Int64?, now: Date) -> NewComment {
        let name = Self.firstNames[next(Self.firstNames.count)] + " " + Self.lastNames[next(Self.lastNames.count)]
        return NewComment(
            articleID: articleID, parentID: parent, authorName: name, authorEmail: "reader\(number)@example.com", authorURL: nil,
            body: sentence(10 + next(40)), status: .approved, reason: "benchmark", ip: "10.\(number % 250).\(number / 250 % 250).1",
            userAgent: "byline-bench", createdAt: now.addingTimeInterval(-Double(100_000 - number))
        )
    }
}
