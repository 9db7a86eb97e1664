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

    public init(_ id: String, _ texts: [String: String] = [:], numbers: [String: Int] = [:]) {
        self.id = id
        self.texts = texts
        self.numbers = numbers
    }

    /// The message in English, for logs and for APIs, whose errors are read by developers.
    public var description: String { MessageCatalog.source.message(self) }
}
