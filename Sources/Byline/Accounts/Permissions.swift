/// What a newsroom member may do, decided in one place so that every admin route and
/// every button the admin shows follow the same rules. WordPress's capabilities, simplified.
public enum NewsroomAction: Sendable, Hashable {
    case writeDrafts
    /// Open an article in the editor and save it.
    case editArticle(ownerID: Int64?, status: EditorialStatus)
    /// Publish, schedule, unpublish, and add corrections.
    case publishArticle(ownerID: Int64?)
    case deleteArticle(ownerID: Int64?, status: EditorialStatus)
    case uploadMedia
    case deleteMedia
    case moderateComments
    case manageTaxonomy
    /// Write, publish and arrange the standing pages (About us, the policies) and the footer menu.
    case managePages
    /// Send agency copy in (`POST /api/v1/wire`): it may publish, by a source's policy.
    case ingestWire
    case manageUsers
    case manageSettings
}

extension User {
    public func may(_ action: NewsroomAction) -> Bool {
        let owns = { (owner: Int64?) in owner == self.id }
        switch action {
        case .writeDrafts:
            return true
        case .editArticle(let owner, let status):
            switch role {
            case .contributor: return owns(owner) && status == .draft
            case .author: return owns(owner)
            case .editor, .admin: return true
            }
        case .publishArticle(let owner):
            switch role {
            case .contributor: return false
            case .author: return owns(owner)
            case .editor, .admin: return true
            }
        case .deleteArticle(let owner, let status):
            switch role {
            case .contributor: return owns(owner) && status == .draft
            case .author: return owns(owner)
            case .editor, .admin: return true
            }
        case .uploadMedia:
            return role >= .author
        case .deleteMedia, .moderateComments, .manageTaxonomy, .managePages, .ingestWire:
            return role >= .editor
        case .manageUsers, .manageSettings:
            return role == .admin
        }
    }
}
