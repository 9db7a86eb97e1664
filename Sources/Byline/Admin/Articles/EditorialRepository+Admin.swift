import Hummingbird

extension EditorialRepository {
    /// The article a route's `:id` names; a 404 page when there is none.
    func editable(_ parameters: Parameters) async throws -> EditableArticle {
        guard let id = parameters.get("id", as: Int64.self), let editable = try await editable(id: id) else {
            throw HTTPError(.notFound, Message("There is no such article: it may have been deleted."))
        }
        return editable
    }
}
