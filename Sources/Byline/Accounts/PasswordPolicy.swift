import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Which passwords an account may have, and how they are hashed.
///
/// NIST SP 800-63B's advice: length over composition rules, and never a password that is
/// known to be common. The list ships with Byline (`Resources/Security/common-passwords.txt`).
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    /// bcrypt only reads 72 bytes; longer input would be silently truncated.
    public static let maximumBytes = 72
    /// About a quarter of a second on current hardware: slow for an attacker, bearable at sign-in.
    public static let cost: UInt8 = 12

    let common: Set<String>

    public init(common: Set<String>) { self.common = common }

    /// The policy with the bundled list of common passwords.
    public static func bundled() throws -> PasswordPolicy {
        let text = try String(contentsOfFile: BundledResources.directory + "/Security/common-passwords.txt", encoding: .utf8)
        return PasswordPolicy(common: Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)))
    }

    /// Why a password can't be used, in a sentence for the person choosing it; nil when it can.
    public func problem(with password: String, email: String) -> String? {
        if password.count < Self.minimumLength { return "Use at least \(Self.minimumLength) characters." }
        if password.utf8.count > Self.maximumBytes { return "Use at most \(Self.maximumBytes) bytes (most passphrases fit easily)." }
        if common.contains(password.lowercased()) { return "That is one of the most common passwords; choose another." }
        if password.lowercased() == email.lowercased() || password.lowercased() == email.lowercased().split(separator: "@").first.map(String.init) {
            return "Don’t use your email address as your password."
        }
        return nil
    }

    /// Hashes off the caller's thread: bcrypt is deliberately slow and must not block a server's event loop.
    public static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public static func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
