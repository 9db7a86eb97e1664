import Foundation
import Hummingbird

/// `/admin/sections` and `/admin/tags`: create and rename sections, rename and merge tags.
/// A renamed slug keeps redirecting, so links already shared keep working.
struct TaxonomyController<Context: StaffRequestContext>: Sendable {
    let newsroom: Newsroom
    let taxonomy: any TaxonomyRepository

    func add(to group: RouterGroup<Context>) {
        group.get(SiteURL.Admin.sections.route, use: sections)
        group.post(SiteURL.Admin.sections.route, use: createSection)
        group.post(SiteURL.Admin.section(.key).route, use: updateSection)
        group.get(SiteURL.Admin.tags.route, use: tags)
        group.post(SiteURL.Admin.tag(.key).route, use: renameTag)
        group.post(SiteURL.Admin.mergeTag(.key).route, use: mergeTag)
    }

    struct SectionRow: TemplateModel {
        var id: Int64
        var name: String
        var slug: String
        var description: String
        var url: String
        var error: String?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "id": .value(id)
            case "updateAction": .value(SiteURL.admin(.section(.value(id))).path)
            case "name": .value(name)
            case "slug": .value(slug)
            case "description": .value(description)
            case "url": .value(url)
            case "error": .value(error)
            default: .unknown
            }
        }
    }

    struct SectionsModel: AdminPageModel {
        var admin: AdminChrome
        var rows: [SectionRow]
        var newName: String
        var newSlug: String
        var newDescription: String
        var newError: String?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "rows": .value(rows)
            case "newName": .value(newName)
            case "newSlug": .value(newSlug)
            case "newDescription": .value(newDescription)
            case "newError": .value(newError)
            default: .unknown
            }
        }
    }

    @Sendable func sections(_ request: Request, context: Context) async throws -> Response {
        try await sectionsPage(context, notice: Self.notice(request))
    }

    private func sectionsPage(
        _ context: Context, errors: [Int64: Message] = [:], typed: [Int64: (String, String, String)] = [:], new: (String, String, String) = ("", "", ""),
        newError: Message? = nil, notice: Message? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let staff = try newsroom.require(.manageTaxonomy, context)
        let catalog = newsroom.catalog(for: staff)
        let rows = try await taxonomy.sections().map { section in
            let values = typed[section.id] ?? (section.name, section.slug, section.description)
            return SectionRow(
                id: section.id, name: values.0, slug: values.1, description: values.2, url: SiteURL.section(slug: section.slug).path,
                error: errors[section.id].map(catalog.message)
            )
        }
        let model = SectionsModel(
            admin: try await newsroom.chrome(staff, title: Message("Sections"), current: "sections", notice: notice.map(catalog.message)), rows: rows,
            newName: new.0, newSlug: new.1, newDescription: new.2, newError: newError.map(catalog.message)
        )
        return newsroom.views.page(model, .sections, status: status)
    }

    /// A section's or a tag's name, slug (made from the name when left empty) and description.
    struct NameForm: Decodable {
        var name: String?
        var slug: String?
        var description: String?
        /// The tag another is merged into.
        var into: String?

        var trimmedName: String { (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

        var resolvedSlug: String {
            let typed = (slug ?? "").trimmingCharacters(in: .whitespaces)
            return typed.isEmpty ? Slug.make(from: trimmedName) : typed
        }
    }

    /// The name and slug a form gives a section, or why they can't be used.
    static func sectionValues(_ fields: FormFields) throws -> (name: String, slug: String, description: String, problem: Message?) {
        let form = try fields.decode(NameForm.self)
        let name = form.trimmedName
        let slug = form.resolvedSlug
        let description = (form.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let problem: Message? = if name.isEmpty || name.count > 60 {
            Message("Give the section a name of 1 to 60 characters.")
        } else if !Slug.isValid(slug) {
            Message("Use a slug of lowercase letters, digits and single hyphens, such as “{example}”.", ["example": Slug.make(from: name).isEmpty ? "world" : Slug.make(from: name)])
        } else if Section.reservedSlugs.contains(slug) {
            Message("“{slug}” is an address the site already uses; choose another slug.", ["slug": slug])
        } else if description.count > 500 {
            Message("Keep the description under 500 characters.")
        } else {
            nil
        }
        return (name, slug, description, problem)
    }

    @Sendable func createSection(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.manageTaxonomy, context)
        let values = try Self.sectionValues(context.form ?? FormFields())
        if let problem = values.problem {
            return try await sectionsPage(context, new: (values.name, values.slug, values.description), newError: problem, status: .unprocessableContent)
        }
        do {
            _ = try await taxonomy.createSection(slug: values.slug, name: values.name, description: values.description)
        } catch StorageError.slugTaken {
            return try await sectionsPage(
                context, new: (values.name, values.slug, values.description), newError: Message("Another section already uses the slug “{slug}”.", ["slug": values.slug]),
                status: .conflict
            )
        } catch StorageError.pathTaken(let path, let holder) {
            return try await sectionsPage(
                context, new: (values.name, values.slug, values.description), newError: Message("The address {path} is already {holder}; choose another slug.", ["path": path, "holder": holder]),
                status: .conflict
            )
        }
        return adminRedirect(SiteURL.admin(.sections).path(query: ["notice": "created"]))
    }

    @Sendable func updateSection(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.manageTaxonomy, context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
        let values = try Self.sectionValues(context.form ?? FormFields())
        let typed = [id: (values.name, values.slug, values.description)]
        if let problem = values.problem {
            return try await sectionsPage(context, errors: [id: problem], typed: typed, status: .unprocessableContent)
        }
        do {
            guard try await taxonomy.updateSection(id: id, slug: values.slug, name: values.name, description: values.description)
            else { throw HTTPError(.notFound) }
        } catch StorageError.slugTaken {
            return try await sectionsPage(context, errors: [id: Message("Another section already uses the slug “{slug}”.", ["slug": values.slug])], typed: typed, status: .conflict)
        } catch StorageError.pathTaken(let path, let holder) {
            return try await sectionsPage(context, errors: [id: Message("The address {path} is already {holder}; choose another slug.", ["path": path, "holder": holder])], typed: typed, status: .conflict)
        }
        return adminRedirect(SiteURL.admin(.sections).path(query: ["notice": "saved"]))
    }

    struct TagRow: TemplateModel {
        var id: Int64
        var name: String
        var slug: String
        var count: Int
        var url: String
        var error: String?

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "id": .value(id)
            case "renameAction": .value(SiteURL.admin(.tag(.value(id))).path)
            case "mergeAction": .value(SiteURL.admin(.mergeTag(.value(id))).path)
            case "name": .value(name)
            case "slug": .value(slug)
            case "count": .value(count)
            case "url": .value(url)
            case "error": .value(error)
            default: .unknown
            }
        }
    }

    struct TagsModel: AdminPageModel {
        var admin: AdminChrome
        var rows: [TagRow]
        var names: [String]

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "admin": .value(admin)
            case "rows": .value(rows)
            case "names": .value(names)
            case "isEmpty": .value(rows.isEmpty)
            default: .unknown
            }
        }
    }

    @Sendable func tags(_ request: Request, context: Context) async throws -> Response {
        try await tagsPage(context, notice: Self.notice(request))
    }

    private func tagsPage(
        _ context: Context, errors: [Int64: Message] = [:], typed: [Int64: (String, String)] = [:], notice: Message? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let staff = try newsroom.require(.manageTaxonomy, context)
        let catalog = newsroom.catalog(for: staff)
        let tags = try await taxonomy.tags()
        let rows = tags.map { usage in
            let values = typed[usage.tag.id] ?? (usage.tag.name, usage.tag.slug)
            return TagRow(
                id: usage.tag.id, name: values.0, slug: values.1, count: usage.articleCount, url: SiteURL.tag(slug: usage.tag.slug).path,
                error: errors[usage.tag.id].map(catalog.message)
            )
        }
        let model = TagsModel(admin: try await newsroom.chrome(staff, title: Message("Tags"), current: "tags", notice: notice.map(catalog.message)), rows: rows,
            names: tags.map(\.tag.name))
        return newsroom.views.page(model, .tags, status: status)
    }

    @Sendable func renameTag(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.manageTaxonomy, context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
        let form = try (context.form ?? FormFields()).decode(NameForm.self)
        let (name, slug) = (form.trimmedName, form.resolvedSlug)
        let typed = [id: (name, slug)]
        guard !name.isEmpty, name.count <= 100, Slug.isValid(slug) else {
            return try await tagsPage(
                context, errors: [id: Message("Give a name of 1 to 100 characters and a slug of lowercase letters, digits and hyphens.")], typed: typed,
                status: .unprocessableContent
            )
        }
        do {
            guard try await taxonomy.renameTag(id: id, slug: slug, name: name) else { throw HTTPError(.notFound) }
        } catch StorageError.slugTaken {
            return try await tagsPage(
                context, errors: [id: Message("Another tag already uses the slug “{slug}”. To combine them, merge this tag into it.", ["slug": slug])], typed: typed,
                status: .conflict
            )
        }
        return adminRedirect(SiteURL.admin(.tags).path(query: ["notice": "renamed"]))
    }

    @Sendable func mergeTag(_ request: Request, context: Context) async throws -> Response {
        try newsroom.require(.manageTaxonomy, context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
        let into = (try (context.form ?? FormFields()).decode(NameForm.self).into ?? "").trimmingCharacters(in: .whitespaces)
        guard let target = try await taxonomy.tag(slug: Slug.make(from: into))?.id, target != id else {
            return try await tagsPage(context, errors: [id: Message("Type the name of another existing tag to merge this one into.")], status: .unprocessableContent)
        }
        guard try await taxonomy.mergeTag(id: id, into: target) else { throw HTTPError(.notFound) }
        return adminRedirect(SiteURL.admin(.tags).path(query: ["notice": "merged"]))
    }

    static func notice(_ request: Request) -> Message? {
        switch request.uri.queryParameters.get("notice") {
        case "created": Message("Section created.")
        case "saved": Message("Saved. The old address redirects to the new one.")
        case "renamed": Message("Tag renamed. The old address redirects to the new one.")
        case "merged": Message("Tags merged. Articles now carry the remaining tag, and the old address redirects to it.")
        default: nil
        }
    }
}
