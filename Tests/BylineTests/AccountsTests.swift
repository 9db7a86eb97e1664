import Byline
import Foundation
import Testing

@Suite("Passwords and roles")
struct PasswordPolicyTests {
    let policy = try! PasswordPolicy.bundled()

    @Test func aLongUncommonPassphraseIsAccepted() {
        #expect(policy.problem(with: "correct horse battery staple", email: "ana@example.com") == nil)
    }

    @Test func shortPasswordsAreRefused() {
        #expect(policy.problem(with: "Sh0rt!pass", email: "ana@example.com")?.contains("at least 12") == true)
    }

    @Test(arguments: ["1qaz2wsx3edc", "QWERTY123456", "LeaveMeAlone", "1q2w3e4r5t6y"])
    func commonPasswordsAreRefusedWhateverTheirCase(password: String) {
        #expect(policy.problem(with: password, email: "ana@example.com")?.contains("most common") == true)
    }

    @Test func theBundledListHasTenThousandEntries() throws {
        let text = try String(contentsOfFile: BundledResources.directory + "/Security/common-passwords.txt", encoding: .utf8)
        #expect(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count == 10_000)
    }

    @Test func theEmailIsNotAPassword() {
        #expect(policy.problem(with: "ana.reader@example.com", email: "Ana.Reader@example.com") != nil)
        #expect(policy.problem(with: "ana.reader.example", email: "ana.reader.example@example.com") != nil)
    }

    @Test func passwordsLongerThanBcryptReadsAreRefused() {
        #expect(policy.problem(with: String(repeating: "a", count: 73), email: "ana@example.com")?.contains("72") == true)
    }

    @Test func hashesAreBcryptAndVerify() async throws {
        let hash = try await PasswordPolicy.hash("correct horse battery staple")
        #expect(hash.hasPrefix("$2"))
        #expect(!hash.contains("correct horse"))
        #expect(try await PasswordPolicy.verify("correct horse battery staple", against: hash))
        #expect(try await !PasswordPolicy.verify("correct horse battery stapler", against: hash))
    }

    @Test func rolesAreOrderedByWhatTheyMayDo() {
        #expect(Role.contributor < .author && Role.author < .editor && Role.editor < .admin)
    }
}

@Suite("User repository contract")
struct UserRepositoryContractTests {
    static let hash = "$2b$12$abcdefghijklmnopqrstuuQ9v1c8Zq2bHdP2hX0m0Jx8kE0n9cJ4e"

    @Test(arguments: Backend.allCases)
    func accountsAreStoredAndFoundByEmailWhateverItsCase(backend: Backend) async throws {
        let users = try await backend.makeStorage().users
        let created = try await users.create(email: "Ana@Example.com", name: "Ana", role: .editor, passwordHash: Self.hash, at: Fixtures.publishedAt)
        #expect(created.email == "ana@example.com")
        #expect(try await users.user(email: "ANA@example.com") == created)
        #expect(try await users.users() == [created])
    }

    @Test(arguments: Backend.allCases)
    func anEmailHasOneAccount(backend: Backend) async throws {
        let users = try await backend.makeStorage().users
        _ = try await users.create(email: "ana@example.com", name: "Ana", role: .editor, passwordHash: Self.hash, at: Fixtures.publishedAt)
        await #expect(throws: StorageError.self) {
            _ = try await users.create(email: "ANA@example.com", name: "Other", role: .admin, passwordHash: Self.hash, at: Fixtures.publishedAt)
        }
    }

    @Test(arguments: Backend.allCases)
    func rolesAndPasswordsChangeOnlyForExistingAccounts(backend: Backend) async throws {
        let users = try await backend.makeStorage().users
        _ = try await users.create(email: "ana@example.com", name: "Ana", role: .contributor, passwordHash: Self.hash, at: Fixtures.publishedAt)
        #expect(try await users.setRole(.admin, email: "Ana@example.com"))
        #expect(try await users.user(email: "ana@example.com")?.role == .admin)
        #expect(try await !users.setRole(.admin, email: "nobody@example.com"))
        let newHash = "$2b$12$zyxwvutsrqponmlkjihgfeuQ9v1c8Zq2bHdP2hX0m0Jx8kE0n9cJ4e"
        #expect(try await users.setPasswordHash(newHash, email: "ana@example.com"))
        #expect(try await users.user(email: "ana@example.com")?.passwordHash == newHash)
    }

    @Test(arguments: Backend.allCases)
    func theSchemaRefusesAPlainTextPassword(backend: Backend) async throws {
        let users = try await backend.makeStorage().users
        await #expect(throws: StorageError.self) {
            _ = try await users.create(email: "ana@example.com", name: "Ana", role: .editor, passwordHash: "hunter2hunter2", at: Fixtures.publishedAt)
        }
    }
}

@Suite("Account administration")
struct UserAdministrationTests {
    private func administration() async throws -> (UserAdministration, Storage) {
        let storage = try await Backend.sqlite.makeStorage()
        return (UserAdministration(users: storage.users, sessions: storage.sessions, policy: try PasswordPolicy.bundled()), storage)
    }

    @Test func creatingAnAccountStoresABcryptHashOfThePassword() async throws {
        let (administration, storage) = try await administration()
        let user = try await administration.create(email: " Ana@Example.com ", name: "Ana", role: .admin, password: "correct horse battery staple")
        #expect(user.email == "ana@example.com")
        let stored = try #require(try await storage.users.user(email: "ana@example.com"))
        #expect(try await PasswordPolicy.verify("correct horse battery staple", against: stored.passwordHash))
    }

    @Test func weakPasswordsDuplicatesAndBadEmailsAreRefusedInOneLine() async throws {
        let (administration, _) = try await administration()
        _ = try await administration.create(email: "ana@example.com", name: "Ana", role: .admin, password: "correct horse battery staple")
        for (email, password, expected) in [
            ("bo@example.com", "qwerty123456", "most common"),
            ("ANA@example.com", "another long passphrase", "already exists"),
            ("not-an-email", "another long passphrase", "not an email address"),
        ] {
            await #expect {
                _ = try await administration.create(email: email, name: "Someone", role: .author, password: password)
            } throws: { error in
                (error as? UserAdministration.Problem)?.description.contains(expected) == true
            }
        }
    }

    @Test func resettingAPasswordChecksThePolicyAndTheAccount() async throws {
        let (administration, storage) = try await administration()
        _ = try await administration.create(email: "ana@example.com", name: "Ana", role: .admin, password: "correct horse battery staple")
        try await administration.resetPassword(email: "ana@example.com", to: "a different long passphrase")
        let stored = try #require(try await storage.users.user(email: "ana@example.com"))
        #expect(try await PasswordPolicy.verify("a different long passphrase", against: stored.passwordHash))
        await #expect(throws: UserAdministration.Problem.self) { try await administration.resetPassword(email: "ana@example.com", to: "short") }
        await #expect(throws: UserAdministration.Problem.self) { try await administration.resetPassword(email: "no@example.com", to: "a different long passphrase") }
    }
}
