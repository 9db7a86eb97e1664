import Foundation

/// One setting, described once: its flag and environment variable, its default, what it
/// accepts and how that text becomes a value, its help text, and whether (and how) the admin's
/// settings page edits it. The command line's help, `Configuration.resolve`, the stored site
/// settings, the settings page and the README's table are all read from these.
public struct Setting: Sendable, Hashable, CustomStringConvertible {
    /// Where the settings page shows a setting, in this order.
    public enum Group: String, Sendable, CaseIterable {
        case site = "Site"
        case datesAndFeeds = "Dates and feeds"
        case comments = "Comments"
    }

    /// How the settings page edits a value.
    public enum Control: Sendable {
        case text, lines, checkbox
    }

    /// A setting the settings page edits, and so one stored in the database for every node.
    public struct Editable: Sendable {
        public let label: String
        public let group: Group
        public let control: Control
    }

    /// The flag's name without dashes (`site-name`); for a setting only the admin edits, its
    /// form field's and stored key.
    public let key: String
    /// `BYLINE_…`; nil for a setting only the admin edits.
    public let variable: String?
    /// The default as a person reads it; some follow from other settings (`DATA_DIR/…`).
    public let defaultText: String
    /// What is accepted, when it is a range or a choice ("1–10", "full or excerpt").
    public let accepted: String?
    public let help: String
    public let editable: Editable?
    /// A flag that takes no value (`--no-demo`); its variable is set to `1` or `true`.
    public let isSwitch: Bool
    let assign: @Sendable (String, inout Configuration.Draft) throws(Problem) -> Void
    let read: @Sendable (Configuration) -> String

    /// A value's problem, in words that do not name the setting (a form shows it beside the field).
    struct Problem: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    /// `--port / BYLINE_PORT`, as errors name a setting.
    public var description: String { variable.map { "--\(key) / \($0)" } ?? key }
    public var isStartupSetting: Bool { variable != nil }

    /// The help line for `--help`: what it does, what it accepts and its default.
    public var commandLineHelp: String {
        if isSwitch { return help + " (env: \(variable ?? key)=1)" }
        return help + (accepted.map { " (\($0))" } ?? "") + " (env: \(variable ?? key), default: \(defaultText))"
    }

    /// Sets `text` in `draft`, or says what is wrong with it.
    func apply(_ text: String, to draft: inout Configuration.Draft) throws(Configuration.Error) {
        do throws(Problem) {
            try assign(text, &draft)
        } catch {
            throw Configuration.Error(self, error.text)
        }
    }

    /// The value in force in `configuration`, as the settings page shows it.
    public func value(in configuration: Configuration) -> String { read(configuration) }

    public static func == (left: Setting, right: Setting) -> Bool { left.key == right.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}

extension Setting {
    /// How text becomes a typed value and back; its `accepted` is what help and errors say.
    struct Parser<Value>: Sendable {
        let accepted: String?
        let parse: @Sendable (String) throws(Problem) -> Value
        let show: @Sendable (Value) -> String

        /// A whole number in `range`; `noun` names what it counts in an error ("a port number").
        static func integer(_ range: ClosedRange<Int>, noun: String? = nil) -> Parser<Int> where Value == Int {
            Parser<Int>(
                accepted: "\(range.lowerBound)–\(range.upperBound)",
                parse: { text throws(Problem) in
                    guard let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
                        let whole = "a whole number from \(range.lowerBound) to \(range.upperBound)"
                        throw Problem(noun.map { "\"\(text)\" is not \($0); use \(whole)" } ?? "\"\(text)\" is not \(whole)")
                    }
                    return number
                },
                show: { String($0) }
            )
        }

        /// A whole number in `range`, or nothing (empty text) for "never".
        static func optionalInteger(_ range: ClosedRange<Int>) -> Parser<Int?> where Value == Int? {
            let number = Parser<Int>.integer(range)
            return Parser<Int?>(
                accepted: number.accepted,
                parse: { text throws(Problem) in text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try number.parse(text) },
                show: { $0.map(String.init) ?? "" }
            )
        }

        static var boolean: Parser<Bool> {
            Parser<Bool>(
                accepted: "true or false",
                parse: { text throws(Problem) in
                    switch text.lowercased().trimmingCharacters(in: .whitespaces) {
                    case "false", "0", "no", "off": return false
                    case "true", "1", "yes", "on": return true
                    default: throw Problem("\"\(text)\" is not true or false")
                    }
                },
                show: { $0 ? "true" : "false" }
            )
        }

        /// One of a few words, each standing for a value.
        static func choice(_ words: KeyValuePairs<String, Value>) -> Parser<Value> where Value: Equatable & Sendable {
            let pairs = Array(words)
            let list = pairs.map(\.key)
            let accepted = list.count == 1 ? list[0] : list.dropLast().joined(separator: ", ") + " or " + list.last!
            return Parser(
                accepted: accepted,
                parse: { text throws(Problem) in
                    let word = text.lowercased().trimmingCharacters(in: .whitespaces)
                    guard let value = pairs.first(where: { $0.key == word })?.value else { throw Problem("\"\(text)\" is not \(accepted)") }
                    return value
                },
                show: { value in pairs.first { $0.value == value }?.key ?? "" }
            )
        }

        /// A length of time such as `90s`, `30m`, `6h` or `1d`, within `range` seconds.
        static func duration(_ range: ClosedRange<Int>) -> Parser<Duration> where Value == Duration {
            let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
            let spoken: @Sendable (Int) -> String = { seconds in
                for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60)] where seconds % size == 0 { return "\(seconds / size)\(unit)" }
                return "\(seconds)s"
            }
            return Parser<Duration>(
                accepted: "\(spoken(range.lowerBound))–\(spoken(range.upperBound)), a number with s, m, h or d",
                parse: { text throws(Problem) in
                    let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
                    guard let unit = trimmed.last.flatMap({ units[$0] }), let number = Int(trimmed.dropLast()), number > 0,
                        range.contains(number * unit)
                    else {
                        throw Problem("\"\(text)\" is not a length of time from \(spoken(range.lowerBound)) to \(spoken(range.upperBound)), written as a number with s, m, h or d, such as 30s, 10m or 6h")
                    }
                    return .seconds(number * unit)
                },
                show: { spoken(Int($0.components.seconds)) }
            )
        }

        /// Comma-separated addresses and CIDR ranges; with `allowingAll`, the word `all` for
        /// every address of both families.
        static func ipRanges(allowingAll: Bool) -> Parser<[IPRange]> where Value == [IPRange] {
            Parser<[IPRange]>(
                accepted: nil,
                parse: { text throws(Problem) in
                    if allowingAll, text.trimmingCharacters(in: .whitespaces).lowercased() == "all" { return WebhookTargets.allPrivate }
                    var ranges: [IPRange] = []
                    for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
                        guard let range = IPRange(entry) else {
                            throw Problem("\"\(entry)\" is not an IP address or CIDR range such as 10.0.0.0/8\(allowingAll ? ", or all" : "")")
                        }
                        ranges.append(range)
                    }
                    return ranges
                },
                show: { ranges in allowingAll && ranges == WebhookTargets.allPrivate ? "all" : ranges.map(\.description).joined(separator: ", ") }
            )
        }

        /// Free text, checked and normalised by `check`.
        static func text(_ check: @escaping @Sendable (String) throws(Problem) -> Value, show: @escaping @Sendable (Value) -> String) -> Parser<Value> {
            Parser(accepted: nil, parse: check, show: show)
        }
    }

    /// A setting stored at `path` of the configuration being resolved.
    static func make<Value>(
        _ key: String, _ variable: String?, default defaultText: String, _ help: String, editable: Editable? = nil,
        isSwitch: Bool = false, parser: Parser<Value>, at path: WritableKeyPath<Configuration.Draft, Value> & Sendable
    ) -> Setting {
        Setting(
            key: key, variable: variable, defaultText: defaultText, accepted: parser.accepted, help: help, editable: editable,
            isSwitch: isSwitch,
            assign: { text, draft throws(Problem) in draft[keyPath: path] = try parser.parse(text) },
            read: { configuration in parser.show(Configuration.Draft(configuration)[keyPath: path]) }
        )
    }

    static func editable(_ label: String, _ group: Group, _ control: Control = .text) -> Editable {
        Editable(label: label, group: group, control: control)
    }
}
