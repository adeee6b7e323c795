import Foundation

/// A PostgreSQL result history named by `--db postgresql://user[:password]@host[:port]/database[?sslmode=…]`
/// (also `postgres://`). The password may instead come from `PGPASSWORD`, as for libpq's tools.
public struct PostgreSQLLocation: Sendable, Equatable {
    public enum TLSMode: String, Sendable, Equatable {
        /// Plain TCP (the default: fleets on a trusted network, and the loopback tests).
        case disable
        /// TLS when the server offers it, else plain TCP.
        case prefer
        /// TLS or fail.
        case require
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    /// The URL as given, with any password replaced by `***`: the form every message uses.
    public var displayURL: String {
        var text = "postgresql://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
        if tls != .disable { text += "?sslmode=\(tls.rawValue)" }
        return text
    }

    /// - Throws: `PostgreSQLHistoryError.invalidURL` naming what is missing or wrong.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func invalid(_ reason: String) -> PostgreSQLHistoryError { .invalidURL(url: Self.redacted(url), reason: reason) }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "postgresql" || scheme == "postgres"
        else { throw invalid("expected postgresql://user@host:5432/database") }
        guard let host = components.host, !host.isEmpty else { throw invalid("it names no host") }
        guard let user = components.user, !user.isEmpty else { throw invalid("it names no user (postgresql://USER@host/database)") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw invalid("it names no database (postgresql://user@host:5432/DATABASE)") }
        if let port = components.port, !(1...65535).contains(port) { throw invalid("the port must be 1...65535") }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode", let value = item.value, let mode = TLSMode(rawValue: value) else {
                throw invalid("the only parameter understood is sslmode=disable|prefer|require (got \(item.name)=\(item.value ?? ""))")
            }
            tls = mode
        }
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.host = host
        self.port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
