@testable import Byline
import Foundation
import Testing

/// Each setting is described once (`Setting.all`); these check that what is read from the
/// descriptions agrees with them.
@Suite("Settings, described once")
struct SettingsCatalogueTests {
    /// The README's table of settings, as the descriptions make it.
    static var table: String {
        func code(_ text: String) -> String { ["none", "never", "off"].contains(text) || text.contains("(") ? text : "`\(text)`" }
        var rows = ["| flag | environment variable | default | meaning | settings page |", "|---|---|---|---|---|"]
        for setting in Setting.all where setting.isStartupSetting {
            let flag = setting.isSwitch ? "`--\(setting.key)`" : "`--\(setting.key) VALUE`"
            let variable = "`\(setting.variable ?? "")\(setting.isSwitch ? "=1" : "")`"
            let meaning = setting.help + (setting.isSwitch ? "" : setting.accepted.map { " Accepts \($0)." } ?? "")
            rows.append("| \(flag) | \(variable) | \(code(setting.defaultText)) | \(meaning) | \(setting.editable == nil ? "" : "yes") |")
        }
        let adminOnly = Setting.all.filter { !$0.isStartupSetting }.map { ($0.editable?.label ?? $0.key).lowercased() }
        return (rows + ["", "Only on the settings page, one a line: " + adminOnly.joined(separator: "; ") + "."]).joined(separator: "\n")
    }

    @Test func theReadmeTableIsTheOneTheSettingsDescribe() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- settings table: generated from Setting.all -->\n"))
        let end = try #require(readme.range(of: "\n<!-- end of settings table -->", range: start.upperBound..<readme.endIndex))
        let shown = String(readme[start.upperBound..<end.lowerBound])
        #expect(shown == Self.table, "the README's settings table is out of date; replace it with:\n\(Self.table)")
    }

    /// A file setting shows the entries it read, not a path (the admin's own list stands for
    /// it), and an empty value can mean "none" where a value is a folder.
    @Test(arguments: Setting.all.filter { !$0.value(in: .defaults).isEmpty && !$0.key.hasSuffix("-file") })
    func everyValueShownReadsBackAsTheSameValue(setting: Setting) throws {
        var draft = Configuration.Draft(.defaults)
        let shown = setting.value(in: .defaults)
        try setting.apply(shown, to: &draft)
        #expect(setting.value(in: draft.configuration) == shown)
    }

    @Test func keysAndVariablesAreUniqueAndVariablesFollowTheKeys() {
        #expect(Set(Setting.all.map(\.key)).count == Setting.all.count)
        for setting in Setting.all where setting.isStartupSetting && ![.database].contains(setting) {
            #expect(setting.variable == "BYLINE_" + setting.key.uppercased().replacingOccurrences(of: "-", with: "_"), "\(setting.description)")
        }
    }

    @Test func aRangeIsStatedOnceAndEnforcedAsStated() throws {
        var draft = Configuration.Draft(.defaults)
        #expect(Setting.commentMaxDepth.accepted == "1–10")
        #expect(throws: Configuration.Error.self) { try Setting.commentMaxDepth.apply("11", to: &draft) }
        try Setting.commentMaxDepth.apply("10", to: &draft)
        #expect(draft.configuration.comments.maxDepth == 10)
        #expect(Setting.commentMaxDepth.commandLineHelp.contains("(1–10)"))
    }

    @Test func theSettingsPageEditsEveryEditableSettingInItsGroup() {
        let groups = Dictionary(grouping: Setting.editable, by: { $0.editable?.group })
        #expect(groups[.site]?.map(\.key) == ["site-name", "base-url"])
        #expect(groups[.datesAndFeeds]?.map(\.key) == ["time-zone", "locale", "date-format", "feed-content"])
        #expect(groups[.comments]?.count == 10)
    }
}
