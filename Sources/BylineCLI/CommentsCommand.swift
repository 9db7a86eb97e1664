import ArgumentParser
import Byline
import Foundation

struct CommentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comments",
        abstract: "Moderate reader comments.",
        subcommands: [List.self, DecisionShortcut<Approve>.self, DecisionShortcut<Spam>.self, DecisionShortcut<Trash>.self, Delete.self, Ban.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List comments by status, newest first.")

        @Option(help: "pending, approved, spam or trash.") var status: String = "pending"
        @Option(help: "Only comments on the article with this slug.") var article: String?
        @Option(help: "At most this many.") var limit: Int = 100
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard let status = Byline.Comment.Status(rawValue: status) else {
                fail("--status \"\(self.status)\" is not one of pending, approved, spam, trash", code: 64)
            }
            let moderation = CommentModeration(storage: try await open(storage))
            let found = try await attempt { try await moderation.list(status: status, articleSlug: article, limit: max(1, limit)) }
            if found.isEmpty { say("No \(status.rawValue) comments.") }
            let dates = ISO8601DateFormatter()
            for comment in found {
                let excerpt = comment.body.replacingOccurrences(of: "\n", with: " ").prefix(100)
                say("#\(comment.id)  \(comment.status.rawValue)  \(dates.string(from: comment.createdAt))  article \(comment.articleID)  \(comment.authorName) <\(comment.authorEmail)>\n    \(excerpt)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete comments, and their replies, for good.")

        @Argument(help: "Comment IDs.") var ids: [Int64]
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard !ids.isEmpty else { fail("name at least one comment ID", code: 64) }
            let moderation = CommentModeration(storage: try await open(storage))
            let deleted = try await attempt { try await moderation.delete(ids) }
            say("Deleted \(deleted) comments.")
        }
    }

    struct Ban: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ban a commenter by email or an IP range.",
            discussion: "Banned commenters are told only that their comment could not be posted."
        )

        @Option(help: "An email address.") var email: String?
        @Option(help: "An IP address or CIDR range, such as 203.0.113.0/24.") var ip: String?
        @Option(help: "Why, for the record.") var reason: String = ""
        @Option(help: "Who bans, for the record.") var by: String = NSUserName()
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard (email == nil) != (ip == nil) else { fail("give exactly one of --email or --ip", code: 64) }
            let moderation = CommentModeration(storage: try await open(storage))
            if let email {
                try await attempt { try await moderation.ban(email: email, reason: reason, by: by) }
                say("Banned \(email.lowercased()).")
            } else if let ip {
                try await attempt { try await moderation.ban(ipRange: ip, reason: reason, by: by) }
                say("Banned \(IPRange(ip)?.description ?? ip).")
            }
        }
    }
}

/// `byline comments approve|spam|trash ID…`, the shortcuts the issue tracker and WordPress users expect.
struct DecisionShortcut<Decision: DecisionName>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Decision.name, abstract: "\(Decision.verb) comments (logged as decided from the command line).")
    }

    @Argument(help: "Comment IDs.") var ids: [Int64]
    @Option(help: "Who decides, for the moderation log.") var by: String = NSUserName()
    @Option(help: "Why, for the moderation log.") var reason: String = "decided from the command line"
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        guard !ids.isEmpty else { fail("name at least one comment ID", code: 64) }
        let moderation = CommentModeration(storage: try await open(storage))
        let changed = try await attempt { try await moderation.decide(ids, status: Decision.status, by: by, reason: reason) }
        say("\(changed) of \(ids.count) comments are now \(Decision.status.rawValue).")
    }
}

protocol DecisionName {
    static var name: String { get }
    static var verb: String { get }
    static var status: Byline.Comment.Status { get }
}

enum Approve: DecisionName {
    static let name = "approve", verb = "Approve", status = Byline.Comment.Status.approved
}

enum Spam: DecisionName {
    static let name = "spam", verb = "Mark as spam", status = Byline.Comment.Status.spam
}

enum Trash: DecisionName {
    static let name = "trash", verb = "Trash", status = Byline.Comment.Status.trash
}

private func open(_ options: StorageOptions) async throws -> Storage {
    do {
        return try await openStorage(try options.configuration())
    } catch let error as StartupError {
        fail(error.message, code: 1)
    }
}

/// Runs a moderation action, turning a moderator's mistake into one line and an exit code.
@discardableResult
private func attempt<T>(_ action: () async throws -> T) async throws -> T {
    do {
        return try await action()
    } catch let problem as CommentModeration.Problem {
        fail(problem.description, code: 65)
    } catch StorageError.unavailable {
        fail("the database is unavailable; try again shortly", code: 1)
    }
}
