@testable import Byline
import Foundation
import Testing

@Suite("Signing in")
struct SignInTests {
    static let password = "correct horse battery staple"

    private func site(_ backend: Backend = .sqlite) async throws -> (SignIn, Storage, User) {
        let storage = try await backend.makeStorage()
        let user = try await storage.users.create(
            email: "ana@example.com", name: "Ana", role: .editor, passwordHash: try await PasswordPolicy.hash(Self.password), at: Fixtures.publishedAt
        )
        return (SignIn(users: storage.users, sessions: storage.sessions), storage, user)
    }

    @Test(arguments: Backend.allCases)
    func theRightPasswordStartsASessionStoredOnlyAsAHash(backend: Backend) async throws {
        let (signIn, storage, user) = try await site(backend)
        guard case .signedIn(let token, let session, let signedIn) = try await signIn.signIn(email: " ANA@example.com", password: Self.password, ip: "192.0.2.1")
        else { Issue.record("not signed in"); return }
        #expect(signedIn == user)
        #expect(session.tokenHash != token && session.tokenHash == Session.hash(token: token))
        #expect(try await storage.sessions.session(tokenHash: token) == nil)
        #expect(try await signIn.session(token: token)?.1 == user)
    }

    @Test func eachSignInIssuesANewSessionID() async throws {
        let (signIn, _, _) = try await site()
        var tokens: Set<String> = []
        for _ in 0..<2 {
            guard case .signedIn(let token, _, _) = try await signIn.signIn(email: "ana@example.com", password: Self.password, ip: nil) else {
                Issue.record("not signed in"); return
            }
            tokens.insert(token)
        }
        #expect(tokens.count == 2)
    }

    @Test(arguments: Backend.allCases)
    func signingOutEndsTheSessionOnTheServer(backend: Backend) async throws {
        let (signIn, _, _) = try await site(backend)
        guard case .signedIn(let token, _, _) = try await signIn.signIn(email: "ana@example.com", password: Self.password, ip: nil) else {
            Issue.record("not signed in"); return
        }
        try await signIn.signOut(token: token)
        #expect(try await signIn.session(token: token) == nil)
    }

    @Test func anIdleOrExpiredSessionIsNotAccepted() async throws {
        let (signIn, _, _) = try await site()
        let start = Date()
        guard case .signedIn(let token, _, _) = try await signIn.signIn(email: "ana@example.com", password: Self.password, ip: nil, now: start) else {
            Issue.record("not signed in"); return
        }
        #expect(try await signIn.session(token: token, now: start.addingTimeInterval(6 * 86400)) != nil)
        #expect(try await signIn.session(token: token, now: start.addingTimeInterval(Session.lifetime + 1)) == nil)

        // A session nobody used for longer than the idle limit ends too, however young it is.
        guard case .signedIn(let idle, _, _) = try await signIn.signIn(email: "ana@example.com", password: Self.password, ip: nil, now: start) else {
            Issue.record("not signed in"); return
        }
        #expect(try await signIn.session(token: idle, now: start.addingTimeInterval(Session.idleLimit + 60)) == nil)
    }

    @Test func aWrongPasswordAndAnUnknownAccountAreRefusedAlike() async throws {
        let (signIn, _, _) = try await site()
        guard case .refused = try await signIn.signIn(email: "ana@example.com", password: "wrong password here", ip: "192.0.2.1") else {
            Issue.record("wrong password accepted"); return
        }
        guard case .refused = try await signIn.signIn(email: "nobody@example.com", password: Self.password, ip: "192.0.2.2") else {
            Issue.record("unknown account not refused the same way"); return
        }
    }

    @Test(arguments: ["ana@example.com", "nobody@example.com"])
    func repeatedFailuresOnAnAccountGetGrowingDelaysWhetherOrNotItExists(email: String) async throws {
        let (signIn, _, _) = try await site()
        var now = Date()
        var waits: [Int] = []
        for attempt in 0..<9 {
            var outcome = try await signIn.signIn(email: email, password: "wrong password \(attempt)", ip: "192.0.2.\(attempt)", now: now)
            if case .throttled(let retryAfter) = outcome {
                waits.append(retryAfter)
                now = now.addingTimeInterval(Double(retryAfter))
                outcome = try await signIn.signIn(email: email, password: "wrong password \(attempt)", ip: "192.0.2.\(attempt)", now: now)
            } else {
                waits.append(0)
            }
            guard case .refused = outcome else { Issue.record("attempt \(attempt) was not refused after its wait"); return }
        }
        // Five free mistakes, then a wait that doubles: 2, 4, 8 seconds.
        #expect(waits == [0, 0, 0, 0, 0, 0, 2, 4, 8])
    }

    @Test func aThrottledAccountRefusesEvenTheRightPassword() async throws {
        let (signIn, _, _) = try await site()
        let now = Date()
        for attempt in 0..<6 { _ = try await signIn.signIn(email: "ana@example.com", password: "wrong \(attempt) password", ip: nil, now: now) }
        guard case .throttled = try await signIn.signIn(email: "ana@example.com", password: Self.password, ip: nil, now: now) else {
            Issue.record("the right password got past the throttle"); return
        }
    }

    @Test func oneAddressTryingManyAccountsIsThrottled() async throws {
        let (signIn, _, _) = try await site()
        let now = Date()
        for attempt in 0..<21 { _ = try await signIn.signIn(email: "user\(attempt)@example.com", password: "wrong password", ip: "203.0.113.5", now: now) }
        guard case .throttled = try await signIn.signIn(email: "ana@example.com", password: Self.password, ip: "203.0.113.5", now: now) else {
            Issue.record("the address was not throttled"); return
        }
        guard case .signedIn = try await signIn.signIn(email: "ana@example.com", password: Self.password, ip: "203.0.113.6", now: now) else {
            Issue.record("another address was throttled too"); return
        }
    }

    @Test func aSuccessfulSignInClearsTheAccountsCount() async throws {
        let (signIn, storage, _) = try await site()
        for attempt in 0..<3 { _ = try await signIn.signIn(email: "ana@example.com", password: "wrong \(attempt) password", ip: nil) }
        _ = try await signIn.signIn(email: "ana@example.com", password: Self.password, ip: nil)
        #expect(try await storage.sessions.failures(keys: ["account:ana@example.com"]).isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func resettingAPasswordEndsTheAccountsSessions(backend: Backend) async throws {
        let (signIn, storage, _) = try await site(backend)
        guard case .signedIn(let token, _, _) = try await signIn.signIn(email: "ana@example.com", password: Self.password, ip: nil) else {
            Issue.record("not signed in"); return
        }
        let administration = UserAdministration(users: storage.users, sessions: storage.sessions, policy: try PasswordPolicy.bundled())
        try await administration.resetPassword(email: "ana@example.com", to: "a brand new long passphrase")
        #expect(try await signIn.session(token: token) == nil)
    }

    @Test(arguments: Backend.allCases)
    func pruningForgetsEndedSessions(backend: Backend) async throws {
        let (signIn, storage, _) = try await site(backend)
        let start = Date()
        guard case .signedIn(let token, _, _) = try await signIn.signIn(email: "ana@example.com", password: Self.password, ip: nil, now: start) else {
            Issue.record("not signed in"); return
        }
        try await storage.sessions.prune(before: start.addingTimeInterval(Session.lifetime + 60))
        #expect(try await storage.sessions.session(tokenHash: Session.hash(token: token)) == nil)
    }
}
