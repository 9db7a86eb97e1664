import Foundation
import Hummingbird

/// `/admin/media`: the image library. Everyone may browse it and pick from it; authors and
/// up upload; editors delete, and never an image an article still shows.
struct MediaController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let library: MediaLibrary

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.media.route, use: list)
        group.post(SiteURL.Admin.media.route, use: upload)
        group.get(SiteURL.Admin.mediaItem(.key).route, use: show)
        group.post(SiteURL.Admin.mediaItem(.key).route, use: update)
        group.post(SiteURL.Admin.deleteMedia(.key).route, use: delete)
    }

    struct ItemModel: TemplateModel {
        var id: Int64
        var url: String
        var detailURL: String
        var width: Int
        var height: Int
        var size: String
        var alt: String
        var caption: String
        var credit: String
        var originalName: String
        var uploaded: String

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "id": .value(id)
            case "url": .value(url)
            case "detailURL": .value(detailURL)
            case "width": .value(width)
            case "height": .value(height)
            case "size": .value(size)
            case "alt": .value(alt)
            case "caption": .value(caption)
            case "credit": .value(credit)
            case "originalName": .value(originalName)
            case "uploaded": .value(uploaded)
            default: .unknown
            }
        }
    }

    struct DetailModel: TemplateModel {
        var item: ItemModel
        var usedBy: [String]
        var canEdit: Bool
        var canDelete: Bool

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "item": .value(item)
            case "usedBy": .value(usedBy)
            case "isUsed": .value(!usedBy.isEmpty)
            case "canEdit": .value(canEdit)
            case "canDelete": .value(canDelete)
            default: .unknown
            }
        }
    }

    struct LibraryModel: AdminPageModel {
        var admin: AdminChrome
        var query: String
        var items: [ItemModel]
        var canUpload: Bool
        var maxSize: String
        var error: String?
        var alt: String
        var caption: String
        var credit: String
        var detail: DetailModel?
        var pagination: PaginationModel?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "query": .value(query)
            case "hasQuery": .value(!query.isEmpty)
            case "items": .value(items)
            case "isEmpty": .value(items.isEmpty)
            case "canUpload": .value(canUpload)
            case "maxSize": .value(maxSize)
            case "error": .value(error)
            case "alt": .value(alt)
            case "caption": .value(caption)
            case "credit": .value(credit)
            case "detail": .value(detail)
            case "pagination": .value(pagination)
            default: .unknown
            }
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        try await library(request, context: context)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self), let item = try await library.media.item(id: id) else {
            throw HTTPError(.notFound, Message("There is no such image in the library."))
        }
        return try await library(request, context: context, detail: item)
    }

    /// What describes an image, given when it is uploaded and edited afterwards.
    struct DescriptionForm: Decodable {
        var alt: String?
        var caption: String?
        var credit: String?

        var trimmed: (alt: String, caption: String, credit: String) {
            func clean(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
            return (clean(alt), clean(caption), clean(credit))
        }
    }

    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        let staff = try newsroom.require(.uploadMedia, context)
        let fields = context.form ?? FormFields()
        let form = try fields.decode(DescriptionForm.self)
        let (alt, caption, credit) = (form.alt ?? "", form.caption ?? "", form.credit ?? "")
        guard let file = fields.files["file"] else {
            return try await library(request, context: context, error: Message("Choose an image file to upload."), typed: (alt, caption, credit), status: .unprocessableContent)
        }
        do {
            let item = try await library.upload(file.data, originalName: file.filename, alt: alt, caption: caption, credit: credit, by: staff.user.id)
            return adminRedirect(SiteURL.admin(.mediaItem(.value(item.id))).path(query: ["notice": "uploaded"]))
        } catch let problem as MediaLibrary.UploadProblem {
            let status: HTTPResponse.Status = file.data.count > library.maxBytes ? .contentTooLarge : .unprocessableContent
            return try await library(request, context: context, error: Message.verbatim(problem.description), typed: (alt, caption, credit), status: status)
        }
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.uploadMedia, context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
        let description = try (context.form ?? FormFields()).decode(DescriptionForm.self).trimmed
        guard try await library.media.update(id: id, alt: description.alt, caption: description.caption, credit: description.credit) else {
            throw HTTPError(.notFound)
        }
        return adminRedirect(SiteURL.admin(.mediaItem(.value(id))).path(query: ["notice": "saved"]))
    }

    @Sendable func delete(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.deleteMedia, context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
        switch try await library.delete(id: id) {
        case .deleted:
            return adminRedirect(SiteURL.admin(.media).path(query: ["notice": "deleted"]))
        case .missing:
            throw HTTPError(.notFound)
        case .inUse(let headlines):
            throw HTTPError(
                .conflict,
                message: "This image is still used by \(headlines.count == 1 ? "an article" : "\(headlines.count) articles"): “\(headlines.prefix(5).joined(separator: "”, “"))”. Replace it there first."
            )
        }
    }

    private func library(
        _ request: Request, context: Context, detail: MediaItem? = nil, error: Message? = nil, typed: (String, String, String) = ("", "", ""),
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let staff = try newsroom.staff(context)
        let query = String((request.formQuery["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
        guard let number = request.pageNumber else { throw HTTPError(.notFound) }
        let page = try await library.media.items(query: query.isEmpty ? nil : query, page: PageRequest(number: number, size: 24))
        var detailModel: DetailModel?
        if let detail {
            let usedBy = try await library.media.usage(fileName: detail.fileName)
            detailModel = DetailModel(
                item: model(detail), usedBy: usedBy, canEdit: staff.user.may(.uploadMedia),
                canDelete: staff.user.may(.deleteMedia)
            )
        }
        let notice: Message? = switch request.uri.queryParameters.get("notice") {
        case "uploaded": Message("Uploaded. It is in the library, ready to use.")
        case "saved": Message("Saved.")
        case "deleted": Message("The image was deleted.")
        default: nil
        }
        let catalog = newsroom.catalog(for: staff)
        let model = LibraryModel(
            admin: try await newsroom.chrome(staff, title: Message("Media"), current: "media", notice: notice.map(catalog.message)), query: query,
            items: page.items.map(model), canUpload: staff.user.may(.uploadMedia),
            maxSize: MediaLibrary.megabytes(library.maxBytes), error: error.map(catalog.message), alt: typed.0, caption: typed.1, credit: typed.2, detail: detailModel,
            pagination: PaginationModel.of(page) { SiteURL.admin(.media).path(query: ["q": query.isEmpty ? nil : query, "page": $0]) }
        )
        return newsroom.views.page(model, .media, status: status)
    }

    private func model(_ item: MediaItem) -> ItemModel {
        ItemModel(
            id: item.id, url: item.url, detailURL: SiteURL.admin(.mediaItem(.value(item.id))).path, width: item.width, height: item.height,
            size: MediaLibrary.megabytes(item.byteCount), alt: item.alt, caption: item.caption, credit: item.credit, originalName: item.originalName,
            uploaded: newsroom.dateTime(item.createdAt)
        )
    }
}
