import Foundation
import Hummingbird

/// `/admin/users`: accounts and roles, for administrators. The same rules as `byline users`.
struct UsersController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let administration: UserAdministration

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.users.route, use: list)
        group.post(SiteURL.Admin.users.route, use: create)
        group.post(SiteURL.Admin.userRole(.key).route, use: setRole)
    }

    struct UserRow: TemplateModel {
        var id: Int64
        var name: String
        var email: String
        var roles: [OptionModel]
        var isYou: Bool
        var created: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "id": .value(id)
            case "roleAction": .value(SiteURL.admin(.userRole(.value(id))).path)
            case "name": .value(name)
            case "email": .value(email)
            case "roles": .value(roles)
            case "isYou": .value(isYou)
            case "created": .value(created)
            default: .unknown
            }
        }
    }

    struct UsersModel: AdminPageModel {
        var admin: AdminChrome
        var rows: [UserRow]
        var roles: [OptionModel]
        var name: String
        var email: String
        var error: String?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "rows": .value(rows)
            case "roles": .value(roles)
            case "name": .value(name)
            case "email": .value(email)
            case "error": .value(error)
            default: .unknown
            }
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let notice = request.uri.queryParameters.get("notice").map {
            $0 == "created" ? Message("Account created. Send its password to its owner in person or by phone.") : Message("Role changed.")
        }
        return try await page(context, notice: notice)
    }

    private func page(
        _ context: Context, name: String = "", email: String = "", role: Role = .contributor, error: Message? = nil, notice: Message? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let staff = try newsroom.require(.manageUsers, context)
        let catalog = newsroom.catalog(for: staff)
        let rows = try await administration.list().map { user in
            UserRow(
                id: user.id, name: user.name, email: user.email,
                roles: Role.allCases.map { OptionModel(value: $0.rawValue, label: catalog.message($0.name), selected: $0 == user.role) },
                isYou: user.id == staff.user.id, created: newsroom.dateTime(user.createdAt)
            )
        }
        let model = UsersModel(
            admin: try await newsroom.chrome(staff, title: Message("Users"), current: "users", notice: notice.map(catalog.message)), rows: rows,
            roles: Role.allCases.map { OptionModel(value: $0.rawValue, label: catalog.message($0.name), selected: $0 == role) }, name: name, email: email,
            error: error.map(catalog.message)
        )
        return newsroom.views.page(model, .users, status: status)
    }

    struct NewAccountForm: Decodable {
        var email: String?
        var name: String?
        var role: Role?
        var password: String?
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.manageUsers, context)
        let form = try (context.form ?? FormFields()).decode(NewAccountForm.self)
        let role = form.role ?? .contributor
        do {
            _ = try await administration.create(email: form.email ?? "", name: form.name ?? "", role: role, password: form.password ?? "")
        } catch let problem as UserAdministration.Problem {
            let message = problem.description.prefix(1).uppercased() + problem.description.dropFirst() + "."
            return try await page(context, name: form.name ?? "", email: form.email ?? "", role: role, error: Message.verbatim(message), status: .unprocessableContent)
        }
        return adminRedirect(SiteURL.admin(.users).path(query: ["notice": "created"]))
    }

    struct RoleForm: Decodable {
        var role: Role?
    }

    @Sendable func setRole(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageUsers, context)
        guard let id = context.parameters.get("id", as: Int64.self), let user = try await administration.users.user(id: id) else {
            throw HTTPError(.notFound)
        }
        guard let role = try (context.form ?? FormFields()).decode(RoleForm.self).role else { throw HTTPError(.badRequest, Message("Choose a role.")) }
        // An administrator demoting themselves could leave the site with none.
        guard user.id != staff.user.id else {
            return try await page(context, error: Message("You can’t change your own role. Ask another administrator."), status: .unprocessableContent)
        }
        try await administration.setRole(role, email: user.email)
        return adminRedirect(SiteURL.admin(.users).path(query: ["notice": "role"]))
    }
}
