import Foundation
import Hummingbird

/// `/admin/import`, for administrators: upload a WordPress export, read the dry run's report,
/// then confirm. Each step is a job the nodes run in the background (`ImportJobRunner`), so a
/// large file never holds up a request; the status page shows its progress.
struct ImportController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let jobs: any ImportJobRepository

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.imports.route, use: list)
        group.post(SiteURL.Admin.imports.route, use: upload)
        group.get(SiteURL.Admin.importJob(.key).route, use: show)
        group.post(SiteURL.Admin.confirmImport(.key).route, use: confirm)
    }

    struct JobModel: TemplateModel {
        var job: ImportJob
        var when: String
        var catalog: MessageCatalog

        var stateLabel: String {
            let name = switch job.state {
            case .queued: Message("Waiting to start")
            case .running: Message("Running")
            case .done: Message("Finished")
            case .failed: Message("Stopped")
            }
            return catalog.message(name)
        }

        var kind: String { catalog.message(job.dryRun ? Message("Dry run") : Message("Import")) }

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "url": .value(SiteURL.admin(.importJob(.value(job.id))).path)
            case "confirmAction": .value(SiteURL.admin(.confirmImport(.value(job.id))).path)
            case "fileName": .value(job.fileName)
            case "kind": .value(kind)
            case "state": .value(job.state.rawValue)
            case "stateLabel": .value(stateLabel)
            case "isWorking": .value(job.state == .queued || job.state == .running)
            case "canConfirm": .value(job.dryRun && job.state == .done)
            case "done": .value(job.done)
            case "total": .value(job.total)
            case "percent": .value(job.total > 0 ? min(100, job.done * 100 / job.total) : 0)
            case "report": .value(job.report)
            case "requestedBy": .value(job.requestedBy)
            case "when": .value(when)
            default: .unknown
            }
        }
    }

    struct ListModel: AdminPageModel {
        var admin: AdminChrome
        var jobs: [JobModel]
        var error: String?
        var limitMB: Int

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "jobs": .value(jobs)
            case "hasJobs": .value(!jobs.isEmpty)
            case "error": .value(error)
            case "limitMB": .value(limitMB)
            default: .unknown
            }
        }
    }

    struct JobPageModel: AdminPageModel {
        var admin: AdminChrome
        var job: JobModel

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "job": .value(job)
            default: .unknown
            }
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        try await listPage(context)
    }

    private func listPage(_ context: Context, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let staff = try newsroom.require(.manageSettings, context)
        let catalog = newsroom.catalog(for: staff)
        let recent = try await jobs.recent(limit: 20).map { JobModel(job: $0, when: newsroom.dateTime($0.createdAt), catalog: catalog) }
        let model = ListModel(
            admin: try await newsroom.chrome(staff, title: Message("Import from WordPress"), current: "import"), jobs: recent, error: error,
            limitMB: AdminSessionMiddleware<Context>.importLimit / 1_048_576)
        return newsroom.views.page(model, .imports, status: status)
    }

    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageSettings, context)
        guard let file = (context.form ?? FormFields()).files["file"], !file.data.isEmpty else {
            let error = newsroom.catalog(for: staff).message("Choose the .xml file WordPress’s Tools → Export wrote.")
            return try await listPage(context, error: error, status: .unprocessableContent)
        }
        // A file that isn't an export is refused here, in a line, before it is queued.
        if let problem = WXR.Reader.prologProblem(file.data.prefix(WXR.Reader.openingLength)) {
            return try await listPage(context, error: "\(file.filename): \(problem.reason)", status: .unprocessableContent)
        }
        let id = try await jobs.queue(fileName: String(file.filename.prefix(255)), file: file.data, dryRun: true, by: staff.user.name, at: Date())
        return adminRedirect(SiteURL.admin(.importJob(.value(id))).path)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageSettings, context)
        guard let id = context.parameters.get("id", as: Int64.self), let job = try await jobs.job(id: id) else { throw HTTPError(.notFound) }
        let catalog = newsroom.catalog(for: staff)
        let model = JobModel(job: job, when: newsroom.dateTime(job.createdAt), catalog: catalog)
        let page = JobPageModel(
            admin: try await newsroom.chrome(staff, title: catalog.message("{kind} of {fileName}", ["kind": model.kind, "fileName": job.fileName]), current: "import"),
            job: model)
        return newsroom.views.page(page, .importJob)
    }

    @Sendable func confirm(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.manageSettings, context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
        guard let next = try await jobs.confirm(id, by: staff.user.name, at: Date()) else {
            throw HTTPError(.conflict, Message("Only a finished dry run can be imported."))
        }
        return adminRedirect(SiteURL.admin(.importJob(.value(next))).path)
    }
}
