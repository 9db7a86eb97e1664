import ArgumentParser
import Byline
import Foundation

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Tell other systems about new articles and held comments.",
        discussion: """
            Deliveries are POSTs of JSON, signed in X-Byline-Signature (t=UNIX,v1=HMAC-SHA256 of "UNIX.BODY" with the webhook's \
            secret), retried with growing waits for up to 24 hours.
            """,
        subcommands: [Add.self, List.self, Remove.self, Deliveries.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a URL for some events.")
        @Argument(help: "The http(s) URL to POST to.") var url: String
        @Option(help: "Comma-separated: article.published, article.updated, article.unpublished, comment.held, wire.received, cache.purge.") var events: String
        @Option(help: "Private ranges (CIDR, comma-separated) this URL may point into, or all; as the server's --webhook-private-targets, which its deliveries follow.")
        var webhookPrivateTargets: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let webhook = try await administer(storage, [.webhookPrivateTargets: webhookPrivateTargets]) { try await $0.add(url: url, events: [events]) }
            say("Added webhook \(webhook.id) for \(webhook.events.map(\.rawValue).joined(separator: ", ")). Its signing secret, shown only now:")
            say(webhook.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List webhooks.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let hooks = try await administer(storage) { try await $0.webhooks.webhooks() }
            if hooks.isEmpty { say("No webhooks yet. Add one with: byline webhooks add URL --events article.published") }
            for hook in hooks { say("\(hook.id)  \(hook.url)  \(hook.events.map(\.rawValue).joined(separator: ","))") }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a webhook and its delivery log.")
        @Argument(help: "The webhook's number, from byline webhooks list.") var id: Int64
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard try await administer(storage, action: { try await $0.webhooks.remove(id: id) }) else {
                fail("no webhook has the number \(id); see byline webhooks list", code: 65)
            }
            say("Webhook \(id) is removed.")
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The delivery log, newest first.")
        @Option(help: "Only this webhook's deliveries.") var webhook: Int64?
        @Option(help: "How many to show.") var limit = 50
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let deliveries = try await administer(storage) { try await $0.webhooks.deliveries(webhookID: webhook, limit: limit) }
            if deliveries.isEmpty { say("No deliveries yet.") }
            for delivery in deliveries {
                let outcome = delivery.lastStatus.map { "HTTP \($0)" } ?? delivery.lastError ?? "not tried yet"
                say("\(delivery.id)  webhook \(delivery.webhookID)  \(delivery.event)  \(delivery.status.rawValue)  \(delivery.attempts) attempts  \(outcome)")
            }
        }
    }
}

private func administer<T>(
    _ options: StorageOptions, _ own: [Setting: String?] = [:], action: (WebhookAdministration) async throws -> T
) async throws -> T {
    do {
        let configuration = try options.configuration(own)
        let storage = try await openStorage(configuration)
        return try await action(WebhookAdministration(webhooks: storage.webhooks, targets: configuration.webhookTargets))
    } catch let problem as WebhookAdministration.Problem {
        fail(problem.description, code: 64)
    } catch let error as StartupError {
        fail(error.message, code: 1)
    }
}
