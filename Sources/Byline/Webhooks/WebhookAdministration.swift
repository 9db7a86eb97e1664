import Foundation
import FoundationNetworking
import Logging
import ServiceLifecycle

/// Registering webhooks, shared by `byline webhooks` and the admin.
public struct WebhookAdministration: Sendable {
    public let webhooks: any WebhookRepository
    public let targets: WebhookTargets

    public init(webhooks: any WebhookRepository, targets: WebhookTargets) {
        self.webhooks = webhooks
        self.targets = targets
    }

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public func add(url text: String, events names: [String], at now: Date = Date()) async throws -> Webhook {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let url = URLComponents(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false, text.count <= 2000 else {
            throw Problem(description: "\"\(text)\" is not an http(s) URL, such as https://hooks.example.com/byline")
        }
        // Refused now when it already points inward; a name that does not resolve yet is
        // allowed, since every delivery is checked again.
        if let target = URL(string: text) {
            do {
                _ = try await targets.addresses(for: target)
            } catch let refusal as WebhookTargets.Refusal where !refusal.isUnresolved {
                throw Problem(description: refusal.description)
            } catch is WebhookTargets.Refusal {}
        }
        var events: [WebhookEvent] = []
        for name in names.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let event = WebhookEvent(rawValue: name) else {
                throw Problem(description: "\"\(name)\" is not an event; use \(WebhookEvent.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !events.contains(event) { events.append(event) }
        }
        guard !events.isEmpty else { throw Problem(description: "name at least one event: \(WebhookEvent.allCases.map(\.rawValue).joined(separator: ", "))") }
        return try await webhooks.add(url: text, events: events, secret: "whsec_" + Session.randomToken(), at: now)
    }
}
