import Foundation

/// Finds every message the interface shows, for `byline messages` (`make messages`), which
/// writes the `.pot` template translators start from and brings each catalog up to date, and
/// for the test that fails when a shipped catalog lacks one.
///
/// Messages are found where they are written: `{{#t}}…{{/t}}` in templates, and in Swift
/// `Message("…")`, `.message("…")` and `.plural("…", "…")` with literal text. A message
/// built by interpolation could not be translated, so it is refused with its place.
public struct MessageExtractor {
    public struct Found: Equatable, Sendable {
        public var id: String
        public var plural: String?
        public var context: String?
        /// `path:line` of each use, relative to the source root.
        public var references: [String]
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// The folders searched, relative to the source root.
    static let templateFolders = ["Resources/Themes/default/templates", "Resources/Admin/templates"]
    static let swiftFolders = ["Sources/Byline"]

    public let root: URL

    public init(root: URL) { self.root = root }

    /// Every message, in the order of first use, so the `.pot` changes little between runs.
    public func messages() throws(Problem) -> [Found] {
        var found: [Found] = []
        var index: [String: Int] = [:]
        func add(_ id: String, plural: String? = nil, context: String? = nil, at reference: String) {
            let key = (context.map { $0 + "\u{4}" } ?? "") + id
            if let existing = index[key] {
                if !found[existing].references.contains(reference) { found[existing].references.append(reference) }
                if found[existing].plural == nil { found[existing].plural = plural }
            } else {
                index[key] = found.count
                found.append(Found(id: id, plural: plural, context: context, references: [reference]))
            }
        }
        for folder in Self.templateFolders {
            for path in try files(in: folder, ending: ".mustache") {
                let source = try read(path)
                let uses: [TemplateTranslation.Use]
                do {
                    uses = try TemplateTranslation.uses(in: source)
                } catch {
                    throw Problem(description: "\(path):\(error.line): \(error.message)")
                }
                for use in uses { add(use.id, at: "\(path):\(use.line)") }
            }
        }
        for folder in Self.swiftFolders {
            for path in try files(in: folder, ending: ".swift") {
                for use in try Self.swiftUses(in: try read(path), path: path) {
                    add(use.id, plural: use.plural, context: use.context, at: use.reference)
                }
            }
        }
        return found
    }

    private static let literal = #""((?:[^"\\\n]|\\.)*)""#
    // Built per call: a Regex is not Sendable, so it cannot be a shared constant.
    private static var swiftPatterns: [(kind: String, regex: Regex<AnyRegexOutput>)] {
        [
            ("message", try! Regex(#"\bMessage\(\s*"# + literal)),
            ("message", try! Regex(#"\.message\(\s*"# + literal + #"(?:\s*,\s*context:\s*"# + literal + ")?")),
            ("plural", try! Regex(#"\.plural\(\s*"# + literal + #"\s*,\s*"# + literal + #"(?:\s*,\s*count:[^,)]*)?(?:\s*,\s*context:\s*"# + literal + ")?")),
        ]
    }

    struct SwiftUse {
        var id: String
        var plural: String?
        var context: String?
        var reference: String
    }

    static func swiftUses(in source: String, path: String) throws(Problem) -> [SwiftUse] {
        var uses: [(offset: Int, use: SwiftUse)] = []
        for (kind, regex) in swiftPatterns {
            for match in source.matches(of: regex) {
                let before = source[..<match.range.lowerBound]
                // A comment may show how a message is written; only code uses one.
                let lineStart = before.lastIndex(of: "\n").map(source.index(after:)) ?? source.startIndex
                if source[lineStart..<match.range.lowerBound].contains("//") { continue }
                let line = before.count { $0 == "\n" } + 1
                let reference = "\(path):\(line)"
                let strings = match.output.dropFirst().map { $0.substring.map(String.init) }
                var texts: [String?] = []
                for string in strings {
                    guard let string else { texts.append(nil); continue }
                    if string.contains("\\(") {
                        throw Problem(description: "\(reference): a message is built by interpolation, which no catalog could translate; name the changing part as a placeholder, Message(\"Reply to {name}\", [\"name\": name])")
                    }
                    texts.append(unescaped(string))
                }
                let use = kind == "plural"
                    ? SwiftUse(id: texts[0] ?? "", plural: texts[1], context: texts[2], reference: reference)
                    : SwiftUse(id: texts[0] ?? "", context: texts.count > 1 ? texts[1] : nil, reference: reference)
                uses.append((source.utf8.distance(from: source.startIndex, to: match.range.lowerBound), use))
            }
        }
        return uses.sorted { $0.offset < $1.offset }.map(\.use)
    }

    private static func unescaped(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    private func files(in folder: String, ending: String) throws(Problem) -> [String] {
        let directory = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else {
            throw Problem(description: "\(directory.path) is missing: run this from a Byline checkout, or give its folder with --root")
        }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(ending) }.sorted().map { folder + "/" + $0 }
    }

    private func read(_ path: String) throws(Problem) -> String {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path), let text = String(data: data, encoding: .utf8) else {
            throw Problem(description: "\(path) cannot be read as UTF-8")
        }
        return text
    }
}
