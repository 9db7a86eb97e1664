import Foundation
import Hummingbird

/// `/admin/webhooks`: administrators register URLs to be told about events, and read the
/// delivery log. The same rules as `byline webhooks`.
struct WebhooksController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let administration: WebhookAdministration

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.webhooks.route, use: list)
        group.post(SiteURL.Admin.webhooks.route, use: create)
        group.post(SiteURL.Admin.deleteWebhook(.key).route, use: remove)
    }

    struct HookRow: TemplateModel {
        var id: Int64
        var url: String
        var events: String
        var removeAction: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "id": .value(id)
            case "url": .value(url)
            case "events": .value(events)
            case "removeAction": .value(removeAction)
            default: .unknown
            }
        }
    }

    struct DeliveryRow: TemplateModel {
        var id: Int64
        var webhookID: Int64
        var event: String
        var status: String
        var statusLabel: String
        var attempts: Int
        var outcome: String
        var created: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "id": .value(id)
            case "webhookID": .value(webhookID)
            case "event": .value(event)
            case "status": .value(status)
            case "statusLabel": .value(statusLabel)
            case "attempts": .value(attempts)
            case "outcome": .value(outcome)
            case "created": .value(created)
            default: .unknown
            }
        }
    }

    struct WebhooksModel: AdminPageModel {
        var admin: AdminChrome
        var hooks: [HookRow]
        var deliveries: [DeliveryRow]
        var events: [OptionModel]
        var url: String
        var error: String?
        var newSecret: String?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "hooks": .value(hooks)
            case "hasHooks": .value(!hooks.isEmpty)
            case "deliveries": .value(deliveries)
            case "hasDeliveries": .value(!deliveries.isEmpty)
            case "events": .value(events)
            case "url": .value(url)
            case "error": .value(error)
            case "newSecret": .value(newSecret)
            default: .unknown
            }
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        try await page(context, notice: request.uri.queryParameters.get("notice") == "removed" ? Message("The webhook was removed.") : nil)
    }

    /// The address, and the events ticked (each box sends `events` once).
    struct Form: Decodable {
        var url: String?
        var events: [String]
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.manageSettings, context)
        let form = try (context.form ?? FormFields()).decode(Form.self)
        do {
            let hook = try await administration.add(url: form.url ?? "", events: form.events)
            // The secret is shown once, on this page, and never again.
            return try await page(context, notice: Message("Webhook added. Copy its signing secret now: it is not shown again."), secret: hook.secret)
        } catch let problem as WebhookAdministration.Problem {
            let message = problem.description.prefix(1).uppercased() + problem.description.dropFirst() + "."
            return try await page(context, url: form.url ?? "", chosen: form.events, error: Message.verbatim(message), status: .unprocessableContent)
        }
    }

    @Sendable func remove(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.manageSettings, context)
        guard let id = context.parameters.get("id", as: Int64.self), try await administration.webhooks.remove(id: id) else { throw HTTPError(.notFound) }
        return adminRedirect(SiteURL.admin(.webhooks).path(query: ["notice": "removed"]))
    }

    private func page(
        _ context: Context, url: String = "", chosen: [String] = [], error: Message? = nil, notice: Message? = nil, secret: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let staff = try newsroom.require(.manageSettings, context)
        let hooks = try await administration.webhooks.webhooks()
        let deliveries = try await administration.webhooks.deliveries(webhookID: nil, limit: 50)
        let catalog = newsroom.catalog(for: staff)
        let model = WebhooksModel(
            admin: try await newsroom.chrome(staff, title: Message("Webhooks"), current: "webhooks", notice: notice.map(catalog.message)),
            hooks: hooks.map { .init(id: $0.id, url: $0.url, events: $0.events.map(\.rawValue).joined(separator: ", "), removeAction: SiteURL.admin(.deleteWebhook(.value($0.id))).path) },
            deliveries: deliveries.map {
                .init(
                    id: $0.id, webhookID: $0.webhookID, event: $0.event, status: $0.status.rawValue, statusLabel: catalog.message($0.status.name),
                    attempts: $0.attempts, outcome: $0.lastStatus.map { "HTTP \($0)" } ?? $0.lastError ?? catalog.message("not yet sent"),
                    created: newsroom.dateTime($0.createdAt)
                )
            },
            events: WebhookEvent.allCases.map { OptionModel(value: $0.rawValue, label: catalog.message($0.name), selected: chosen.contains($0.rawValue)) },
            url: url, error: error.map(catalog.message), newSecret: secret
        )
        return newsroom.views.page(model, .webhooks, status: status)
    }
}
