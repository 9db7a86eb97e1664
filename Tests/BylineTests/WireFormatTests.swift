@testable import Byline
import Foundation
import Testing

enum WireFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/Wire")

    static func data(_ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }

    static func fixture(_ name: String, _ edit: (String) -> String) throws -> Data {
        Data(edit(String(decoding: try data(name), as: UTF8.self)).utf8)
    }

    static func item(_ name: String) throws -> WireItem {
        let items = try WireItem.read(try data(name), name: name)
        #expect(items.count == 1)
        return try #require(items.first)
    }
}

/// Each IPTC format and generation, read into the one item the ingest works from.
@Suite("Wire formats")
struct WireFormatTests {
    static func html(_ body: StoryBody) -> String { body.html(.commonMark) }

    @Test func ninjsOneIsFlatWithAnObjectOfAssociations() throws {
        let item = try WireFixtures.item("ninjs-1.json")
        #expect(item.format == .ninjs1)
        #expect(item.guid == "urn:newsml:northwire.example:20261130:harbour-strike" && item.version == 1)
        // Markup in a JSON headline is taken out; a headline is text.
        #expect(item.headline == "Dock workers strike at two ports")
        #expect(item.byline == "By Amira Haddad" && item.dateline == "Felixstowe" && item.slugline == "BRITAIN-PORTS/STRIKE")
        #expect(item.summary == "Unions say the walkout will last 48 hours.")
        #expect(item.embargoedUntil == ISO8601.parse("2026-11-30T08:00:00Z") && item.versionCreated == ISO8601.parse("2026-11-30T06:15:00Z"))
        #expect(item.editorialNote == "Embargoed until 08:00 GMT. Names cleared by legal.")
        #expect(item.provider == "Northwire" && item.language == "en-GB" && item.status == .usable && !item.isCorrection)
        #expect(item.subjects.map(\.code) == ["http://cv.iptc.org/newscodes/subjectcode/:09000000", "http://cv.iptc.org/newscodes/subjectcode/:04015000"])
        #expect(item.keywords == ["strike", "ports"])
        let picture = try #require(item.pictures.first)
        // The 6,000-pixel original is for print; the 1,600-pixel rendition is the web's.
        #expect(picture.href == "https://media.northwire.example/pickets-1600.jpg" && picture.width == 1600 && picture.height == 1067)
        #expect(picture.caption == "Pickets gather at the main gate of the port of Felixstowe on Monday." && picture.credit == "Photo: Lena Park/Northwire")
        #expect(picture.alt == "Pickets at the gate of Felixstowe port")
    }

    @Test func aBodysScriptsHandlersAndJavaScriptLinksAreDroppedAsInImportedWordPressHTML() throws {
        let item = try WireFixtures.item("ninjs-1.json")
        let html = Self.html(item.body)
        #expect(!html.contains("script") && !html.contains("track(") && !html.contains("onclick") && !html.contains("javascript"))
        #expect(html.contains("Talks resume on Thursday, according to <a href=\"https://union.example/statement\">a statement</a>."), "\(html)")
        #expect(item.bodyNotes.removed["script"] == 1 && item.bodyNotes.refusedAddresses == ["javascript:alert(1)"])
    }

    @Test func ninjsTwoHasArraysOfHeadlinesBodiesAndAssociations() throws {
        let item = try WireFixtures.item("ninjs-2.json")
        #expect(item.format == .ninjs2 && item.version == 6 && item.language == "nb-NO")
        #expect(item.headline == "Kommunen har kjøpt giganttomt")
        #expect(item.byline == "Kari Nordmann, Fjordbyrå" && item.editorialNote == "Noe utvidet." && item.provider == "Fjordbyrå")
        // Plain text with one paragraph a line; the description only repeats its opening.
        #expect(item.body.blocks.count == 2 && item.summary == nil)
        #expect(item.subjects == [.init(code: "Innenriks", name: "Innenriks"), .init(code: "13010000", name: "Teknologi")])
        let picture = try #require(item.pictures.first)
        #expect(picture.href == "https://img.fjordbyra.example/ab12-preview.jpg" && picture.credit == "Ola Foto/Fjordbyrå")
        #expect(picture.caption == "Tomten ligger ved fjorden. Arkivbilde." && picture.alt == "Tomten ved fjorden")
    }

    @Test func ninjsThreeIsCamelCaseAndItsBodyDoesNotRepeatTheHeadlineOrTheLeadPicture() throws {
        let item = try WireFixtures.item("ninjs-3.json")
        #expect(item.format == .ninjs3 && item.version == 2 && item.isCorrection)
        #expect(item.versionCreated == ISO8601.parse("2026-11-30T12:40:18Z") && item.firstCreated == ISO8601.parse("2026-11-30T10:02:00Z"))
        #expect(item.editorialNote == "Rättar antalet deltagare." && item.language == "sv" && item.slugline == "militärövning")
        let html = Self.html(item.body)
        #expect(!html.contains("<h") && !html.contains("a001_thumb"), "\(html)")
        #expect(html.hasPrefix("<p>Pandemin satte stopp"), "\(html)")
        #expect(html.contains("<blockquote>"))
        let picture = try #require(item.pictures.first)
        #expect(picture.href == "https://media.ostwire.example/a001_preview.jpg" && picture.alt == "Soldater i kamouflage på en strand på Gotland")
        #expect(picture.caption == "En stor internationell försvarsövning planeras 2027 med fokus på Gotland.")
    }

    @Test func aBriefWithOnlyADescriptionHasItAsItsText() throws {
        // As NTB sends briefs: a headline, a description, no body.
        let brief = try WireFixtures.fixture("ninjs-2.json") { text in
            let start = text.range(of: "\"bodies\": [")!.lowerBound
            let end = text.range(of: "],\n  \"places\"")!.lowerBound
            return text.replacingCharacters(in: start..<text.index(end, offsetBy: 3), with: "")
        }
        let item = try #require(try WireItem.read(brief).first)
        #expect(item.summary == nil)
        #expect(item.body.plainText == "Kommunen har kjøpt en tomt på nærmere 2.000 mål ved fjorden i tilfelle det blir behov for")
    }

    @Test func aNinjsGenerationIsKnownByItsDeclarationOrElseItsNames() {
        #expect(Ninjs.generation(["standard": .object(["version": .string("2.1")])]) == .ninjs2)
        #expect(Ninjs.generation(["versionCreated": .string("2026-01-01T00:00:00Z")]) == .ninjs3)
        #expect(Ninjs.generation(["headlines": .array([])]) == .ninjs2)
        #expect(Ninjs.generation(["headline": .string("x"), "body_html": .string("<p>x</p>")]) == .ninjs1)
    }

    @Test func aNewsItemCarriesItsMetadataAndItsNITFText() throws {
        let item = try WireFixtures.item("newsml-g2-nitf.xml")
        #expect(item.format == .newsMLG2 && item.guid == "urn:newsml:continental.example:20261130:EU-BUDGET" && item.version == 3)
        #expect(item.headline == "EU agrees 2027 budget after all-night talks" && item.slugline == "EU-BUDGET/")
        #expect(item.byline == "By Pieter Peeters" && item.dateline == "BRUSSELS, Nov 30 (CP)" && item.located == "Brussels")
        #expect(item.summary == "Ministers settle on 190 billion euros." && item.language == "en-GB")
        #expect(item.isCorrection && item.editorialNote == "CORRECTS the amount in the second paragraph.")
        #expect(item.embargoedUntil == ISO8601.parse("2026-12-01T06:00:00Z") && item.provider == "Continental Press")
        #expect(item.subjects == [.init(code: "medtop:20000587", name: "budget")] && item.keywords == ["EU", "budget"])
        let html = Self.html(item.body)
        #expect(html.contains("<h2>Farm spending</h2>") && html.contains("<p>&quot;Nobody got everything,&quot;"), "\(html)")
        #expect(html.contains(#"<img src="https://media.continental.example/brussels-talks.jpg" alt="Ministers at a round table""#), "\(html)")
        #expect(html.contains("<figcaption>Ministers at the start of the talks on Sunday.</figcaption>"), "\(html)")
    }

    @Test func aMessagesPackageGivesItsTextItemThePictureWithTheCaptionFromThePicturesItem() throws {
        let item = try WireFixtures.item("newsml-g2-message.xml")
        #expect(item.guid == "tag:continental.example,2026:TXT-FLOODS" && item.language == "de" && item.dateline == "Köln")
        #expect(item.byline == "Von Anna Becker, CP")
        let html = Self.html(item.body)
        #expect(html.contains("<p>Das Hochwasser hat am Montag") && !html.contains("iframe") && !html.contains("ads.example"), "\(html)")
        #expect(item.bodyNotes.removed["iframe from ads.example"] == 1)
        let picture = try #require(item.pictures.first)
        // A relative address is the agency's own; the web rendition is the one a story shows.
        #expect(picture.href == "https://media.continental.example/floods-web.jpg" && picture.width == 1200 && picture.height == 800)
        #expect(picture.caption == "Das Wasser steht am Montag auf dem Kai in Köln." && picture.credit == "Jonas Weber/CP" && picture.alt == "Flooded quay in Cologne")
    }

    @Test func aCanceledItemIsAKill() throws {
        let item = try WireFixtures.item("newsml-g2-kill.xml")
        #expect(item.status == .canceled && item.version == 4 && item.body.blocks.isEmpty)
        #expect(item.editorialNote?.hasPrefix("KILL:") == true)
    }

    @Test(arguments: [
        ("", "is empty"),
        ("Just words.", "is neither JSON (ninjs) nor XML (NewsML-G2)"),
        ("{\"headline\": \"x\"", "is not valid JSON"),
        ("{\"uri\": \"a\", \"type\": \"picture\", \"headline\": \"x\"}", "is a picture item, not a story"),
        ("{\"headline\": \"No identity\"}", "has no uri"),
        ("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\"><contentMeta><headline>Cut", "is not well-formed XML"),
        ("<?xml version=\"1.0\"?><!DOCTYPE newsItem [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><newsItem>&x;</newsItem>", "has a document type declaration"),
        ("<rss version=\"2.0\"><channel/></rss>", "is XML, but not NewsML-G2: its root is <rss> with no namespace"),
        ("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\"><itemMeta><itemClass qcode=\"ninat:picture\"/></itemMeta></newsItem>", "has no text item"),
    ])
    func aDocumentThatIsNotAnAgencyStoryIsRefusedInOneLine(document: String, reason: String) {
        #expect {
            try WireItem.read(Data(document.utf8), name: "wire.doc")
        } throws: { error in
            let failure = error as? WireItem.Failure
            return failure?.reason.hasPrefix("wire.doc") == true && failure?.reason.contains(reason) == true && failure?.reason.contains("\n") == false
        }
    }

    @Test func aPackageWithoutItsTextItemSaysWhichItemIsMissing() throws {
        let message = String(decoding: try WireFixtures.data("newsml-g2-message.xml"), as: UTF8.self)
        let start = try #require(message.range(of: "<packageItem"))
        let end = try #require(message.range(of: "</packageItem>"))
        let package = "<?xml version=\"1.0\"?>" + message[start.lowerBound..<end.upperBound].replacingOccurrences(of: "<packageItem", with: "<packageItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"")
        #expect(throws: WireItem.Failure(reason: "pkg.xml: the package refers to the text item tag:continental.example,2026:TXT-FLOODS, which isn't in the document; send the newsMessage that carries both")) {
            try WireItem.read(Data(package.utf8), name: "pkg.xml")
        }
    }

    @Test func aDocumentLargerThanTheCapIsRefusedBeforeItIsParsed() {
        let huge = Data("[".utf8) + Data(repeating: UInt8(ascii: " "), count: WireItem.maximumDocumentSize) + Data("]".utf8)
        #expect(throws: WireItem.Failure(reason: "the document is \(huge.count / 1024) KB; wire documents over 8 MB are refused")) { try WireItem.read(huge) }
    }
}
