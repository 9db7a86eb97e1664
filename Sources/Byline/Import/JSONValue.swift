import Foundation

/// Untyped JSON, so that an import can name the exact field that is wrong instead of
/// surfacing a `DecodingError` a newsroom editor can't read.
enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Deeper than any article, ninjs item or API body nests. Decoding recurses once a level,
    /// so a document of a million brackets would exhaust a thread's stack: it is refused first.
    static let maximumDepth = 64

    /// A document nested deeper than `maximumDepth`.
    struct TooDeep: Error, CustomStringConvertible {
        let limit: Int
        var description: String { "it nests arrays and objects more than \(limit) levels deep" }
    }

    /// Decodes a JSON document sent from outside, once its nesting is known to be bounded.
    static func decode(_ data: Data, maximumDepth: Int = JSONValue.maximumDepth) throws -> JSONValue {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumDepth { throw TooDeep(limit: maximumDepth) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// A value as the JSON tree it encodes to.
    init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Whole numbers stay whole: a width of 1200 must not come back as 1200.0.
            if value.rounded() == value, abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let fields): try container.encode(fields)
        }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

// Literals, so that documents with an open vocabulary (schema.org, JSON Feed) are written as
// JSON trees whose every value has a JSON type.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last })) }

    init(_ text: String) { self = .string(text) }
    init(_ number: Int) { self = .number(Double(number)) }

    /// JSON text with sorted keys (the same document is always the same bytes) and slashes
    /// left as they are: the bytes `JSONEncoder` writes with `.sortedKeys` and
    /// `.withoutEscapingSlashes`, written directly, because going through `Encoder` cost an
    /// uncached article page a tenth of its time (its JSON-LD carries the whole story).
    /// A number that is not finite, which `JSONEncoder` refuses, is written as `null`.
    var text: String { written(forScript: false) }

    /// `text` that can sit inside `<script>`: `<`, `>` and `&` are written as `\u` escapes, so
    /// no headline can close the script element or open a comment, and so are U+2028 and
    /// U+2029, which end a line in older JavaScript.
    var scriptText: String { written(forScript: true) }

    private func written(forScript: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out, forScript: forScript)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], forScript: Bool) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let value): out += (value ? "true" : "false").utf8
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 {
                out += String(Int64(value)).utf8
            } else if value.isFinite {
                out += value.description.utf8
            } else {
                out += "null".utf8
            }
        case .string(let value): Self.write(value, to: &out, forScript: forScript)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out, forScript: forScript)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(field.key, to: &out, forScript: forScript)
                out.append(UInt8(ascii: ":"))
                field.value.write(to: &out, forScript: forScript)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func write(_ string: String, to out: inout [UInt8], forScript: Bool) {
        out.append(UInt8(ascii: "\""))
        var bytes = Array(string.utf8)[...]
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case 0x08: out += #"\b"#.utf8
            case 0x0C: out += #"\f"#.utf8
            case 0..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            case UInt8(ascii: "<") where forScript: out += #"\u003c"#.utf8
            case UInt8(ascii: ">") where forScript: out += #"\u003e"#.utf8
            case UInt8(ascii: "&") where forScript: out += #"\u0026"#.utf8
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
            case 0xE2 where forScript && bytes.first == 0x80 && (bytes.dropFirst().first == 0xA8 || bytes.dropFirst().first == 0xA9):
                out += (bytes.dropFirst().first == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8
                bytes = bytes.dropFirst(2)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The object's fields, with `key` set; other values are left as they are.
    func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = self else { return self }
        fields[key] = value
        return .object(fields)
    }
}
