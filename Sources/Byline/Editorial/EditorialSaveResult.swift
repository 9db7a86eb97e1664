import Foundation

public enum EditorialSaveResult: Sendable, Hashable {
    case saved(id: Int64, version: Int)
    /// Someone saved since the editor opened it; nothing was written.
    case conflict(current: EditableArticle)
    /// The article was deleted meanwhile.
    case missing
}
