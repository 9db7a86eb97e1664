/// A sentence for a person, kept in its source (English) form until it is shown, so that the
/// layer that finds a problem need not know the language of the page that reports it.
///
/// `make messages` finds every `Message("…")` in the sources by its literal, so the text must
/// be a literal and its changing parts named placeholders: `{limit}`, not interpolation.
public struct Message: Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public let texts: [String: String]
    /// Numbers are written as the language writes them, so they stay numbers until then.
    public let numbers: [String: Int]
    /// Words that came as text, not from the catalogs: shown as they are, never looked up.
    public let isVerbatim: Bool

    public init(_ id: String, _ texts: [String: String] = [:], numbers: [String: Int] = [:]) {
        self.id = id
        self.texts = texts
        self.numbers = numbers
        isVerbatim = false
    }

    private init(verbatim text: String) {
        id = text
        texts = [:]
        numbers = [:]
        isVerbatim = true
    }

    /// A detail another layer wrote in English (a storage rule's reason, an upload's problem),
    /// for a place that takes messages. Looking it up would log every such text as a missing
    /// translation, and remember each one.
    public static func verbatim(_ text: String) -> Message { Message(verbatim: text) }

    /// The message in English, for logs and for APIs, whose errors are read by developers.
    public var description: String { MessageCatalog.source.message(self) }
}
