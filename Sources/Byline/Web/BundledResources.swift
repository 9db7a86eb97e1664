import Foundation
import Mustache
import Synchronization

/// Where the files that ship with Byline are (themes, the newsroom's templates, the API
/// description, the password list, the demo): found in this order, so a binary copied to
/// another machine finds its own and a checkout finds the source tree's:
/// 1. the folder given by `--resources` or `BYLINE_RESOURCES`;
/// 2. beside the executable: `PREFIX/share/byline` for `PREFIX/bin/byline` (what
///    `make install` lays out), or a `Resources` folder next to it;
/// 3. `Resources/` in the working directory;
/// 4. the source tree this binary was built from.
public enum BundledResources {
    private static let chosen = Mutex<String?>(nil)

    /// Makes `folder` the resources for the rest of the process; throws when it lacks them.
    public static func use(_ folder: String) throws {
        guard holdsResources(folder) else {
            throw StartupError(message: "\(folder) does not hold Byline's resources (Themes/default/templates); give the folder make install wrote, PREFIX/share/byline")
        }
        chosen.withLock { $0 = folder }
    }

    public static var directory: String {
        if let folder = chosen.withLock({ $0 }) { return folder }
        let found = candidates.first(where: holdsResources) ?? sourceTree
        chosen.withLock { $0 = found }
        return found
    }

    static var candidates: [String] {
        var folders: [String] = []
        if let given = ProcessInfo.processInfo.environment["BYLINE_RESOURCES"], !given.isEmpty { folders.append(given) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        folders.append(executable.deletingLastPathComponent().appendingPathComponent("share/byline").path)
        folders.append(executable.appendingPathComponent("Resources").path)
        folders.append(FileManager.default.currentDirectoryPath + "/Resources")
        return folders
    }

    static func holdsResources(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: folder + "/Themes/default/templates")
    }

    private static var sourceTree: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources").path
    }

    public static var defaultTheme: String { directory + "/Themes/default" }
    /// Byline's message catalogs, one `.po` per language, and the `.pot` they are made from.
    public static var locales: String { directory + "/Locales" }
    public static var demoArticles: String { directory + "/Demo/articles.json" }
}
