import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What a hostile commenter types must never become markup, and a commenter's email must
/// never appear anywhere public.
@Suite("Comment security", .serialized)
struct CommentSecurityTests {
    static let payloads: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<IMG SRC=javascript:alert('XSS')>",
        "<img src=`javascript:alert(1)`>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">XSS</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "\"><script>alert(1)</script>",
        "'><script>alert(1)</script>",
        "\" onmouseover=\"alert(1)",
        "' onmouseover='alert(1)",
        "\" autofocus onfocus=\"alert(1)",
        "</textarea><script>alert(1)</script>",
        "</title><script>alert(1)</script>",
        "<!--<script>alert(1)</script>-->",
        "--><script>alert(1)</script>",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<div style=\"background-image:url(javascript:alert(1))\">x</div>",
        "<div style=\"width: expression(alert(1))\">x</div>",
        "<link rel=stylesheet href=//evil.example/x.css>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"//evil.example/\">",
        "<form action=\"//evil.example\"><button>go</button></form>",
        "<input onfocus=alert(1) autofocus>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<audio src=x onerror=alert(1)>",
        "<marquee onstart=alert(1)>",
        "<isindex type=image src=1 onerror=alert(1)>",
        "<x onclick=alert(1)>click",
        "<a/href=\"javascript:alert(1)\">x</a>",
        "<img/src=x/onerror=alert(1)>",
        "<img src=x onerror=alert(1)//",
        "<<script>alert(1)//<</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
        "<scr\u{0}ipt>alert(1)</script>",
        "<img src=x onerror=\"&#97;lert(1)\">",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://example.com/\"onmouseover=\"alert(1)",
        "https://example.com/<script>alert(1)</script>",
        "http://example.com/'><img src=x onerror=alert(1)>",
        "\u{202E}<script>alert(1)</script>",
        "\u{202E}gpj.exe",
        "[x](javascript:alert(1))",
        "**<b>bold</b>**",
        "{{site.name}} {{{bodyHTML}}}",
        "<template><script>alert(1)</script></template>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    ]

    static let fields = ["author", "email", "url", "comment"]

    /// Every start tag on the page, with its attribute names.
    static func tags(in html: String) -> [(name: String, attributes: [String])] {
        let tag = try! NSRegularExpression(pattern: #"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*/?>"#)
        let attribute = try! NSRegularExpression(pattern: #"\s([^\s=>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?"#)
        return tag.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { match in
            let name = String(html[Range(match.range(at: 1), in: html)!]).lowercased()
            let attributeText = Range(match.range(at: 2), in: html).map { String(html[$0]) } ?? ""
            let names = attribute.matches(in: attributeText, range: NSRange(attributeText.startIndex..., in: attributeText)).map {
                String(attributeText[Range($0.range(at: 1), in: attributeText)!]).lowercased()
            }
            return (name, names)
        }
    }

    static let allowedTags: Set<String> = [
        "html", "head", "meta", "title", "link", "body", "a", "header", "div", "nav", "ul", "ol", "li", "main", "article", "p", "h1", "h2", "h3",
        "time", "figure", "img", "figcaption", "span", "bdi", "aside", "section", "strong", "em", "footer", "form", "label", "textarea", "input",
        "button", "br", "script",
    ]

    /// The markup the site itself writes; anything else on the page came from a commenter.
    static func problems(in html: String) -> [String] {
        var found: [String] = []
        for tag in tags(in: html) {
            if !allowedTags.contains(tag.name) { found.append("tag <\(tag.name)>") }
            for attribute in tag.attributes where attribute.hasPrefix("on") || attribute == "style" || attribute == "srcdoc" || attribute == "formaction" {
                found.append("attribute \(attribute) on <\(tag.name)>")
            }
        }
        let lowered = html.lowercased()
        for scheme in ["href=\"javascript:", "src=\"javascript:", "href=\"data:", "href=\"vbscript:", "action=\"//"] where lowered.contains(scheme) {
            found.append(scheme)
        }
        // The site's own scripts: the comment form's, and schema.org data that is not run and holds no `<`.
        let jsonLD = html.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst()
        for block in jsonLD where block.prefix(while: { $0 != "<" }).count != block.range(of: "</script>").map({ block.distance(from: block.startIndex, to: $0.lowerBound) }) {
            found.append("a < inside JSON-LD")
        }
        if html.occurrences(of: "<script") != html.occurrences(of: "<script src=\"/assets/js/comments.js\" defer></script>") + jsonLD.count {
            found.append("an inline <script>")
        }
        if html.contains("\u{202E}") { found.append("a right-to-left override") }
        return found
    }

    // MARK: Tests

    @Test(arguments: Backend.allCases)
    func everyPayloadInEveryFieldRendersAsText(backend: Backend) async throws {
        // Given a site that publishes every comment at once and never rate-limits
        let policy = CommentRouterTests.policy {
            $0.moderation.trustAfterApproved = 0
            $0.moderation.holdLinksAtOrAbove = 1000
            $0.floodInterval = 0
            $0.perMinuteFromNetwork = 100_000
        }
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")], comments: policy, backend: backend)
        #expect(Self.payloads.count >= 60)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: CommentRouterTests.articlePath)
            for (index, payload) in Self.payloads.enumerated() {
                for field in Self.fields {
                    // When it is posted into the field (the others valid and unique)
                    var fields = ["author": "Reader \(index)", "email": "r\(index)-\(field)@example.com", "comment": "Comment \(index) \(field)"]
                    fields[field] = field == "email" ? "\(payload)@example.com" : payload
                    let response = try await forms.post(fields)
                    // Then whatever page answers shows it as text, never as markup
                    #expect([.seeOther, .unprocessableContent].contains(response.status), "\(field): \(payload) → \(response.status)")
                    let problems = Self.problems(in: response.text)
                    #expect(problems.isEmpty, "\(field): \(payload) → \(problems)")
                }
            }
            // And the article page, with every accepted comment approved, has none of them as markup
            let pending = try await site.storage.comments.comments(status: .pending, articleID: nil, limit: 10_000)
            _ = try await site.storage.comments.setStatus(pending.map(\.id), to: .approved, by: "test", reason: "xss suite", at: Date())
            var page = 1
            var shown = 0
            while true {
                let response = try await client.execute(uri: CommentRouterTests.articlePath + (page > 1 ? "?cpage=\(page)" : ""), method: .get)
                guard response.status == .ok else { break }
                shown += response.text.occurrences(of: "class=\"comment comment--depth")
                let problems = Self.problems(in: response.text)
                #expect(problems.isEmpty, "page \(page): \(problems)")
                for payload in Self.payloads where payload.contains("<") {
                    #expect(!response.text.contains(payload), "page \(page) contains \(payload) verbatim")
                }
                page += 1
            }
            #expect(shown > 100, "most payloads are valid comments and were shown")
        }
    }

    @Test func theCheckItselfCatchesMarkup() {
        #expect(!Self.problems(in: "<p><img src=x onerror=alert(1)></p>").isEmpty)
        #expect(!Self.problems(in: "<svg onload=alert(1)>").isEmpty)
        #expect(!Self.problems(in: "<a href=\"javascript:alert(1)\">x</a>").isEmpty)
        #expect(!Self.problems(in: "<script>alert(1)</script>").isEmpty)
        #expect(Self.problems(in: "<p>&lt;script&gt;</p>").isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func noCommentersEmailAppearsInAnyPublicOutput(backend: Backend) async throws {
        // Given comments with unique emails in every state
        let policy = CommentRouterTests.policy { $0.moderation.trustAfterApproved = 0; $0.floodInterval = 0 }
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume", tags: ["Diplomacy"])], comments: policy, backend: backend)
        let emails = (0..<6).map { "leak-check-\($0)-\(UUID().uuidString.prefix(8))@example.com".lowercased() }
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: CommentRouterTests.articlePath)
            var cookies: [String] = []
            for (index, email) in emails.enumerated() {
                let response = try await forms.post(
                    ["email": email, "url": index.isMultiple(of: 2) ? "https://site\(index).example" : "", "comment": "Comment \(index)"],
                    ip: "198.51.\(index + 1).1"
                )
                #expect(response.status == .seeOther)
                if let cookie = response.cookie { cookies.append(cookie) }
            }
            let all = try await site.storage.comments.comments(status: .approved, articleID: nil, limit: 10)
            _ = try await site.storage.comments.setStatus([all[0].id], to: .pending, by: "test", reason: "held", at: Date())
            _ = try await site.storage.comments.setStatus([all[1].id], to: .spam, by: "test", reason: "spam", at: Date())
            let replyTarget = all[2].id

            // When every public page is fetched
            let paths = [
                "/", CommentRouterTests.articlePath, CommentRouterTests.articlePath + "?replytocom=\(replyTarget)", "/world", "/tag/diplomacy",
                "/author/mara-lindqvist", "/no-such-page", "/healthz", "/readyz", "/assets/js/comments.js",
            ]
            var outputs: [String] = []
            for path in paths {
                let response = try await client.execute(uri: path, method: .get)
                outputs.append(response.text + response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n"))
            }
            // Including a commenter's own view of their held comment
            let ownView = try await client.execute(uri: CommentRouterTests.articlePath, method: .get, headers: [.cookie: cookies.first ?? ""])
            outputs.append(ownView.text)

            // Then no email appears, not even partly
            for email in emails {
                let local = String(email.split(separator: "@")[0])
                for output in outputs {
                    #expect(!output.contains(email) && !output.contains(local), "\(email) leaked")
                }
            }
            #expect(outputs[1].contains("Comment 3"), "the discussion was really on the page")
        }
    }

    @Test(arguments: Backend.allCases)
    func emojiAndCombiningCharactersRoundTripThroughTheForm(backend: Backend) async throws {
        let policy = CommentRouterTests.policy { $0.moderation.trustAfterApproved = 0 }
        let site = try await TestSite.make(articles: [Fixtures.article("talks-resume")], comments: policy, backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: CommentRouterTests.articlePath)
            let text = "Cafe\u{301} 👩🏽‍💻🇺🇦 — “quoted” 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"
            #expect(try await forms.post(["author": "Zoë 🦊", "comment": text]).status == .seeOther)
            let html = try await client.execute(uri: CommentRouterTests.articlePath, method: .get).text
            #expect(html.contains("Café 👩🏽‍💻🇺🇦 — “quoted” 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"))
            #expect(html.contains("Zoë 🦊"))
        }
    }
}
