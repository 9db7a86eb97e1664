import Byline
import Testing

@Suite("Slugs")
struct SlugTests {
    @Test func headlinesBecomeLowercaseHyphenatedASCII() {
        #expect(Slug.make(from: "Talks resume in Sochi, officials say") == "talks-resume-in-sochi-officials-say")
    }

    @Test func otherScriptsAreTransliteratedToASCII() {
        #expect(Slug.make(from: "Crème brûlée in Zürich") == "creme-brulee-in-zurich")
        #expect(Slug.make(from: "Łódź: Straße") == "lodz-strasse")
        #expect(Slug.make(from: "Москва") == "moskva")
    }

    @Test func apostrophesJoinRatherThanSplitWords() {
        #expect(Slug.make(from: "Port Calder’s dockworkers' deal") == "port-calders-dockworkers-deal")
    }

    @Test func longHeadlinesAreCutAtAWordBoundary() {
        let slug = Slug.make(from: String(repeating: "headline ", count: 30))
        #expect(slug.count <= Slug.maximumLength)
        #expect(!slug.hasSuffix("-"))
        #expect(slug.hasSuffix("headline"))
    }

    @Test func validityRejectsWhatMakeNeverProduces() {
        #expect(Slug.isValid("talks-resume"))
        #expect(!Slug.isValid("Talks"))
        #expect(!Slug.isValid("-talks"))
        #expect(!Slug.isValid("talks--resume"))
        #expect(!Slug.isValid("talks resume"))
        #expect(!Slug.isValid(""))
    }
}
