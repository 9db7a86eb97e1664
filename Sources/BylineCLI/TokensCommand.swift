import ArgumentParser
import Byline
import Foundation

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Manage Content API tokens.",
        discussion: "A token is printed once, when it is made; only its hash is stored. Programs send it as Authorization: Bearer TOKEN.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token for a program, such as a wire ingester.")
        @Option(help: "What the token is for, e.g. \"AFP ingester\".") var name: String
        @Option(help: "contributor, author, editor or admin; editor lets a program publish, update and delete any article.") var role: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let role = try parseRole(role)
            let (token, secret) = try await administer(storage) { try await $0.create(name: name, role: role) }
            say("Created token \(token.id) (\(token.name), \(token.role.rawValue)). It is shown only now:")
            say(secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let tokens = try await administer(storage) { try await $0.tokens.tokens() }
            if tokens.isEmpty { say("No tokens yet. Create one with: byline tokens create --name NAME --role editor") }
            for token in tokens {
                let state = token.revokedAt == nil ? "active" : "revoked"
                let used = token.lastUsedAt.map { "last used \(ISO8601.string(from: $0, in: .gmt))" } ?? "never used"
                say("\(token.id)  \(token.role.rawValue)  \(state)  \(used)  \(token.name)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: programs using it get 401 from now on.")
        @Argument(help: "The token's number, from byline tokens list.") var id: Int64
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard try await administer(storage, { try await $0.tokens.revoke(id: id, at: Date()) }) else {
                fail("no token has the number \(id); see byline tokens list", code: 65)
            }
            say("Token \(id) is revoked.")
        }
    }
}

private func administer<T>(_ options: StorageOptions, _ action: (APITokenAdministration) async throws -> T) async throws -> T {
    do {
        let storage = try await openStorage(try options.configuration())
        return try await action(APITokenAdministration(tokens: storage.apiTokens))
    } catch let problem as APITokenAdministration.Problem {
        fail(problem.description, code: 65)
    } catch let error as StartupError {
        fail(error.message, code: 1)
    }
}
