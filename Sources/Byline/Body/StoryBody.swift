/// A story's body as every consumer reads it: the page, feeds, JSON-LD, the search index,
/// the word count, the editor's preview and the Content API. It is parsed once from the
/// stored Markdown (`StoryBody.parse`), and nothing else parses Markdown or strips tags.
public struct StoryBody: Sendable, Hashable {
    public var blocks: [Block]

    public init(blocks: [Block]) { self.blocks = blocks }

    public indirect enum Block: Sendable, Hashable {
        case paragraph([Inline])
        case heading(level: Int, [Inline])
        case list(ListStyle, tight: Bool, items: [[Block]])
        case quote([Block])
        case code(language: String?, text: String)
        /// HTML typed into the body: shown as the text it is, never as markup.
        case html(String)
        case rule
        case table(Table)
        /// An image alone in its paragraph, with the `Caption:` and `Credit:` lines under it.
        case figure(Figure)
        /// `> [!pullquote]`: a quotation set apart, with its `— Source` line.
        case pullQuote([Block], source: [Inline])
        /// `> [!factbox] Title`: background set beside the story.
        case factBox(title: [Inline], [Block])
        /// A link to a video or social post alone on its line, shown as a card: no third-party
        /// script, nothing loaded from elsewhere.
        case embed(Embed)
        /// `> [!gallery]`: pictures shown together, each a figure with its own caption.
        case gallery([Figure])
    }

    public struct Figure: Sendable, Hashable {
        public var url: String
        public var alt: String
        public var title: String?
        public var caption: [Inline]
        public var credit: [Inline]
    }

    public struct Embed: Sendable, Hashable {
        public var url: String
        /// YouTube, Vimeo, X, Instagram…
        public var provider: String
        /// The link's own text when it was given one, else nil.
        public var title: [Inline]?
        /// An image from the site's own media library put inside the link. A picture from the
        /// provider's servers would tell them who reads the story, so only site paths count.
        public var thumbnail: Thumbnail?

        public struct Thumbnail: Sendable, Hashable {
            public var url: String
            public var alt: String
        }
    }

    public enum ListStyle: Sendable, Hashable {
        case bullets
        case numbers(start: Int, delimiter: Character)
    }

    public struct Table: Sendable, Hashable {
        public enum Alignment: Sendable, Hashable { case none, left, center, right }

        public var alignments: [Alignment]
        public var header: [[Inline]]
        public var rows: [[[Inline]]]
    }

    public indirect enum Inline: Sendable, Hashable {
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        /// Inline HTML typed into the body, shown as text.
        case html(String)
        case emphasis([Inline])
        case strong([Inline])
        case strikethrough([Inline])
        case link(url: String, title: String?, [Inline])
        case image(url: String, title: String?, alt: [Inline])
    }
}
