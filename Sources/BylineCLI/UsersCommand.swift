import ArgumentParser
import Byline
import Foundation

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage newsroom accounts.",
        discussion: "Passwords are never taken as arguments: they are read from a prompt, or from --password-file.",
        subcommands: [Create.self, List.self, SetRole.self, ResetPassword.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account.")

        @Option(help: "The person's email address, used to sign in.") var email: String
        @Option(help: "The name shown in the newsroom.") var name: String
        @Option(help: "contributor, author, editor or admin.") var role: String
        @Option(help: "Read the password from the first line of this file instead of a prompt.") var passwordFile: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let role = try parseRole(role)
            let password = try readPassword(file: passwordFile, confirm: true)
            let user = try await administer(storage) { try await $0.create(email: email, name: name, role: role, password: password) }
            say("Created \(user.role.rawValue) \(user.email) (\(user.name)).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let users = try await administer(storage) { try await $0.list() }
            if users.isEmpty { say("No accounts yet. Create one with: byline users create --email E --name N --role admin") }
            for user in users { say("\(user.email)  \(user.role.rawValue)  \(user.name)") }
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Change an account's role.")
        @Option(help: "The account's email.") var email: String
        @Option(help: "contributor, author, editor or admin.") var role: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let role = try parseRole(role)
            try await administer(storage) { try await $0.setRole(role, email: email) }
            say("\(email.lowercased()) is now \(role.rawValue).")
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "Set a new password for an account.")
        @Option(help: "The account's email.") var email: String
        @Option(help: "Read the password from the first line of this file instead of a prompt.") var passwordFile: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let password = try readPassword(file: passwordFile, confirm: true)
            try await administer(storage) { try await $0.resetPassword(email: email, to: password) }
            say("Password changed for \(email.lowercased()).")
        }
    }
}

func parseRole(_ text: String) throws -> Role {
    guard let role = Role(rawValue: text.lowercased()) else {
        fail("--role \"\(text)\" is not a role; use contributor, author, editor or admin", code: 64)
    }
    return role
}

/// From a file's first line, from a prompt that doesn't echo, or from standard input's first
/// line when it is not a terminal (for scripts).
private func readPassword(file: String?, confirm: Bool) throws -> String {
    if let file {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { fail("cannot read the password file \(file)", code: 66) }
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }
    guard isatty(STDIN_FILENO) == 1 else { return readLine(strippingNewline: true) ?? "" }
    let first = prompt("Password: ")
    if confirm, prompt("Repeat the password: ") != first { fail("the two passwords differ; nothing was changed", code: 65) }
    return first
}

private func prompt(_ text: String) -> String {
    guard let pointer = getpass(text) else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
}

private func administer<T>(_ options: StorageOptions, _ action: (UserAdministration) async throws -> T) async throws -> T {
    do {
        let storage = try await openStorage(try options.configuration())
        return try await action(UserAdministration(users: storage.users, sessions: storage.sessions, policy: try PasswordPolicy.bundled()))
    } catch let problem as UserAdministration.Problem {
        fail(problem.description, code: 65)
    } catch let error as StartupError {
        fail(error.message, code: 1)
    }
}
