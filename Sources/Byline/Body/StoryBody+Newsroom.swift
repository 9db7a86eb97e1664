import Foundation

/// The newsroom's own blocks, read from ordinary Markdown so that any editor can write them
/// and any Markdown reader still shows something sensible (see the README's "Writing a story"):
///
///     ![Cranes at dusk](/media/3f2a.jpg)
///     Caption: The harbour reopened on Monday.
///     Credit: Photo: Mara Lindqvist
///
///     > [!pullquote]
///     > We are close.
///     > — Ana Ortiz, harbour master
///
///     > [!factbox] The harbour in numbers
///     > - 1,200 berths
///
///     > [!gallery]
///     > ![The quay](/media/1.jpg)
///     > Caption: Morning.
///     >
///     > ![The cranes](/media/2.jpg)
///
///     https://www.youtube.com/watch?v=dQw4w9WgXcQ
extension StoryBody {
    func withNewsroomBlocks() -> StoryBody {
        StoryBody(blocks: Self.newsroom(blocks))
    }

    private static func newsroom(_ blocks: [Block]) -> [Block] {
        blocks.map { block in
            switch block {
            case .paragraph(let inlines): return figure(inlines).map(Block.figure) ?? embed(inlines).map(Block.embed) ?? block
            case .quote(let children):
                // Once: reading the children twice doubled the work at every level of nesting,
                // and 33 nested quotes took minutes (found by make fuzz).
                let inner = newsroom(children)
                return callout(inner) ?? .quote(inner)
            case .list(let style, let tight, let items): return .list(style, tight: tight, items: items.map(newsroom))
            default: return block
            }
        }
    }

    /// The paragraph's lines, split at its line breaks.
    private static func lines(_ inlines: [Inline]) -> [[Inline]] {
        var lines: [[Inline]] = [[]]
        for inline in inlines {
            switch inline {
            case .softBreak, .lineBreak: lines.append([])
            default: lines[lines.count - 1].append(inline)
            }
        }
        return lines
    }

    /// `line` without `prefix` (case-insensitive) at its start, or nil when it doesn't start so.
    private static func dropping(_ prefix: String, from line: [Inline]) -> [Inline]? {
        guard case .text(let text)? = line.first, text.lowercased().hasPrefix(prefix.lowercased()) else { return nil }
        let rest = text.dropFirst(prefix.count).drop { $0 == " " }
        return (rest.isEmpty ? [] : [.text(String(rest))]) + line.dropFirst()
    }

    private static func figure(_ inlines: [Inline]) -> Figure? {
        let lines = lines(inlines)
        guard let first = lines.first, first.count == 1, case .image(let url, let title, let alt) = first[0] else { return nil }
        var figure = Figure(url: url, alt: plainText(alt), title: title, caption: [], credit: [])
        for line in lines.dropFirst() {
            if let caption = dropping("Caption:", from: line) {
                figure.caption = caption
            } else if let credit = dropping("Credit:", from: line) {
                figure.credit = credit
            } else {
                return nil
            }
        }
        return figure
    }

    private static func embed(_ inlines: [Inline]) -> Embed? {
        guard inlines.count == 1, case .link(let url, _, var children) = inlines[0], let provider = EmbedProvider.name(of: url) else { return nil }
        var thumbnail: Embed.Thumbnail?
        if case .image(let source, _, let alt)? = children.first {
            children.removeFirst()
            if case .text(let text)? = children.first {
                let rest = text.drop { $0 == " " }
                if rest.isEmpty { children.removeFirst() } else { children[0] = .text(String(rest)) }
            }
            let altText = plainText(alt)
            if source.hasPrefix("/"), !source.hasPrefix("//") { thumbnail = Embed.Thumbnail(url: source, alt: altText) }
            // With no words beside the picture, its description is the card's title.
            if children.isEmpty, !altText.isEmpty { children = [.text(altText)] }
        }
        let text = plainText(children)
        return Embed(url: url, provider: provider, title: text == url || text.isEmpty ? nil : children, thumbnail: thumbnail)
    }

    private static func callout(_ children: [Block]) -> Block? {
        guard case .paragraph(let opening)? = children.first else { return nil }
        var lines = lines(opening)
        if let marker = dropping("[!pullquote]", from: lines[0]), marker.isEmpty {
            lines.removeFirst()
            var body = Array(children.dropFirst())
            if !lines.isEmpty { body.insert(.paragraph(joined(lines)), at: 0) }
            var source: [Inline] = []
            // The source is the quotation's last line when it starts with a dash.
            if case .paragraph(let last)? = body.last {
                var lastLines = Self.lines(last)
                if let line = lastLines.last, let rest = dropping("—", from: line) ?? dropping("--", from: line) {
                    source = rest
                    lastLines.removeLast()
                    body[body.count - 1] = .paragraph(joined(lastLines))
                    if lastLines.isEmpty { body.removeLast() }
                }
            }
            return .pullQuote(body, source: source)
        }
        if let marker = dropping("[!gallery]", from: lines[0]), marker.isEmpty {
            lines.removeFirst()
            var body = Array(children.dropFirst())
            if !lines.isEmpty {
                guard let first = figure(joined(lines)) else { return nil }
                body.insert(.figure(first), at: 0)
            }
            let figures = body.compactMap { block -> Figure? in if case .figure(let figure) = block { figure } else { nil } }
            // Anything but pictures in it, and it is a quotation that happens to start so.
            return figures.count == body.count && !figures.isEmpty ? .gallery(figures) : nil
        }
        if let title = dropping("[!factbox]", from: lines[0]) {
            lines.removeFirst()
            var body = Array(children.dropFirst())
            if !lines.isEmpty { body.insert(.paragraph(joined(lines)), at: 0) }
            return .factBox(title: title, body)
        }
        return nil
    }

    private static func joined(_ lines: [[Inline]]) -> [Inline] {
        lines.enumerated().flatMap { index, line in index == 0 ? line : [.softBreak] + line }
    }
}

/// Hosts whose posts a newsroom links to alone on a line, by the name a reader knows them by.
enum EmbedProvider {
    static func name(of url: String) -> String? {
        guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
            var host = components.host?.lowercased()
        else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        if host.hasPrefix("m.") { host.removeFirst(2) }
        let path = components.path
        switch host {
        case "youtube.com" where path == "/watch" || path.hasPrefix("/shorts/"), "youtu.be" where path.count > 1: return "YouTube"
        case "vimeo.com" where path.dropFirst().allSatisfy(\.isNumber) && path.count > 1: return "Vimeo"
        case "x.com" where path.contains("/status/"), "twitter.com" where path.contains("/status/"): return "X"
        case "instagram.com" where path.hasPrefix("/p/") || path.hasPrefix("/reel/"): return "Instagram"
        case "bsky.app" where path.contains("/post/"): return "Bluesky"
        case "tiktok.com" where path.contains("/video/"): return "TikTok"
        case "facebook.com" where path.contains("/posts/") || path.contains("/videos/"): return "Facebook"
        case "threads.net" where path.contains("/post/"): return "Threads"
        default: return nil
        }
    }
}
