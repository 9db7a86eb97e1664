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
        "sqlite/0001-articles": "76220d756f85051898e4aba30d75001cb6858c322449a77931c150c7e45c478e",
        "sqlite/0002-job-runs": "c1d37693cee79f5efd689b57f709956f30d1249b4ade4178e636541c0047ea80",
        "sqlite/0003-comments": "3336985c9c67f5618d9d225f9d10b0b45a27b900e0e483e48f03f9aca1a9e8a7",
        "sqlite/0004-site-secrets": "07da5ec8bf27f826b6591585c28547de72a07d7664343e4094a383611c069dc3",
        "sqlite/0005-users": "27b5b8eb94473be39fd86964cb539343fa9f460aa1aaf1eca8faa4853a2ad90f",
        "sqlite/0006-newsroom": "d7494d4b4f36131c02c707230e01ab43cae3947248cbe3dde9fa580033e937e4",
        "sqlite/0007-search": "4b31c9504794616419a574584a33feb11156d82b24c9c866cbdc0c808f99e49f",
        "sqlite/0008-api-tokens": "31728a1769afaa1e2c9c883d41210b09881e21995f8e181c257bc73bd1c2d03e",
        "sqlite/0009-webhooks": "0727b305bd4a810de73d8454cbb451d11a559b823296c609a8691d4d9f04c55b",
        "sqlite/0010-listing-indexes": "4c3cbeb49bae05db54c79dbd1d752e9731a5247053c41bfd3bf04fc16cc4204b",
        "sqlite/0011-listing-indexes-everywhere": "30dddaccf6ea7aa250b4147d80f36a068d4c336896d56a0bb9f8ae272f93dc43",
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
    ]

    static func fingerprint(_ identifier: String, _ statements: [String]) -> String {
        let text = ([identifier] + statements).joined(separator: "\n\u{0}\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static var migrations: [(key: String, identifier: String, fingerprint: String)] {
        SQLiteMigrations.all.map { ("sqlite/\($0.identifier)", $0.identifier, fingerprint($0.identifier, $0.statements)) }
            + PostgresMigrations.all.map { ("postgres/\($0.version)", $0.version, fingerprint($0.version, $0.statements)) }
    }

    // MARK: Tests

    @Test func noShippedMigrationHasBeenEdited() {
        for migration in Self.migrations {
            if let recorded = Self.shipped[migration.key] {
                #expect(recorded == migration.fingerprint, "\(migration.key) was edited after it shipped: append a new migration instead")
            } else {
                Issue.record("\(migration.key) is new: add \"\(migration.key)\": \"\(migration.fingerprint)\" to MigrationHistoryTests.shipped")
            }
        }
    }

    @Test func noShippedMigrationHasBeenRemoved() {
        let present = Set(Self.migrations.map(\.key))
        #expect(Set(Self.shipped.keys).subtracting(present).isEmpty)
    }

    @Test func bothBackendsHaveTheSameMigrationsInOrder() {
        let sqlite = SQLiteMigrations.all.map(\.identifier)
        #expect(sqlite == PostgresMigrations.all.map(\.version))
        #expect(sqlite == sqlite.sorted() && Set(sqlite).count == sqlite.count)
    }
}
