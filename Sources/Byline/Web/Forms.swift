import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// The fields of a submitted form, URL-encoded or multipart. `subscript` gives the first
/// value of a name; `all` every value, for checkboxes that share one.
struct FormFields: Sendable {
    private var values: [String: [String]] = [:]
    /// Files of a multipart form, by field name; empty file inputs are left out.
    private(set) var files: [String: UploadedFile] = [:]

    /// More than any of Byline's forms sends (PHP's `max_input_vars` is the same): a body of
    /// tens of thousands of `&a&a` would otherwise cost a dictionary entry each.
    static let maximumFields = 1_000

    init() {}

    /// `application/x-www-form-urlencoded`, such as a query string, whose length the request
    /// line's limit already bounds.
    init(_ body: String) {
        for pair in body.split(separator: "&") { add(pair) }
    }

    /// A URL-encoded request body, of at most `maximumFields` fields.
    static func urlEncoded(_ body: String) throws(ParseError) -> FormFields {
        var form = FormFields()
        var count = 0
        for pair in body.split(separator: "&") {
            count += 1
            guard count <= maximumFields else { throw .tooManyFields }
            form.add(pair)
        }
        return form
    }

    private mutating func add(_ pair: Substring) {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = Self.decode(parts[0]) else { return }
        values[name, default: []].append(parts.count > 1 ? Self.decode(parts[1]) ?? "" : "")
    }

    subscript(name: String) -> String? { values[name]?.first }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// A checkbox: present and not "0" or "false".
    func isChecked(_ name: String) -> Bool {
        guard let value = self[name] else { return false }
        return !["", "0", "false", "off"].contains(value)
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// What a request's body can be read as.
    enum ParseError: Error {
        case tooLarge
        case malformed
        /// More than `maximumFields` fields or parts.
        case tooManyFields
    }

    /// Reads a request's form, URL-encoded or `multipart/form-data`, up to `limit` bytes.
    static func read(_ request: inout Request, limit: Int) async throws(ParseError) -> FormFields {
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch {
            throw .tooLarge
        }
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data") else {
            return try urlEncoded(String(decoding: body.readableBytesView, as: UTF8.self))
        }
        guard let boundary = Self.parameter("boundary", of: contentType), !boundary.isEmpty else { throw .malformed }
        return try multipart(body, boundary: boundary)
    }

    static func multipart(_ body: ByteBuffer, boundary: String) throws(ParseError) -> FormFields {
        if hasUnreadableHeaderName(body.readableBytesView, boundary: boundary) { throw .malformed }
        var form = FormFields()
        var headers: [String: String] = [:]
        var data = ByteBuffer()
        var parts = 0
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts += 1
            defer {
                headers = [:]
                data = ByteBuffer()
            }
            guard let disposition = headers["content-disposition"], let name = Self.parameter("name", of: disposition) else { return }
            if let filename = Self.parameter("filename", of: disposition) {
                guard !filename.isEmpty || data.readableBytes > 0 else { return }
                form.files[name] = UploadedFile(
                    filename: filename, declaredType: headers["content-type"] ?? "", data: Data(data.readableBytesView)
                )
            } else {
                form.values[name, default: []].append(String(decoding: data.readableBytesView, as: UTF8.self))
            }
        }
        do {
            // Parts are counted as they complete; the rest of an oversized form is not read.
            var rest = body
            while rest.readableBytes > 0 {
                try parser.execute(rest.readSlice(length: min(rest.readableBytes, 16 * 1024))!)
                if parts > maximumFields { throw ParseError.tooManyFields }
            }
        } catch ParseError.tooManyFields {
            throw .tooManyFields
        } catch {
            throw .malformed
        }
        return form
    }

    /// MultipartKit 4.7 looks each byte of a part's header names up in a table of 128, and
    /// traps on one past 0x7F (found by `make fuzz`): a form whose header names have such a byte
    /// is refused before the parser sees it. The scan follows the parser: after each delimiter
    /// line, names run to a colon, values to a CR, and an empty name ends the headers.
    static func hasUnreadableHeaderName(_ bytes: ByteBufferView, boundary: String) -> Bool {
        let delimiter = Array("--\(boundary)\r\n".utf8)
        var rest = bytes[...]
        while let found = rest.firstRange(of: delimiter) {
            var position = found.upperBound
            var inName = true
            var nameIsEmpty = true
            var afterCR = false
            // The next delimiter is looked for where these headers end: one inside a header
            // is no delimiter to the parser, and each byte is scanned once.
            headers: while position < rest.endIndex {
                let byte = rest[position]
                position = rest.index(after: position)
                if afterCR {
                    afterCR = false
                    guard byte == UInt8(ascii: "\n") else { break headers }
                } else if inName {
                    switch byte {
                    case 0x80...: return true
                    case UInt8(ascii: ":") where !nameIsEmpty: inName = false
                    case UInt8(ascii: "\r") where nameIsEmpty: break headers
                    default: nameIsEmpty = false
                    }
                } else if byte == UInt8(ascii: "\r") {
                    (inName, nameIsEmpty, afterCR) = (true, true, true)
                }
            }
            rest = rest[position...]
        }
        return false
    }

    /// `name="value"` (or unquoted) from a header such as Content-Type or Content-Disposition.
    static func parameter(_ name: String, of header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}

/// A file sent with a form. Its name and declared type are only hints: the media library
/// decides what a file is from its bytes.
struct UploadedFile: Sendable {
    var filename: String
    var declaredType: String
    var data: Data
}
