import Byline
import Foundation
import Testing

/// A binary copied elsewhere finds its own resources, as `make install` lays them out.
@Suite("Installing without the source tree")
struct InstallTests {
    /// PREFIX/bin/byline and PREFIX/share/byline, with a marked copy of the theme, run from a
    /// folder that is neither the prefix nor the checkout: the pages must come from the copy.
    @Test func anInstalledBinaryServesTheSiteFromAnyFolder() async throws {
        let root = URL(fileURLWithPath: TemporaryDirectory.make())
        let prefix = root.appendingPathComponent("usr-local")
        let share = prefix.appendingPathComponent("share/byline")
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: share.deletingLastPathComponent(), withIntermediateDirectories: true)
        let installed = prefix.appendingPathComponent("bin/byline")
        try FileManager.default.copyItem(at: ServerProcess.executable, to: installed)
        let checkout = URL(fileURLWithPath: BundledResources.directory)
        try FileManager.default.copyItem(at: checkout, to: share)
        let layout = share.appendingPathComponent("Themes/default/templates/layout.mustache")
        let marked = try String(contentsOf: layout, encoding: .utf8).replacingOccurrences(of: "</body>", with: "<!-- installed copy -->\n</body>")
        try marked.write(to: layout, atomically: true, encoding: .utf8)
        let elsewhere = root.appendingPathComponent("somewhere-else")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)

        let node = try ServerProcess(arguments: ["--data-dir", root.appendingPathComponent("data").path], executable: installed, directory: elsewhere)
        try await node.waitUntilServing()
        let front = try await node.get("/")
        #expect(front.status == 200 && front.body.contains("<!-- installed copy -->"), "the theme came from \(share.path)")
        #expect(try await node.get("/assets/css/byline.css").status == 200)
        #expect(try await node.get("/admin/login").status == 200, "the newsroom's templates too")
        #expect(try await node.get("/api/openapi.json").status == 200, "and the API's description")
    }

    @Test func aResourcesFolderThatIsNotOneIsRefusedAtStart() throws {
        let ended = try ServerProcess.run(["serve", "--port", String(Ports.free()), "--data-dir", TemporaryDirectory.make(), "--resources", "/nonexistent/byline"])
        let said = ended.output + ended.errors
        #expect(ended.status == 64)
        #expect(said.contains("/nonexistent/byline does not hold Byline's resources"), "\(said)")
    }
}
