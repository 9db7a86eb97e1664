import ArgumentParser
import Byline
import Foundation

/// `byline-bench wxr`: what reading a large WordPress export costs in memory and time. It
/// writes an export of `--posts` posts to a file (streamed, a post at a time), then reads it
/// twice the way the importer's passes do, and reports the file's size, the process's peak
/// resident memory before and after reading, and the reading speed. One JSON object for
/// bench/run.py.
struct WXRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wxr", abstract: "Measure streaming a large WordPress export.")

    @Option(help: "Posts in the generated export.") var posts = 20_000
    @Option(help: "Where to write it.") var file = NSTemporaryDirectory() + "byline-bench-export.xml"

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        try write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
        let before = Self.peakResidentBytes()
        let start = DispatchTime.now().uptimeNanoseconds
        var inventory = WordPressInventory()
        let reader = WXR.Reader(file: url)
        for try await part in reader.stream() { inventory.take(part) }
        let planner = try WordPressPlanner(inventory)
        var report = WordPressImportReport()
        var planned = 0
        for try await part in reader.stream() {
            if case .item(let item) = part, planner.plan(item, report: &report) != nil { planned += 1 }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let after = Self.peakResidentBytes()
        print(#"{"posts": \#(planned), "file_mb": \#(Double(size) / 1_048_576), "rss_before_mb": \#(Double(before) / 1_048_576), "rss_after_mb": \#(Double(after) / 1_048_576), "mb_per_s": \#(2 * Double(size) / 1_048_576 / seconds)}"#)
    }

    /// A Gazette-like export: posts of ~2,000 words of classic-editor HTML, each with comments.
    private func write(to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        handle.write(Data("""
            <?xml version="1.0" encoding="UTF-8" ?>
            <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
            <channel><title>Bench</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>
            <wp:category><wp:term_id>1</wp:term_id><wp:category_nicename><![CDATA[news]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>

            """.utf8))
        let body = BodyCommand.story(words: 2_000).replacingOccurrences(of: "**", with: "")
        for id in 1...posts {
            var item = """
                <item><title><![CDATA[Story \(id)]]></title><link>https://old.example/2024/03/01/story-\(id)/</link><dc:creator><![CDATA[mara]]></dc:creator>
                <content:encoded><![CDATA[\(body)]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
                <wp:post_id>\(id)</wp:post_id><wp:post_date><![CDATA[2024-03-01 09:30:00]]></wp:post_date><wp:post_date_gmt><![CDATA[2024-03-01 08:30:00]]></wp:post_date_gmt>
                <wp:post_name><![CDATA[story-\(id)]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
                <category domain="category" nicename="news"><![CDATA[News]]></category>

                """
            for comment in 1...5 {
                item += "<wp:comment><wp:comment_id>\(id * 10 + comment)</wp:comment_id><wp:comment_author><![CDATA[Reader]]></wp:comment_author><wp:comment_content><![CDATA[A comment on story \(id).]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>\n"
            }
            handle.write(Data((item + "</item>\n").utf8))
        }
        handle.write(Data("</channel></rss>\n".utf8))
    }

    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
