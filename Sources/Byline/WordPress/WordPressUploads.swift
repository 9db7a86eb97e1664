import Foundation

/// Copies an export's attachments from a copy of `wp-content/uploads` into the media library,
/// so that stories show them from this site. Nothing is fetched over the network: a file the
/// folder doesn't have keeps its old address, and the report lists it.
struct WordPressUploads {
    let folder: URL
    let library: MediaLibrary

    /// The library's address of each copied upload, by its old URL with WordPress's size
    /// suffix taken off (`quay-300x200.jpg` is a resized `quay.jpg`).
    struct Copied: Sendable {
        var addresses: [String: String] = [:]
        var sizes: [Int: (width: Int, height: Int)] = [:]

        func address(of url: String) -> String? { addresses[Self.key(url)] }

        static func key(_ url: String) -> String {
            var url = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
            guard let dot = url.lastIndex(of: "."), let dash = url[..<dot].lastIndex(of: "-") else { return url.lowercased() }
            let size = url[url.index(after: dash)..<dot]
            let parts = size.split(separator: "x")
            if parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) { url.removeSubrange(dash..<dot) }
            return url.lowercased()
        }
    }

    /// Stores each attachment the folder has (unless `dryRun`, which only reads them), and
    /// reports what it did and what it couldn't copy.
    func copy(_ attachments: [WordPressInventory.Attachment], dryRun: Bool, now: Date, report: inout WordPressImportReport) async throws -> Copied {
        var copied = Copied()
        for attachment in attachments.sorted(by: { $0.id < $1.id }) {
            guard let relative = Self.uploadPath(attachment.url) else {
                report.filesNotCopied.append("\(attachment.url) (not under wp-content/uploads)")
                continue
            }
            let file = folder.appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: file.path) else {
                report.filesNotCopied.append("\(attachment.url) (no \(relative) in \(folder.path))")
                continue
            }
            guard let image = ImageFile(data) else {
                report.filesNotCopied.append("\(attachment.url) (not a JPEG, PNG, WebP or GIF image)")
                continue
            }
            let fileName = MediaItem.fileName(for: data, format: image.format)
            let known = try await library.media.item(fileName: fileName) != nil
            if !dryRun, !known {
                do {
                    _ = try await library.upload(
                        data, originalName: file.lastPathComponent, alt: WordPressPlanner.plain(attachment.alt), caption: WordPressPlanner.plain(attachment.caption),
                        credit: WordPressPlanner.plain(attachment.description), by: nil, at: now)
                } catch let problem as MediaLibrary.UploadProblem {
                    report.filesNotCopied.append("\(attachment.url) (\(problem.description))")
                    continue
                }
            }
            report.count("media", known ? .unchanged : .created)
            copied.addresses[Copied.key(attachment.url)] = SiteURL.media(file: .value(fileName)).path
            copied.sizes[attachment.id] = (image.width, image.height)
        }
        return copied
    }

    /// `2024/03/quay.jpg` for `https://old.example/wp-content/uploads/2024/03/quay.jpg`, if
    /// it is an upload and its path stays inside the folder.
    static func uploadPath(_ url: String) -> String? {
        guard let range = url.range(of: "/wp-content/uploads/") else { return nil }
        let relative = String(url[range.upperBound...].split(separator: "?", maxSplits: 1).first ?? "").removingPercentEncoding ?? ""
        let parts = relative.split(separator: "/")
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        return relative
    }
}
