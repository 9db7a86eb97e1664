/// A person credited in bylines, with a public author page.
public struct Author: Sendable, Hashable, Codable {
    public var id: Int64
    public var slug: String
    public var name: String
    public var bio: String

    public init(id: Int64, slug: String, name: String, bio: String = "") {
        self.id = id
        self.slug = slug
        self.name = name
        self.bio = bio
    }
}
