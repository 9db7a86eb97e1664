import Foundation

/// `--database`: `sqlite:PATH`, or a PostgreSQL URL whose password never appears in an error.
enum DatabaseURL {
    static func parse(_ value: String) throws(Setting.Problem) -> Configuration.DatabaseLocation {
        if value.hasPrefix("sqlite:") {
            var path = String(value.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw Setting.Problem("\"\(value)\" names no file; use sqlite:PATH, e.g. sqlite:./byline-data/byline.sqlite") }
            return .sqlite(path: path)
        }
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            return .postgres(try postgres(value))
        }
        throw Setting.Problem("\"\(redactingPassword(value))\" is not a database URL; use sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
    }

    static func show(_ location: Configuration.DatabaseLocation) -> String {
        switch location {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let settings): settings.description
        }
    }

    private static func postgres(_ value: String) throws(Setting.Problem) -> Configuration.PostgresSettings {
        let shown = redactingPassword(value)
        guard let components = URLComponents(string: value), let host = components.host, !host.isEmpty else {
            throw Setting.Problem("\"\(shown)\" is not a PostgreSQL URL; use postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw Setting.Problem("\"\(shown)\" names no database; add /DATABASE after the host") }
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value
        let tlsText = sslmode.map { $0 == "verify-full" || $0 == "verify-ca" ? "require" : $0 } ?? "prefer"
        guard let tls = Configuration.PostgresSettings.TLSMode(rawValue: tlsText) else {
            throw Setting.Problem("\"\(tlsText)\" is not a TLS mode; use disable, prefer or require")
        }
        // The pool and timeout have their own settings, applied over these.
        return Configuration.PostgresSettings(
            host: host, port: components.port ?? 5432, username: components.user?.removingPercentEncoding ?? "postgres",
            password: components.password?.removingPercentEncoding, database: database, tls: tls, poolSize: 10, timeoutSeconds: 5
        )
    }

    /// Database URLs carry passwords; error messages must not.
    static func redactingPassword(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
