import Byline
import Foundation
import Testing

@Suite("Comment text")
struct CommentTextTests {
    @Test func textIsEscapedAndNothingIsInterpreted() {
        let html = CommentText.html("<b>bold</b> *not markdown* & [link](http://x.example)")
        #expect(html == #"<p>&lt;b&gt;bold&lt;/b&gt; *not markdown* &amp; [link](<a href="http://x.example" rel="nofollow ugc noopener">http://x.example</a>)</p>"#)
    }

    @Test func blankLinesMakeParagraphsAndNewlinesMakeBreaks() {
        #expect(CommentText.html("one\ntwo\n\nthree") == "<p>one<br>\ntwo</p>\n<p>three</p>")
    }

    @Test func urlsBecomeLinksThatPassNoRankingOrOpener() {
        let html = CommentText.html("See https://example.com/a?b=1&c=2, then reply.")
        #expect(html.contains(#"<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.com/a?b=1&amp;c=2</a>, then"#))
    }

    @Test func onlyHttpURLsAreLinked() {
        #expect(!CommentText.html("javascript:alert(1) data:text/html,x ftp://x.example").contains("<a "))
    }

    @Test func emojiAndCombiningCharactersSurviveAsNFC() {
        let decomposed = "Cafe\u{301} 👩🏽‍💻 🇺🇦"
        let normalized = CommentText.normalize(decomposed)
        #expect(normalized == "Café 👩🏽‍💻 🇺🇦")
        #expect(normalized.unicodeScalars.contains("\u{E9}"))
    }

    @Test func controlCharactersAndDirectionOverridesAreRemoved() {
        #expect(CommentText.normalize("a\u{0}b\u{7}c\u{1B}[31m\u{202E}d\u{2066}e") == "abc[31mde")
        #expect(CommentText.normalize("line\r\nnext\rlast") == "line\nnext\nlast")
    }

    @Test func linksAreCounted() {
        #expect(CommentText.linkCount("http://a.example and https://b.example/x") == 2)
        #expect(CommentText.linkCount("no links, just http and https words") == 0)
    }
}

@Suite("Comment validation")
struct CommentValidationTests {
    private func problems(_ submission: CommentSubmission) -> [CommentSubmission.Field: String] {
        if case .failure(let problems) = submission.validate() { return problems.messages.mapValues(\.description) }
        return [:]
    }

    private let valid = CommentSubmission(author: "Ana", email: "ana@example.com", url: "", comment: "Well reported.")

    @Test func aCompleteSubmissionIsValidAndCleaned() throws {
        let submission = CommentSubmission(author: "  Ana\n", email: "Ana@Example.com ", url: " https://ana.example ", comment: "Hi\r\n")
        let cleaned = try submission.validate().get()
        #expect(cleaned.author == "Ana" && cleaned.email == "ana@example.com" && cleaned.url == "https://ana.example" && cleaned.comment == "Hi")
    }

    @Test func requiredFieldsAreNamed() {
        let found = problems(CommentSubmission(author: " ", email: "", url: "", comment: "\n"))
        #expect(Set(found.keys) == [.author, .email, .comment])
    }

    @Test(arguments: ["not-an-email", "a@b", "a b@example.com", "@example.com", "a@.com", "<a@example.com>"])
    func malformedEmailsAreRefused(email: String) {
        var submission = valid
        submission.email = email
        #expect(problems(submission)[.email] != nil)
    }

    @Test(arguments: ["javascript:alert(1)", "ftp://x.example", "example.com", "data:text/html,x", "https://"])
    func websitesMustBeHTTP(url: String) {
        var submission = valid
        submission.url = url
        #expect(problems(submission)[.url] != nil)
    }

    @Test(arguments: [(CommentSubmission.Field.author, 100), (.email, 254), (.url, 2000), (.comment, 10_000)])
    func lengthsAreLimited(field: CommentSubmission.Field, limit: Int) {
        var submission = valid
        switch field {
        case .author: submission.author = String(repeating: "a", count: limit + 1)
        case .email: submission.email = String(repeating: "a", count: 60) + "@" + String(repeating: "b", count: limit - 60) + ".com"
        case .url: submission.url = "https://example.com/" + String(repeating: "a", count: limit)
        case .comment: submission.comment = String(repeating: "a", count: limit + 1)
        }
        #expect(problems(submission)[field]?.contains(limit.formatted()) == true)
    }
}

@Suite("Moderation rules")
struct ModerationRulesTests {
    private let trusted = CommenterHistory(approvedCount: 3, recentDecisions: [.approved, .approved, .approved])
    private func comment(_ text: String = "A fair point.", author: String = "Ana", email: String = "ana@example.com", url: String? = nil) -> CommentSubmission.Valid {
        try! CommentSubmission(author: author, email: email, url: url ?? "", comment: text).validate().get()
    }

    @Test func aTrustedCommenterIsApproved() {
        #expect(ModerationSettings().decide(comment(), ip: "203.0.113.9", history: trusted).status == .approved)
    }

    @Test func aFirstCommentIsHeld() {
        #expect(ModerationSettings().decide(comment(), ip: nil, history: .newcomer) == .hold(reason: "first comment from this commenter"))
    }

    @Test func trustComesAfterTheConfiguredNumberOfApprovals() {
        var settings = ModerationSettings()
        settings.trustAfterApproved = 3
        #expect(settings.decide(comment(), ip: nil, history: .init(approvedCount: 2, recentDecisions: [.approved, .approved])).status == .pending)
        #expect(settings.decide(comment(), ip: nil, history: .init(approvedCount: 3, recentDecisions: [.approved, .approved, .approved])).status == .approved)
    }

    @Test func disallowedWordsInAnyFieldSendToSpam() {
        var settings = ModerationSettings()
        settings.disallowed = ["casino"]
        #expect(settings.decide(comment("Visit my CASINO"), ip: nil, history: trusted).status == .spam)
        #expect(settings.decide(comment(author: "Casino Bob"), ip: nil, history: trusted).status == .spam)
        #expect(settings.decide(comment(email: "bob@casino.example"), ip: nil, history: trusted).status == .spam)
        #expect(settings.decide(comment(url: "https://casino.example"), ip: nil, history: trusted).status == .spam)
    }

    @Test func disallowedEntriesMatchTheIPAddress() {
        var settings = ModerationSettings()
        settings.disallowed = ["198.51.100."]
        #expect(settings.decide(comment(), ip: "198.51.100.7", history: trusted).status == .spam)
        #expect(settings.decide(comment(), ip: "203.0.113.7", history: trusted).status == .approved)
    }

    @Test func patternsWrittenAsSlashesAreRegularExpressions() {
        var settings = ModerationSettings()
        settings.moderation = [#"/\bcr[y1]pto\b/"#, "/[unclosed/"]
        #expect(settings.decide(comment("Buy cr1pto now"), ip: nil, history: trusted).status == .pending)
        #expect(settings.decide(comment("[unclosed bracket"), ip: nil, history: trusted).status == .approved)
    }

    @Test func moderationWordsHold() {
        var settings = ModerationSettings()
        settings.moderation = ["refund"]
        #expect(settings.decide(comment("I want a refund"), ip: nil, history: trusted) == .hold(reason: "matches the moderation entry “refund”"))
    }

    @Test func twoLinksHold() {
        #expect(ModerationSettings().decide(comment("http://a.example http://b.example"), ip: nil, history: trusted).status == .pending)
        #expect(ModerationSettings().decide(comment("only http://a.example"), ip: nil, history: trusted).status == .approved)
    }

    @Test func aTrustedCommenterWithManyRecentRejectionsIsPreModeratedAgain() {
        let history = CommenterHistory(approvedCount: 5, recentDecisions: [.spam, .trash, .approved, .trash, .approved])
        #expect(ModerationSettings().decide(comment(), ip: nil, history: history).status == .pending)
    }

    @Test func theSiteWideSwitchHoldsEverything() {
        var settings = ModerationSettings()
        settings.holdAll = true
        #expect(settings.decide(comment(), ip: nil, history: trusted).status == .pending)
    }

    @Test func spamWinsOverHolding() {
        var settings = ModerationSettings()
        settings.holdAll = true
        settings.disallowed = ["viagra"]
        #expect(settings.decide(comment("viagra"), ip: nil, history: .newcomer).status == .spam)
    }
}

@Suite("IP addresses and ranges")
struct IPRangeTests {
    @Test func rangesContainTheirAddresses() throws {
        let v4 = try #require(IPRange("203.0.113.0/24"))
        #expect(v4.contains(IPAddress("203.0.113.200")!))
        #expect(!v4.contains(IPAddress("203.0.114.1")!))
        let v6 = try #require(IPRange("2001:db8::/32"))
        #expect(v6.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!v6.contains(IPAddress("2001:db9::1")!))
        #expect(IPRange("198.51.100.7")!.contains(IPAddress("198.51.100.7")!))
        #expect(IPRange("10.0.0.0/8")!.contains(IPAddress("::ffff:10.1.2.3")!), "IPv4-mapped addresses are IPv4")
    }

    @Test(arguments: ["300.1.1.1/8", "1.2.3.4/33", "2001:db8::/129", "banana", "1.2.3.4/-1"])
    func malformedRangesAreRefused(text: String) {
        #expect(IPRange(text) == nil)
    }

    @Test func rateLimitNetworksAreSlash24AndSlash48() {
        #expect(IPAddress("203.0.113.77")?.rateLimitNetwork == "203.0.113.0/24")
        #expect(IPAddress("2001:db8:abcd:12::1")?.rateLimitNetwork == "2001:0db8:abcd::/48")
    }
}
