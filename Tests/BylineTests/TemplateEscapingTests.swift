@testable import Byline
import Foundation
import Mustache
import Testing

@Suite("Escaping in templates")
struct TemplateEscapingTests {
    static let samples = [
        "", "Talks resume", #"<script>alert("x")</script>"#, "Tom & Jerry's \"best\" <b>", "Zürich — “quoted” 😀 مصر",
        "a\r\nb", "&amp; already", "'single'", String(repeating: "long text with <tags> & 'quotes' ", count: 200),
    ]

    /// Byline's escaping replaces swift-mustache's for speed; it must write the same text.
    @Test func theFastEscapingWritesWhatSwiftMustacheWrites() throws {
        let plain = try MustacheTemplate(string: "{{value}}")
        let prepared = try MustacheTemplate(string: TemplateEscaping.prepared("{{value}}"))
        for sample in Self.samples {
            let theirs = plain.render(["value": sample])
            #expect(sample.htmlEscaped == theirs, "\(sample)")
            #expect(prepared.render(["value": sample]) == theirs, "\(sample)")
        }
    }

    @Test func aMarkIsEscapedEvenInsideALargerCharacter() {
        #expect("<\u{338}script>".htmlEscaped == "&lt;\u{338}script&gt;")
    }

    @Test func theEscapingReachesPartialsAndTripleBracesStayRaw() throws {
        var library = MustacheLibrary()
        library.register(try MustacheTemplate(string: TemplateEscaping.prepared("<p>{{value}}</p>{{{value}}}")), named: "part")
        library.register(try MustacheTemplate(string: TemplateEscaping.prepared("{{>part}}")), named: "page")
        #expect(library.render(["value": "<b>"], withTemplate: "page") == "<p>&lt;b&gt;</p><b>")
    }

    @Test func aThemesSyntaxErrorNamesTheColumnItsAuthorSees() throws {
        let theme = TemporaryDirectory.make()
        try FileManager.default.createDirectory(atPath: theme + "/templates", withIntermediateDirectories: true)
        try "{{#open}}x".write(toFile: theme + "/templates/error.mustache", atomically: true, encoding: .utf8)
        #expect {
            try Theme.load(defaultDirectory: BundledResources.defaultTheme, overrideDirectory: theme)
        } throws: { error in
            let message = String(describing: error)
            // The section is still open at the end of the ten characters the author wrote.
            return message.contains("error.mustache") && message.contains("line 1, column 11:")
        }
    }
}
