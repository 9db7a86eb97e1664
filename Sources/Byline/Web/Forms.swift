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

    init() {}

    /// `application/x-www-form-urlencoded`.
    init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            values[name, default: []].append(parts.count > 1 ? Self.decode(parts[1]) ?? "" : "")
        }
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
            return FormFields(String(decoding: body.readableBytesView, as: UTF8.self))
        }
        guard let boundary = Self.parameter("boundary", of: contentType), !boundary.isEmpty else { throw .malformed }
        return try multipart(body, boundary: boundary)
    }

    static func multipart(_ body: ByteBuffer, boundary: String) throws(ParseError) -> FormFields {
        var form = FormFields()
        var headers: [String: String] = [:]
        var data = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
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
            try parser.execute(body)
        } catch {
            throw .malformed
        }
        return form
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
