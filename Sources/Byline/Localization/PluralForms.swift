/// A catalog's `Plural-Forms` header, `nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : …);`:
/// gettext's C expression, which picks the form of a message for a count. The standard
/// headers for each language are CLDR's rules for whole numbers written this way, so Russian's
/// one/few/many and Arabic's six forms come out as CLDR says.
struct PluralForms: Sendable, Equatable {
    let count: Int
    private let expression: Expression

    /// English's, for messages that have no catalog: one, and every other number.
    static let english = try! PluralForms("nplurals=2; plural=(n != 1);")

    struct Problem: Error, Equatable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    init(_ header: String) throws(Problem) {
        var nplurals: Int?
        var plural: String?
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            switch pair[0] {
            case "nplurals": nplurals = Int(pair[1])
            case "plural": plural = pair[1]
            default: continue
            }
        }
        guard let nplurals, (1...6).contains(nplurals) else { throw Problem(message: "Plural-Forms needs nplurals=1…6: \(header)") }
        guard let plural else { throw Problem(message: "Plural-Forms needs plural=EXPRESSION: \(header)") }
        var parser = Parser(tokens: try Self.tokens(plural))
        let expression = try parser.expression()
        guard parser.atEnd else { throw Problem(message: "Plural-Forms has text after its expression: \(plural)") }
        self.count = nplurals
        self.expression = expression
        // Every count must pick a form the catalog has.
        for n in 0..<1_000 where !(0..<nplurals).contains(expression.value(n)) {
            throw Problem(message: "Plural-Forms picks form \(expression.value(n)) for \(n), but nplurals is \(nplurals)")
        }
    }

    /// Which of the `count` forms `n` takes.
    func form(for n: Int) -> Int {
        let form = expression.value(abs(n))
        return (0..<count).contains(form) ? form : count - 1
    }

    // MARK: The expression

    private indirect enum Expression: Sendable, Equatable {
        case n
        case number(Int)
        case not(Expression)
        case binary(String, Expression, Expression)
        case choice(Expression, Expression, Expression)

        func value(_ n: Int) -> Int {
            switch self {
            case .n: return n
            case .number(let value): return value
            case .not(let operand): return operand.value(n) == 0 ? 1 : 0
            case .choice(let condition, let then, let otherwise): return condition.value(n) != 0 ? then.value(n) : otherwise.value(n)
            case .binary(let operation, let left, let right):
                let (a, b) = (left.value(n), right.value(n))
                switch operation {
                case "||": return a != 0 || b != 0 ? 1 : 0
                case "&&": return a != 0 && b != 0 ? 1 : 0
                case "==": return a == b ? 1 : 0
                case "!=": return a != b ? 1 : 0
                case "<": return a < b ? 1 : 0
                case ">": return a > b ? 1 : 0
                case "<=": return a <= b ? 1 : 0
                case ">=": return a >= b ? 1 : 0
                case "+": return a &+ b
                case "-": return a &- b
                case "*": return a &* b
                case "/": return b == 0 ? 0 : a / b
                case "%": return b == 0 ? 0 : a % b
                default: return 0
                }
            }
        }
    }

    private static func tokens(_ text: String) throws(Problem) -> [String] {
        var tokens: [String] = []
        var characters = Array(text)[...]
        while let first = characters.first {
            if first.isWhitespace {
                characters = characters.dropFirst()
            } else if first.isNumber {
                let digits = characters.prefix { $0.isNumber }
                tokens.append(String(digits))
                characters = characters.dropFirst(digits.count)
            } else if characters.count >= 2, ["||", "&&", "==", "!=", "<=", ">="].contains(String(characters.prefix(2))) {
                tokens.append(String(characters.prefix(2)))
                characters = characters.dropFirst(2)
            } else if "n()?:!<>+-*/%".contains(first) {
                tokens.append(String(first))
                characters = characters.dropFirst()
            } else {
                throw Problem(message: "Plural-Forms has \"\(first)\", which a plural expression cannot: \(text)")
            }
        }
        return tokens
    }

    /// Recursive descent in C's precedence: `?:`, `||`, `&&`, equality, comparison, `+ -`,
    /// `* / %`, `!`.
    private struct Parser {
        var tokens: [String]
        var position = 0

        var atEnd: Bool { position == tokens.count }

        private var next: String? { position < tokens.count ? tokens[position] : nil }

        private mutating func take(_ token: String) -> Bool {
            guard next == token else { return false }
            position += 1
            return true
        }

        mutating func expression() throws(Problem) -> Expression {
            let condition = try binary(0)
            guard take("?") else { return condition }
            let then = try expression()
            guard take(":") else { throw Problem(message: "Plural-Forms has ? without :") }
            return .choice(condition, then, try expression())
        }

        private static let levels: [[String]] = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]]

        private mutating func binary(_ level: Int) throws(Problem) -> Expression {
            guard level < Self.levels.count else { return try unary() }
            var left = try binary(level + 1)
            while let operation = next, Self.levels[level].contains(operation) {
                position += 1
                left = .binary(operation, left, try binary(level + 1))
            }
            return left
        }

        private mutating func unary() throws(Problem) -> Expression {
            if take("!") { return .not(try unary()) }
            if take("n") { return .n }
            if take("(") {
                let inner = try expression()
                guard take(")") else { throw Problem(message: "Plural-Forms has an unclosed (") }
                return inner
            }
            guard let token = next, let number = Int(token) else { throw Problem(message: "Plural-Forms expects n, a number or ( at \"\(next ?? "the end")\"") }
            position += 1
            return .number(number)
        }
    }
}
