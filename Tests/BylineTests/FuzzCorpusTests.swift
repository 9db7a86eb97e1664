@testable import Byline
import Foundation
import Hummingbird
import Testing

/// `make fuzz` runs libFuzzer on these targets; here every seed and every input that once
/// crashed one (Fuzz/Regressions) is replayed, so a fixed crash stays fixed.
@Suite("Fuzzing corpora")
struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ target: FuzzTarget, in folder: String) -> [URL] {
        let directory = root.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func everySeedAndPastCrashIsReadSafely(target: FuzzTarget) throws {
        let seeds = Self.inputs(target, in: "Corpus")
        #expect(seeds.count >= 2, "a target needs seeds that show the fuzzer its format")
        for file in seeds + Self.inputs(target, in: "Regressions") {
            try target.run(try Data(contentsOf: file))
        }
    }

    @Test func renderedScriptIsABrokenPromise() {
        #expect(throws: FuzzTarget.Broken.self) { try FuzzTarget.checkRendered("<p>x</p><SCRIPT>alert(1)</SCRIPT>") }
        #expect(throws: FuzzTarget.Broken.self) { try FuzzTarget.checkRendered(#"<a href="java&#x09;script:alert(1)">x</a>"#) }
        #expect(throws: FuzzTarget.Broken.self) { try FuzzTarget.checkRendered(#"<img src=" data:text/html,x" alt="">"#) }
        #expect(throws: Never.self) { try FuzzTarget.checkRendered(#"<p><a href="https://example.com/">javascript: a talk</a> &lt;script&gt;</p>"#) }
    }

    // MARK: What fuzzing found

    /// MultipartKit trapped on a header name byte past 0x7F: such a form is refused as
    /// malformed, while UTF-8 in a header's value (a filename) is still read.
    @Test func aMultipartHeaderNameOutsideASCIIIsMalformedNotACrash() throws {
        let hostile = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nX-\u{E9}: 1\r\n\r\nv\r\n--b--\r\n"
        #expect(throws: FormFields.ParseError.malformed) { try FormFields.multipart(ByteBuffer(string: hostile), boundary: "b") }
        let named = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"caf\u{E9}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nbytes\r\n--b--\r\n"
        #expect(try FormFields.multipart(ByteBuffer(string: named), boundary: "b").files["file"]?.filename == "caf\u{E9}.jpg")
        // A delimiter inside a header value is no delimiter: the scan does not restart there.
        let nested = "--b\r\nX: --b\r\n\r\nv\r\n--b--\r\n"
        #expect(throws: Never.self) { try FormFields.multipart(ByteBuffer(string: nested), boundary: "b") }
    }

    /// FoundationXML trapped on element names that are not UTF-8 in a document that says it
    /// is: both XML readers refuse such a document with the line, and still read one declared
    /// in another encoding.
    @Test func xmlThatIsNotTheUTF8ItClaimsIsRefusedWithItsLine() throws {
        var newsML = Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<newsMessage>\n<".utf8)
        newsML.append(contentsOf: [0xEE, 0x65])
        newsML.append(Data("wsItem/></newsMessage>".utf8))
        do {
            _ = try WireItem.read(newsML, name: "bad.xml")
            Issue.record("read")
        } catch {
            #expect(error.reason.contains("not valid UTF-8 at line 3"), "\(error.reason)")
        }
        var wxr = Data("<?xml version=\"1.0\"?>\n<rss><channel><wp:".utf8)
        wxr.append(contentsOf: [0xFF, 0xFF])
        wxr.append(Data("/></channel></rss>".utf8))
        #expect(throws: WXR.Failure.self) { try WXR.Reader(data: wxr).parts() }
        do {
            _ = try WXR.Reader(data: wxr).parts()
        } catch let failure as WXR.Failure {
            #expect(failure.reason.contains("not valid UTF-8 at line 2"), "\(failure.reason)")
        }

        let latin1 = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><title>Caf".utf8)
            + Data([0xE9]) + Data("</title><wp:wxr_version>1.2</wp:wxr_version></channel></rss>".utf8)
        #expect(XMLEncoding.declared(latin1) == .transcoded)
        #expect(XMLEncoding.declared(Data(#"<?xml version="1.0" encoding="UTF'8" ?><a/>"#.utf8)) == .unsupported("UTF'8"))
        #expect(XMLEncoding.declared(Data(#"<?xml version="1.0" encoding="UTF08"?><a/>"#.utf8)) == .unsupported("UTF08"))
        #expect(XMLEncoding.declared(Data(#"<?xml version="1.0" encoding='utf-8'?><a/>"#.utf8)) == .utf8)
        #expect(XMLEncoding.declared(Data(#"<?xml version="1.0"?><a/>"#.utf8)) == .utf8)
        #expect(try WXR.Reader(data: latin1).parts().contains { if case .site(let site) = $0 { site.title == "Caf\u{E9}" } else { false } })
    }

    @Test func theUTF8CheckFollowsTheStandardsTableAcrossChunks() throws {
        func valid(_ chunks: [[UInt8]]) -> Bool {
            var validator = XMLEncoding.Validator()
            do {
                for chunk in chunks { try validator.feed(chunk) }
                try validator.finish()
                return true
            } catch {
                return false
            }
        }
        #expect(valid([Array("a\u{E9}\u{20AC}\u{1F600}".utf8)]))
        #expect(valid([[0xF0, 0x9F], [0x98, 0x80]]), "a sequence split between chunks")
        #expect(!valid([[0xC0, 0xAF]]), "overlong")
        #expect(!valid([[0xED, 0xA0, 0x80]]), "a surrogate")
        #expect(!valid([[0xF4, 0x90, 0x80, 0x80]]), "past U+10FFFF")
        #expect(!valid([[0xE2, 0x82]]), "cut off at the end")
    }

    /// FoundationXML read a null pointer for `<?target?>`: such an instruction is refused
    /// before parsing, wherever it is, while instructions with data are read as ever.
    @Test func anInstructionWithNoDataIsRefused() throws {
        func found(_ text: String, split: Int? = nil) -> Int? {
            var scanner = XMLEncoding.EmptyInstructionScanner()
            let bytes = Array(text.utf8)
            let cut = split ?? bytes.count
            scanner.feed(bytes[..<cut])
            scanner.feed(bytes[cut...])
            return scanner.found
        }
        #expect(found("<a><?x?></a>") == 3)
        #expect(found("<a><?x?></a>", split: 5) == 3, "across chunks")
        #expect(found("<?<?xmlni?>") == 2, "inside a broken instruction, where libxml2 recovers")
        #expect(found("<?xml version=\"1.0\"?><a><?php echo 1 ?><b>?</b><??></a>") == nil)
        let document = Data("<?xml version=\"1.0\"?>\n<newsMessage><?x?></newsMessage>".utf8)
        do {
            _ = try WireItem.read(document, name: "pi.xml")
            Issue.record("read")
        } catch {
            #expect(error.reason.contains("processing instruction with no data"), "\(error.reason)")
        }
    }

    /// Each level of quoting was read twice, so nesting doubled the work: 33 levels took minutes.
    @Test func deeplyNestedQuotesAreReadInTimeProportionalToTheirDepth() {
        let nested = String(repeating: "> ", count: 40) + "deep"
        let body = StoryBody.parse(nested)
        var depth = 0
        var blocks = body.blocks
        while case .quote(let children)? = blocks.first {
            depth += 1
            blocks = children
        }
        #expect(depth == 40)
    }
}
