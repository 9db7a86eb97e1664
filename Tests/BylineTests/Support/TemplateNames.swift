@testable import Byline
import Foundation

/// Checks that every name a Mustache template uses is one its model provides, following the
/// rules the renderer follows: a name is looked up in the innermost section's value, then
/// outward; `a.b` looks `b` up in `a`; a section over a list checks its body against an
/// element, over an optional against the wrapped value, over a flag against the same context.
/// Template inheritance (`{{<layout}}`) and partials (`{{> comment}}`) are followed. A model
/// answers for itself (`TemplateModel`); any other struct met on the way would be read by
/// reflection, which the renderer no longer does for us, so it is reported.
///
/// It can only look inside values that are there: a nil optional or an empty list hides the
/// names below it, so the models checked should be full ones.
struct TemplateNames {
    /// The templates' sources by name, as the renderer registers them.
    let sources: [String: String]

    /// One library's templates: a folder of `.mustache` files, which include each other by name.
    static func load(_ directory: String) throws -> TemplateNames {
        var sources: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasSuffix(".mustache") {
            // As they are rendered: with their messages in place, as in English.
            sources[String(file.dropLast(".mustache".count))] = try TemplateTranslation.translated(try String(contentsOfFile: directory + "/" + file, encoding: .utf8), with: .source)
        }
        return TemplateNames(sources: sources)
    }

    enum Token: Equatable {
        case name(String)
        case section(String)
        case inverted(String)
        case close(String)
        case parent(String)
        case block(String)
        case partial(String)
    }

    static func tokens(_ source: String) -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            let triple = rest[open.upperBound...].hasPrefix("{")
            let closing = triple ? "}}}" : "}}"
            guard let close = rest.range(of: closing, range: open.upperBound..<rest.endIndex) else { break }
            var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if triple { tag = String(tag.dropFirst()) }
            rest = rest[close.upperBound...]
            guard let first = tag.first else { continue }
            let body = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
            switch first {
            case "!": continue
            case "#": tokens.append(.section(body))
            case "^": tokens.append(.inverted(body))
            case "/": tokens.append(.close(body))
            case "<": tokens.append(.parent(body))
            case "$": tokens.append(.block(body))
            case ">": tokens.append(.partial(body))
            case "&": tokens.append(.name(body))
            default: tokens.append(.name(tag))
            }
        }
        return tokens
    }

    /// What checking one rendering found.
    struct Findings: Equatable {
        /// Names the template (or what it includes) uses that the model does not provide.
        var missing: [String] = []
        /// Types a name was looked up in that do not answer as a `TemplateModel`.
        var reflected: [String] = []
    }

    func check(_ template: String, model: Any) -> Findings {
        var findings = Findings()
        walk(template, stack: [model], missing: &findings, visited: [])
        return Findings(missing: Array(Set(findings.missing)).sorted(), reflected: Array(Set(findings.reflected)).sorted())
    }

    /// Every name in `template` (and what it includes) that `model` does not provide.
    func missingNames(in template: String, model: Any) -> [String] { check(template, model: model).missing }

    private func walk(_ template: String, stack: [Any], missing: inout Findings, visited: Set<String>) {
        guard let source = sources[template], !visited.contains(template) else {
            if sources[template] == nil { missing.missing.append("the template \(template) itself") }
            return
        }
        walk(Self.tokens(source)[...], stack: stack, missing: &missing, visited: visited.union([template]))
    }

    private func walk(_ tokens: ArraySlice<Token>, stack: [Any], missing: inout Findings, visited: Set<String>) {
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            index += 1
            switch token {
            case .name(let name):
                if lookUp(name, in: stack, findings: &missing) == nil { missing.missing.append(name) }
            case .partial(let name):
                walk(name, stack: stack, missing: &missing, visited: visited)
            case .parent(let name):
                // The blocks given here fill the parent's; both are rendered in this context.
                let end = closing(name, in: tokens, from: index)
                walk(tokens[index..<end], stack: stack, missing: &missing, visited: visited)
                walk(name, stack: stack, missing: &missing, visited: visited)
                index = min(end + 1, tokens.endIndex)
            case .block:
                continue
            case .section(let name), .inverted(let name):
                let end = closing(name, in: tokens, from: index)
                let body = tokens[index..<end]
                index = min(end + 1, tokens.endIndex)
                guard let found = lookUp(name, in: stack, findings: &missing) else {
                    missing.missing.append(name)
                    continue
                }
                if case .inverted = token {
                    walk(body, stack: stack, missing: &missing, visited: visited)
                } else {
                    for value in Self.sectionValues(found) { walk(body, stack: stack + [value], missing: &missing, visited: visited) }
                }
            case .close:
                continue
            }
        }
    }

    private func closing(_ name: String, in tokens: ArraySlice<Token>, from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < tokens.endIndex {
            switch tokens[index] {
            case .section(name), .inverted(name), .parent(name), .block(name): depth += 1
            case .close(name):
                if depth == 0 { return index }
                depth -= 1
            default: break
            }
            index += 1
        }
        return tokens.endIndex
    }

    /// What a section's body is rendered against: each element, the wrapped value, or (for a
    /// flag or text) the context as it is. An absent or empty value renders nothing.
    private static func sectionValues(_ value: Any) -> [Any] {
        guard let value = unwrapped(value) else { return [] }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .collection || mirror.displayStyle == .set { return mirror.children.map(\.value) }
        if value is Bool || value is String || value is any BinaryInteger { return [Context.same] }
        return [value]
    }

    /// Stands for "the section did not push a value".
    private enum Context { case same }

    private func lookUp(_ path: String, in stack: [Any], findings: inout Findings) -> Any? {
        if path == "." { return stack.last }
        let parts = path.split(separator: ".").map(String.init)
        for context in stack.reversed() where !(context is Context) {
            guard var value = Self.child(parts[0], of: context, findings: &findings) else { continue }
            for part in parts.dropFirst() {
                // A nil on the way hides what is below it; there is nothing to check there.
                guard let present = Self.unwrapped(value) else { return value }
                guard let next = Self.child(part, of: present, findings: &findings) else { return nil }
                value = next
            }
            return value
        }
        return nil
    }

    private static func child(_ name: String, of value: Any, findings: inout Findings) -> Any? {
        guard let value = unwrapped(value) else { return nil }
        if let model = value as? any TemplateModel {
            // The renderer asks the model, and so does this; an empty optional is still a field.
            guard case .value(let found) = model.field(name) else { return nil }
            return found as Any
        }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .dictionary {
            for entry in mirror.children {
                let pair = Array(Mirror(reflecting: entry.value).children)
                if pair.count == 2, (pair[0].value as? String) == name { return pair[1].value }
            }
            return nil
        }
        findings.reflected.append(String(reflecting: type(of: value)))
        var current: Mirror? = mirror
        while let level = current {
            if let found = level.children.first(where: { $0.label == name }) { return found.value }
            current = level.superclassMirror
        }
        return nil
    }

    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrapped($0.value) } ?? nil
    }
}
