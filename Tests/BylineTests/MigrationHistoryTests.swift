@testable import Byline
import Crypto
import Foundation
import Testing

/// "A good migration is a migration that is never modified once it has shipped": a database
/// migrated by an earlier release has run the old text, and will never run the new one.
@Suite("Migration history")
struct MigrationHistoryTests {
    /// The fingerprint of every migration that has shipped. A new migration is added here in the
    /// commit that ships it; a changed fingerprint means a shipped migration was edited.
    static let shipped: [String: String] = [
        "sqlite/0001-articles": "93fa4988c5cffff66b15469b25579cece168ebe547c162274cb885a0c786847b",
        "sqlite/0002-job-runs": "d4ee7f3d33efcf3b3e9ed25ac15f571a13af53af4c6587d65a3b3cf1a8de6100",
        "sqlite/0003-comments": "7502f360f3b8df10871afb31de9f83f4e6979074e40fdc883ea69bca782a911b",
        "sqlite/0004-site-secrets": "093bf584eba0615249306b1185deeb9dd0c9c0fc76c07e246be70029dbb0074a",
        "sqlite/0005-users": "ec7451b075d77b3b4dfeecaad0f49044190290265e16680d5d90d3225c0ca62a",
        "sqlite/0006-newsroom": "92d7549eed96acb6d067e51e71bea74160a717c7dc546443f942eade2aa7d3c8",
        "sqlite/0007-search": "eade60e842084d25a6623af2ce868f580f2910fe6ef85d9c5fc71226d8959f43",
        "sqlite/0008-api-tokens": "3539cc6e61ff4d852212a868e095f8640bac93952a1141304ea5d13cbcf16b9a",
        "sqlite/0009-webhooks": "b505d2b44450c1a9487376172018d69a0ffab73b3ba352f736f5fbcda0ce7d47",
        "sqlite/0010-listing-indexes": "132e74581511dca9054dbe5ec9a22ee34c6099facac6273c45958836caad604b",
        "sqlite/0011-listing-indexes-everywhere": "f7d004e401753128f21e18f1c1c65b6f4302133e64bac0855ae1b1975c39812f",
        "sqlite/0012-imports": "bd9f0a876a76c71f80e31932edaf654a95c0c5d9bcb5da24ffe097c601ebb833",
        "sqlite/0013-pages": "4326332a4773f1ed7c4f6e6dcfb589da3314a421f0443d71a75e18c94218e1ac",
        "sqlite/0014-import-jobs": "430db761d9bb63065292fa83c5a07296d77be5eef4b14919eebd1a72fd945bf4",
        "sqlite/0015-wire": "1725bb3810ab2792717d21fb03392a5303e9e8f6d6e6e578113cda5432ac7811",
        "sqlite/0016-wire-queue-by-state": "dc4c8f3a9f3393007ba20ba0aae7c7c1a501d21e06c33ee5b50188fff5d5797b",
        "sqlite/0017-quotes": "7c98b959139cd7776c6684938701d78de28bc0f3883f3cce9a17e420de74ef03",
        "sqlite/0018-tag-stories-by-article": "fe9ced5b158157ae31bbb3e9d7b4c6a099df2d69bd30b2ae95addcd1837f3b9f",
        "sqlite/0019-translations": "2e0a15d920cee285ec50e04631dc8c4de4e0f0fe7cfa4badc610981e44c29a7f",
        "sqlite/0020-newsroom-language": "f22969adea221e1d14de682acb179d460eb5519b8c021e7816da8d01348960cc",
        "postgres/0001-articles": "b997a5d6c2f37a2bcf3d9f562b75357b2082ea03ffad3e5824a9d5f8ce9a15ca",
        "postgres/0002-job-runs": "704987f9673e057e046f423bd53a8505d6d5b351e61f6baf94dc9f2bb37fb47b",
        "postgres/0003-comments": "893e09915d2aa8aacaaa5643cb4935e6e090ceaa819517f7d064cfb0592727ca",
        "postgres/0004-site-secrets": "6de37fbe6ac3ee0ba24cab8aae452326d55b93a15c849950fdaf16a8ad284f05",
        "postgres/0005-users": "adafa311115719562e89f5aae44c80a09005053ef95d089e05fb5e9393ab03dd",
        "postgres/0006-newsroom": "f85b4ef2ebf6fd7c8baa0ac4d9a627c5605ea7f38a0fac6b33416bbbef93f1c2",
        "postgres/0007-search": "05a9fd6f69658118c54a902c9163ed3850f4c2567a5dc946b08e85e0883c44d6",
        "postgres/0008-api-tokens": "6c857eacdaa648accfd8b92a1f9d0bced5641751453ead1bbbb3877710da34e9",
        "postgres/0009-webhooks": "0bb0e132e1365c0482973db38bfd48995d3917a79a0a71a77c0690dd32375798",
        "postgres/0010-listing-indexes": "f0511c4882d70237ce7fe1ac5df91544f6a54ba8f35001f980441998e6b9248f",
        "postgres/0011-listing-indexes-everywhere": "94d99e325b08b2eceff35cca57b752e0cd2ed2113042e56f0e332e068ff1f7c2",
        "postgres/0012-imports": "2a6efe14206497be6f057990b9e4382222d05dc5889242ac405c71a0eafaf120",
        "postgres/0013-pages": "a04cbab4d84c2cbf2efa67c994ce221a6b5037182fa9c648ac34a98e55e0f3df",
        "postgres/0014-import-jobs": "1d86afb4b7a5c8f2017bcdf4e9fffc39a6ff0379a88d1a0963c2b59e6306c950",
        "postgres/0015-wire": "aee53c310ff5e74f0bf7ee8837841ee8cb1dcaab85511f16efa6693765f4d9ea",
        "postgres/0016-wire-queue-by-state": "360c610099b515243cb8882dc49fa31c0bb25fca42bb3122b10124eade40071e",
        "postgres/0017-quotes": "8c14d88ebd9f0d996964868729c10d80b73ffef0fd2ed292b62540bec16d63a0",
        "postgres/0018-tag-stories-by-article": "5fd0b858fca0bc80e2dbac2860cbde34f83dce86094a8d03f358599e23d1e70c",
        "postgres/0019-translations": "a90be5067c20ad25ab3cabb4eba7807a88b7f2ed86010fd9bff54acb91432562",
        "postgres/0020-newsroom-language": "8a5cc474379a8efadca7902cec011ee3877367e22ecd391f2fb7c086c9ed365a",
    ]

    static func fingerprint(_ identifier: String, _ statements: [String]) -> String {
        let text = ([identifier] + statements).joined(separator: "\n\u{0}\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// SQLite's migrations are closures, so each one's fingerprint is taken from its source: the
    /// text of its `registerMigration` block in SQLiteMigrations.swift.
    static func sqliteMigrationSources() throws -> [(identifier: String, source: String)] {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Byline/Storage/SQLite/SQLiteMigrations.swift")
        let text = try String(contentsOf: file, encoding: .utf8)
        let marker = "migrator.registerMigration(\""
        return text.components(separatedBy: marker).dropFirst().map { block in
            let identifier = String(block.prefix { $0 != "\"" })
            // The block is its closure: up to the closing brace, not the comment that may stand
            // before the next migration.
            let upToReturn = block.components(separatedBy: "\n        return migrator")[0]
            let body = upToReturn.range(of: "\n        }", options: .backwards).map { upToReturn[..<$0.upperBound] } ?? Substring(upToReturn)
            return (identifier, String(body))
        }
    }

    static func migrations() throws -> [(key: String, identifier: String, fingerprint: String)] {
        try sqliteMigrationSources().map { ("sqlite/\($0.identifier)", $0.identifier, fingerprint($0.identifier, [$0.source])) }
            + PostgresMigrations.all.map { ("postgres/\($0.version)", $0.version, fingerprint($0.version, $0.statements)) }
    }

    // MARK: Tests

    @Test func noShippedMigrationHasBeenEdited() throws {
        for migration in try Self.migrations() {
            if let recorded = Self.shipped[migration.key] {
                #expect(recorded == migration.fingerprint, "\(migration.key) was edited after it shipped: append a new migration instead")
            } else {
                Issue.record("\(migration.key) is new: add \"\(migration.key)\": \"\(migration.fingerprint)\" to MigrationHistoryTests.shipped")
            }
        }
    }

    @Test func noShippedMigrationHasBeenRemoved() throws {
        let present = Set(try Self.migrations().map(\.key))
        #expect(Set(Self.shipped.keys).subtracting(present).isEmpty)
    }

    @Test func bothBackendsHaveTheSameMigrationsInOrder() throws {
        let sqlite = SQLiteMigrations.migrator.migrations
        #expect(try Self.sqliteMigrationSources().map(\.identifier) == sqlite, "the fingerprints read every registered migration")
        #expect(sqlite == PostgresMigrations.all.map(\.version))
        #expect(sqlite == sqlite.sorted() && Set(sqlite).count == sqlite.count)
    }
}
