#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A program started with `posix_spawn`, for `pg_dump` and `pg_restore` (and the tests'
/// `byline` processes). Foundation's `Process` finds the descriptors to close in the child by
/// reading `/proc/self/fd`, and over-reads `readdir`'s buffer doing so (swift-corelibs-foundation
/// #5472): with many descriptors open, as a node serving thousands of connections has, starting a
/// backup could crash the node. Here `posix_spawn` itself closes every descriptor past the three
/// the child is given.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    private let exit = Mutex<Int32?>(nil)

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable` with `arguments`, `environment` and the given descriptors as its
    /// standard input, output and error; in `directory` when one is named.
    public init(
        executable: String, arguments: [String], environment: [String: String], directory: String? = nil,
        standardInput: Int32, standardOutput: Int32, standardError: Int32
    ) throws(Failure) {
        // posix_spawn has no portable chdir: a shell changes directory, then becomes the program.
        let (path, argv) = directory.map { ("/bin/sh", ["sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable] + arguments) } ?? (executable, [executable] + arguments)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }

        // The child starts with no signal blocked and every signal's default action, whatever
        // the server's signal handling changed in this process.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = argv.map { strdup($0) } + [nil]
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            arguments.forEach { free($0) }
            variables.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, arguments, variables)
        guard result == 0 else { throw Failure(description: "cannot run \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    /// What a program that ran to its end wrote, and how it ended.
    public struct Ended: Sendable {
        public var status: Int32
        public var output: [UInt8]
        public var errors: [UInt8]
    }

    /// Runs a program to its end with `input` on its standard input, reading its output and
    /// its errors together so that neither pipe can fill and stall it.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], input: [UInt8] = [], directory: String? = nil
    ) throws(Failure) -> Ended {
        let (inRead, inWrite) = try pipe()
        let (outRead, outWrite) = try pipe()
        let (errRead, errWrite) = try pipe()
        let child: ChildProcess
        do {
            child = try ChildProcess(
                executable: executable, arguments: arguments, environment: environment, directory: directory,
                standardInput: inRead, standardOutput: outWrite, standardError: errWrite
            )
        } catch {
            [inRead, inWrite, outRead, outWrite, errRead, errWrite].forEach { _ = close($0) }
            throw error
        }
        [inRead, outWrite, errWrite].forEach { _ = close($0) }
        var offset = 0
        while offset < input.count {
            let written = input[offset...].withUnsafeBytes { write(inWrite, $0.baseAddress, $0.count) }
            guard written > 0 else { break }
            offset += written
        }
        close(inWrite)
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var open = [outRead, errRead]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&polled, nfds_t(polled.count), -1) >= 0 || errno == EINTR else { break }
            for entry in polled where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    if entry.fd == outRead { output += buffer[0..<count] } else { errors += buffer[0..<count] }
                } else if count == 0 || errno != EINTR {
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        return Ended(status: child.waitForExit(), output: output, errors: errors)
    }

    /// A pipe whose two ends no other child inherits.
    public static func pipe() throws(Failure) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else { throw Failure(description: "cannot make a pipe: \(String(cString: strerror(errno)))") }
        // (glibc's pipe2 is not imported; a child spawned in between still closes them, by closefrom.)
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// Whether the program is still running; reaps it when it has ended.
    public var isRunning: Bool {
        exit.withLock { exit in
            guard exit == nil else { return false }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return true }
            exit = Self.code(status)
            return false
        }
    }

    public func signal(_ number: Int32) {
        if isRunning { kill(pid, number) }
    }

    /// Waits for the program to end: its exit status, or 128 + the signal that ended it.
    @discardableResult
    public func waitForExit() -> Int32 {
        if let code = exit.withLock({ $0 }) { return code }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let code = Self.code(status)
        exit.withLock { $0 = $0 ?? code }
        return exit.withLock { $0 } ?? code
    }

    private static func code(_ status: Int32) -> Int32 {
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does
    /// not declare; without it (older systems) descriptors opened close-on-exec still close.
    private static let closeFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }
}
