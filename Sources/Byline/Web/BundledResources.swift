import Foundation
import Mustache

/// Where the files that ship with Byline are.
public enum BundledResources {
    /// `Resources/` in the working directory when it exists (a checkout, or an install that
    /// copied it there), otherwise the one in the source tree this binary was built from.
    public static var directory: String {
        let local = FileManager.default.currentDirectoryPath + "/Resources"
        if FileManager.default.fileExists(atPath: local + "/Themes/default/templates") { return local }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources").path
    }

    public static var defaultTheme: String { directory + "/Themes/default" }
    public static var demoArticles: String { directory + "/Demo/articles.json" }
}
