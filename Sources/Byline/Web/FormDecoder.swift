import Foundation
import Hummingbird

extension FormFields {
    /// The form read as `Form`, a `Decodable` type named after its fields.
    ///
    /// A missing or empty field is nil for an optional property and an error otherwise; a checkbox
    /// (`Bool`) is true when present and not "0", "false" or "off"; numbers and enums that do
    /// not parse are errors naming the field. Files stay in `files`.
    ///
    /// A form no browser would send like that (a forged choice, text in a number field that
    /// only code fills in) is answered with a 400 that names the field.
    func decode<Form: Decodable>(_ type: Form.Type = Form.self) throws -> Form {
        do {
            return try Form(from: FormDecoder(fields: self))
        } catch let error as FormDecodingError {
            throw HTTPError(.badRequest, message: "The form could not be read: \(error). Reload the page and try again.")
        }
    }
}

/// A field did not hold what its form type says.
struct FormDecodingError: Error, CustomStringConvertible {
    var field: String
    var problem: String
    var description: String { "\(field): \(problem)" }
}

private struct FormDecoder: Decoder {
    let fields: FormFields
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(FormContainer(fields: fields))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw FormDecodingError(field: "form", problem: "a form is a set of named fields")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw FormDecodingError(field: "form", problem: "a form is a set of named fields")
    }
}

private struct FormContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: FormFields
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

    /// An empty field is as good as a missing one: browsers send every input, filled in or not.
    func decodeNil(forKey key: Key) throws -> Bool { (fields[key.stringValue] ?? "").isEmpty }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { fields.isChecked(key.stringValue) }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        guard let value = fields[key.stringValue] else { throw FormDecodingError(field: key.stringValue, problem: "is missing") }
        return value
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { fields.isChecked(key.stringValue) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        // Checkboxes that share a name send it once for each box ticked.
        if T.self == [String].self, let all = fields.all(key.stringValue) as? T { return all }
        let text = try decode(String.self, forKey: key)
        do {
            return try T(from: FieldDecoder(text: text, field: key.stringValue))
        } catch is DecodingError {
            throw FormDecodingError(field: key.stringValue, problem: "“\(text)” is not one of the choices")
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw FormDecodingError(field: key.stringValue, problem: "forms have no nested fields")
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw FormDecodingError(field: key.stringValue, problem: "forms have no nested fields")
    }

    func superDecoder() throws -> any Decoder { FormDecoder(fields: fields) }
    func superDecoder(forKey key: Key) throws -> any Decoder { FormDecoder(fields: fields) }
}

/// One field's text, read as a number, a string or a string-backed enum.
private struct FieldDecoder: Decoder, SingleValueDecodingContainer {
    let text: String
    let field: String
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw FormDecodingError(field: field, problem: "is one value")
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw FormDecodingError(field: field, problem: "is one value") }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { !["", "0", "false", "off"].contains(text) }
    func decode(_ type: String.Type) throws -> String { text }

    func decode(_ type: Int.Type) throws -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else { throw FormDecodingError(field: field, problem: "is not a whole number") }
        return value
    }

    func decode(_ type: Int64.Type) throws -> Int64 {
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)) else { throw FormDecodingError(field: field, problem: "is not a whole number") }
        return value
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }

    // Other number types are not used by any form.
    func decode(_ type: Double.Type) throws -> Double { throw unsupported }
    func decode(_ type: Float.Type) throws -> Float { throw unsupported }
    func decode(_ type: Int8.Type) throws -> Int8 { throw unsupported }
    func decode(_ type: Int16.Type) throws -> Int16 { throw unsupported }
    func decode(_ type: Int32.Type) throws -> Int32 { throw unsupported }
    func decode(_ type: UInt.Type) throws -> UInt { throw unsupported }
    func decode(_ type: UInt8.Type) throws -> UInt8 { throw unsupported }
    func decode(_ type: UInt16.Type) throws -> UInt16 { throw unsupported }
    func decode(_ type: UInt32.Type) throws -> UInt32 { throw unsupported }
    func decode(_ type: UInt64.Type) throws -> UInt64 { throw unsupported }

    private var unsupported: FormDecodingError { FormDecodingError(field: field, problem: "is not a kind of value forms hold") }
}
