#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Every connection is a file descriptor, and a shell's default soft limit (often 1,024) is far
/// below `--max-connections`: past it `accept` fails and the node stops taking readers while
/// the log fills with errors. The soft limit is raised as far as the hard one allows.
public enum FileDescriptorLimit {
    /// Descriptors beyond the connections: the database, its pool, media files, the log.
    static let headroom = 256

    /// Raises the soft limit to hold `connections`, and warns when even the hard limit cannot.
    /// Returns the soft limit in force afterwards.
    @discardableResult
    public static func raise(toHold connections: Int, logger: Logger) -> Int {
        var limit = rlimit()
        guard getrlimit(resourceLimit, &limit) == 0 else { return connections + headroom }
        let wanted = rlim_t(connections + headroom)
        if limit.rlim_cur < wanted {
            var raised = limit
            raised.rlim_cur = min(wanted, limit.rlim_max)
            if setrlimit(resourceLimit, &raised) == 0 { limit = raised }
        }
        if limit.rlim_cur < wanted {
            logger.warning(
                "this process may open only \(limit.rlim_cur) files, fewer than --max-connections \(connections) needs (\(wanted)); raise the hard limit (LimitNOFILE= in systemd, ulimit -Hn) or lower --max-connections"
            )
        }
        return Int(clamping: limit.rlim_cur)
    }

    #if canImport(Glibc)
    private static var resourceLimit: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
    #else
    private static var resourceLimit: Int32 { RLIMIT_NOFILE }
    #endif
}
