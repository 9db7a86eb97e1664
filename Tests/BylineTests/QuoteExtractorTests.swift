@testable import Byline
import Foundation
import Testing

/// Who said what, found by `QuoteExtractor` in copy as wire services and staff write it.
@Suite("Quote extraction")
struct QuoteExtractorTests {
    let extractor = QuoteExtractor()

    func pairs(_ paragraphs: String...) -> [[String?]] {
        extractor.quotations(in: paragraphs).map { [$0.text, $0.speaker?.name] }
    }

    func only(_ paragraphs: String...) throws -> Quotation {
        let found = extractor.quotations(in: paragraphs)
        #expect(found.count == 1, "\(found)")
        return try #require(found.first)
    }

    @Test func anAttributionAfterTheQuoteNamesItsSpeaker() throws {
        let quote = try only("“We will not let this stand,” President Vladimir Putin said on Tuesday.")
        #expect(quote.text == "We will not let this stand," && quote.speaker == .person("Vladimir Putin") && quote.cue == "said")
    }

    @Test func theInvertedFormKeepsTheNameAndNotItsApposition() throws {
        let quote = try only(#""It was the loudest night of my life," said Maria Lopez, a crane operator at the port."#)
        #expect(quote.speaker == .person("Maria Lopez") && quote.cue == "said")
    }

    @Test func anAttributionBeforeTheQuoteWithAColonOrAComma() {
        #expect(pairs("The finance minister, Kari Holm, told reporters: “The budget is balanced for the first time in a decade.”")
            == [["The budget is balanced for the first time in a decade.", "Kari Holm"]])
        #expect(pairs("Speaking in Geneva, Ana Mendes said, “Nobody here wants another winter like the last one.”")
            == [["Nobody here wants another winter like the last one.", "Ana Mendes"]])
    }

    @Test func aQuoteAfterAnAttributedOneInTheSameParagraphIsTheSameSpeakers() {
        #expect(pairs("“We are close,” Ana Mendes said. “But close is not done, and the next week matters.”")
            == [["We are close,", "Ana Mendes"], ["But close is not done, and the next week matters.", "Ana Mendes"]])
    }

    @Test func surnamesTitlesAndPronounsMeanThePersonNamedEarlier() {
        let found = pairs(
            "President Vladimir Putin met Foreign Minister Sergei Lavrov in Moscow on Monday.",
            "“The West has chosen confrontation,” Putin said.",
            "“Our patience is not endless,” the minister added.",
            "“We will answer,” he said.")
        #expect(found == [
            ["The West has chosen confrontation,", "Vladimir Putin"], ["Our patience is not endless,", "Sergei Lavrov"], ["We will answer,", "Sergei Lavrov"],
        ])
    }

    @Test func aDescriptionBeforeTheNameInTheInvertedFormIsNotTheSpeaker() {
        #expect(pairs("“We are used to snow,” said the mayor of Upper Orrin, Jonas Meyer. “We are not used to snow in November.”")
            == [["We are used to snow,", "Jonas Meyer"], ["We are not used to snow in November.", "Jonas Meyer"]])
        #expect(pairs("“It was the loudest night of my life,” said a crane operator, who asked not to be named.").map { $0[1] } == [nil])
        #expect(pairs(#""Nobody got everything," said the Danish minister, Mette Holm. "That is how you know it is a compromise.""#).map { $0[1] }
            == ["Mette Holm", "Mette Holm"])
    }

    @Test func shortenedPoliceRanksAreTitlesNotNames() {
        #expect(pairs(
            "Detective Inspector Karen Shaw of Westshire Police said officers were called at 11.40pm.",
            "‘I want to reassure the community that a man is in custody,’ Det Insp Shaw said.")
            == [["I want to reassure the community that a man is in custody,", "Karen Shaw"]])
    }

    @Test func aPlaceOrEmployerAfterAtIsNotWhomAPronounMeans() {
        #expect(pairs(
            "Aisha Rahman studied engineering at Imperial College before spending four years at National Grid.",
            "“I was the person who said ‘what if’ in every meeting,” she says.")
            == [["I was the person who said ‘what if’ in every meeting,", "Aisha Rahman"]])
    }

    @Test func aSingleNameNobodyHasHadIsAPersonUnlessTheSentenceCallsItIt() throws {
        let regulator = try only("Ofgem said in a statement that it was “reviewing the evidence from trials carefully.”")
        #expect(regulator.speaker == .organisation("Ofgem"))
        let president = try only("“We will answer any attack,” Putin said, adding that he had ordered new drills.")
        #expect(president.speaker == .person("Putin"))
    }

    @Test func anHonorificAndASharedSurnameMeanTheStorysSubject() {
        #expect(pairs(
            "Margaret Okafor, who taught chemistry for 38 years, died on Sunday.",
            "Her death was confirmed by her son, Daniel Okafor.",
            "“She never stopped being a teacher,” Daniel Okafor said.",
            "In a 1998 interview, Mrs. Okafor said the secret of teaching was “to be more stubborn than the student.”")
            == [["She never stopped being a teacher,", "Daniel Okafor"], ["to be more stubborn than the student.", "Margaret Okafor"]])
    }

    @Test func aTitleQualifiedByATeamMeansThatTeamsPerson() {
        #expect(pairs(
            "Ashford Town's manager Gary Pearce and Hillside United manager Steve Rowe shook hands.",
            "“This club has waited 22 years for this,” the Ashford manager said.",
            "“For 80 minutes we were the better side,” the Hillside manager said.")
            == [["This club has waited 22 years for this,", "Gary Pearce"], ["For 80 minutes we were the better side,", "Steve Rowe"]])
    }

    @Test func anAppositionAfterANameIsATitleLaterReferencesUse() {
        #expect(pairs(
            "Dmitry Peskov, the Kremlin spokesman, spoke to journalists.",
            "“There is no such plan,” the spokesman said.")
            == [["There is no such plan,", "Dmitry Peskov"]])
    }

    @Test func apostrophesInsideSingleQuotesDoNotCloseThem() throws {
        let quote = try only("He named these threats as ‘a direct attack on Russia's interests and on its people’.")
        #expect(quote.text == "a direct attack on Russia's interests and on its people")
        let typographic = try only("Lavrov said the move was ‘against Russia’s interests, plain and simple’.")
        #expect(typographic.text == "against Russia’s interests, plain and simple" && typographic.speaker?.name == "Lavrov")
    }

    @Test func aPluralPossessiveInsideSingleQuotesIsNotTheClosingMark() throws {
        let quote = try only("Berg said the bill was ‘a betrayal of the workers’ rights and of the towns’ future’ and would be fought.")
        #expect(quote.text == "a betrayal of the workers’ rights and of the towns’ future" && quote.speaker?.name == "Berg")
    }

    @Test func indirectCuesCreditTheirSubject() {
        #expect(pairs("According to Mendes, “the agreement would not survive a second vote in parliament.”")
            .first?[1] == "Mendes")
        #expect(pairs("Sergei Lavrov told AFP: “We have said everything we had to say on this.”") == [["We have said everything we had to say on this.", "Sergei Lavrov"]])
        #expect(pairs("Opposition leader Jonas Berg slammed the government for ‘selling out the fishing towns of the north’.")
            == [["selling out the fishing towns of the north", "Jonas Berg"]])
        #expect(pairs("Jonas Berg left the chamber, saying “this vote shames every one of us here today.”")
            == [["this vote shames every one of us here today.", "Jonas Berg"]])
    }

    @Test func anUnnamedSourceIsNobodysQuoteNotTheLastNamedPersons() throws {
        let quote = extractor.quotations(in: [
            "Prime Minister Ana Mendes arrived in Brussels on Monday.",
            "“The talks are at a delicate stage,” a spokesperson said.",
            "“Nothing is agreed until everything is agreed,” officials said.",
        ])
        #expect(quote.map(\.speaker) == [nil, nil])
        #expect(quote.map(\.unnamedSource) == ["a spokesperson", "officials"])
    }

    @Test func organisationsSpeakAsOrganisations() {
        let found = extractor.quotations(in: [
            "“Troops are operating in the area,” Israel's army said in a statement.",
            "“We are monitoring the situation closely,” the State Department said.",
        ])
        #expect(found.map(\.speaker) == [.organisation("Israel's army"), .organisation("State Department")])
    }

    @Test func aQuoteRunningAcrossParagraphsIsOneQuotation() {
        let found = pairs(
            "Ana Mendes said: “We came here to finish the job.",
            "“Nobody goes home until the text is agreed.”")
        #expect(found == [["We came here to finish the job. Nobody goes home until the text is agreed.", "Ana Mendes"]])
    }

    @Test func aParagraphThatOpensWithAQuoteContinuesTheLastSpeaker() {
        let found = pairs(
            "“The harbour will reopen on Friday,” said Mara Lindqvist, the harbour master.",
            "“Ships have waited long enough, and so have the people who work here.”")
        #expect(found.map { $0[1] } == ["Mara Lindqvist", "Mara Lindqvist"])
    }

    @Test func scareQuotesAreKeptButMarked() throws {
        let quote = try only("The summit produced what diplomats called a ‘constructive’ agenda.")
        #expect(quote.isScareQuote && quote.text == "constructive")
        let long = try only("“This is a constructive agenda for the whole region,” Ana Mendes said.")
        #expect(!long.isScareQuote)
    }

    @Test func straightQuotesPairAsTheyOpenAndClose() {
        #expect(pairs(#"He said "yes" twice. "We will be back next year," Ana Mendes said."#).map { $0[0] } == ["yes", "We will be back next year,"])
    }

    @Test func aQuoteNobodyIsCreditedWithHasNoSpeaker() throws {
        let quote = try only("The banner read “Save our harbour” in letters a metre high.")
        #expect(quote.speaker == nil && quote.cue == nil)
    }
}

/// The annotated stories of Fixtures/Quotes, measured as `make quotes-eval` does: the
/// extractor must keep to the issue's aim on them.
@Suite("Quote gold set")
struct QuoteGoldTests {
    @Test func theAnnotatedStoriesMeetTheAimForNamedPeoplesQuotes() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/Quotes/gold.txt")
        let gold = QuoteGold(parsing: try String(contentsOf: file, encoding: .utf8))
        #expect(gold.stories.count >= 20 && gold.stories.allSatisfy { !$0.paragraphs.isEmpty && !$0.quotes.isEmpty })
        #expect(gold.stories.map(\.quotes.count).reduce(0, +) >= 150, "the issue asks for at least 150 annotated quotations")
        let score = gold.score()
        #expect(score.precision >= 0.95, "\(score)\n\(score.misses.joined(separator: "\n"))")
        #expect(score.recall >= 0.85, "\(score)\n\(score.misses.joined(separator: "\n"))")
    }

    @Test func aMissIsNamedWithWhatWasFound() {
        let gold = QuoteGold(parsing: """
            === one | test
            P: “We will be back next year,” Ana Mendes said.
            Q: We will be back next year, | Maria Lopez
            """)
        let score = gold.score()
        #expect(score.found == 1 && score.correct == 0 && score.expected == 1)
        #expect(score.misses.contains("one: missed “We will be back next year,” by person(\"Maria Lopez\"), found it credited to Ana Mendes"))
    }
}
