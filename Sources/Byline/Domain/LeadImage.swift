/// The photo at the top of an article. Alt text is mandatory: an image without it is
/// invisible to screen-reader users and is refused at import and at publication.
public struct LeadImage: Sendable, Hashable, Codable {
    /// Site-relative path (`/assets/…`) or absolute http(s) URL.
    public var src: String
    public var width: Int
    public var height: Int
    public var alt: String
    public var caption: String?
    /// The photographer or agency, printed after the caption.
    public var credit: String?

    public init(src: String, width: Int, height: Int, alt: String, caption: String? = nil, credit: String? = nil) {
        self.src = src
        self.width = width
        self.height = height
        self.alt = alt
        self.caption = caption
        self.credit = credit
    }
}
