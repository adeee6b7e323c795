import Foundation
import PostgresNIO
import Reports
import Results
import Synchronization

/// The result history in a PostgreSQL database shared by a fleet: the same logical schema as the SQLite history
/// (`runs` with the whole report JSON, `results` per configuration) plus the machine name and tags of each run.
///
/// Each call opens one connection and closes it: a CLI run stores one report, and a server that went away
/// between opening and storing is then found when storing. Migrations run in one transaction under an advisory
/// lock, so processes that open an empty database at once migrate it once. A run is stored in one transaction:
/// a process killed or a connection lost mid-way leaves nothing of it.
public final class PostgreSQLHistory: Sendable {
    public let location: PostgreSQLLocation

    /// The migrations in order; one once released never changes. Version 2 matches SQLite's "v2" migration.
    static let migrations: [(version: Int, name: String, statements: [String])] = [
        (1, "runs and results", [
            """
            CREATE TABLE runs (
                id BIGSERIAL PRIMARY KEY,
                created TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                schema TEXT NOT NULL,
                environment_hash TEXT NOT NULL,
                hostname TEXT NOT NULL,
                cpu_model TEXT NOT NULL,
                logical_cores INTEGER NOT NULL,
                kernel TEXT NOT NULL,
                os TEXT NOT NULL,
                litert_version TEXT,
                edgebench_version TEXT NOT NULL,
                verdict TEXT,
                report_json TEXT NOT NULL
            )
            """,
            "CREATE INDEX runs_by_created ON runs(created)",
            """
            CREATE TABLE results (
                id BIGSERIAL PRIMARY KEY,
                run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                created TEXT NOT NULL,
                label TEXT NOT NULL,
                model TEXT NOT NULL,
                model_name TEXT NOT NULL,
                model_sha256 TEXT,
                backend TEXT NOT NULL,
                threads INTEGER NOT NULL,
                kernels TEXT NOT NULL,
                device TEXT,
                environment_hash TEXT NOT NULL,
                available BOOLEAN NOT NULL,
                p50_ms DOUBLE PRECISION,
                p90_ms DOUBLE PRECISION,
                mean_ms DOUBLE PRECISION,
                samples INTEGER NOT NULL,
                UNIQUE (run_id, position)
            )
            """,
            "CREATE INDEX results_by_key ON results(model_sha256, label, backend, threads, kernels, device, environment_hash, created)",
            "CREATE INDEX results_by_model_name ON results(model_name)",
            "CREATE INDEX results_by_model ON results(model)",
        ]),
        (2, "machine name and tags", [
            "ALTER TABLE runs ADD COLUMN machine_name TEXT",
            // A JSON object of the run's --tag labels, {} when none.
            "ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '{}'",
            "CREATE INDEX runs_by_machine ON runs(machine_name)",
        ]),
        // SQLite's "v3": run kinds and accuracy results (PostgreSQLHistory+Accuracy.swift).
        (3, "run kinds and accuracy results", accuracyStatements),
    ]

    static var latestVersion: Int { migrations.last!.version }

    /// Connects and brings the schema up to date (creating the tables in an empty database).
    /// - Throws: `PostgreSQLHistoryError` (69 when the server cannot be used).
    public init(location: PostgreSQLLocation) throws {
        self.location = location
        try blocking { [self] in try await withConnection(access: .writing) { try await self.migrate($0) } }
    }

    private init(reading location: PostgreSQLLocation) {
        self.location = location
    }

    /// Connects without creating anything; nil when the database has no edgebench tables yet.
    public static func existing(location: PostgreSQLLocation) throws -> PostgreSQLHistory? {
        let history = PostgreSQLHistory(reading: location)
        let version = try history.blocking { try await history.withConnection(access: .reading) { try await history.schemaVersion($0) } }
        guard let version else { return nil }
        guard version <= latestVersion else { throw PostgreSQLHistoryError.newerSchema(url: location.displayURL, found: version, known: latestVersion) }
        return history
    }

    // MARK: - Writing

    /// Stores a report, its results, the machine name and the tags in one transaction.
    /// - Returns: The new run's id.
    @discardableResult
    public func record(_ report: BenchReport, machineName: String, tags: [RunTag], kind: RunKind = .bench) throws -> Int64 {
        let kind = kind.rawValue
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        let tagsJSON = HistoryListing.tagsJSON(tags)
        let environment = report.environment
        let environmentHash = environment.stableHash
        let recordedAt = ISO8601DateFormatter().string(from: Date())
        return try blocking { [self] in
            try await withConnection(access: .writing) { connection in
                try await connection.withTransaction(logger: Self.logger) { connection in
                    let inserted = try await connection.query("""
                        INSERT INTO runs (created, recorded_at, schema, environment_hash, hostname, cpu_model, logical_cores,
                                          kernel, os, litert_version, edgebench_version, verdict, report_json, machine_name, tags, kind)
                        VALUES (\(report.created), \(recordedAt), \(report.schema), \(environmentHash), \(environment.hostname),
                                \(environment.cpuModel), \(environment.logicalCores), \(environment.kernel), \(environment.os),
                                \(environment.litertVersion), \(environment.edgebenchVersion), \(report.verdict), \(json),
                                \(machineName), \(tagsJSON), \(kind))
                        RETURNING id
                        """, logger: Self.logger)
                    var runID: Int64?
                    for try await id in inserted.decode(Int64.self) { runID = id }
                    guard let runID else { throw PostgreSQLHistoryError.statementFailed(url: self.location.displayURL, access: .writing, detail: "INSERT returned no id") }
                    for (position, result) in report.results.enumerated() {
                        try await connection.query("""
                            INSERT INTO results (run_id, position, created, label, model, model_name, model_sha256, backend,
                                                 threads, kernels, device, environment_hash, available, p50_ms, p90_ms, mean_ms, samples)
                            VALUES (\(runID), \(position), \(report.created), \(result.label), \(result.model),
                                    \((result.model as NSString).lastPathComponent), \(result.modelSHA256), \(result.backend),
                                    \(result.threads), \(result.kernels), \(result.device), \(environmentHash), \(result.available),
                                    \(result.latencyMs?.p50), \(result.latencyMs?.p90), \(result.latencyMs?.mean), \(result.samples))
                            """, logger: Self.logger)
                        StoreTestHook.pauseIfRequested(afterResult: position)  // tests only: a kill mid-transaction
                    }
                    return runID
                }
            }
        }
    }

    // MARK: - Reading

    /// The ` WHERE …` clause (empty when nothing is filtered) and its bindings for a results table aliased `table`,
    /// joined to `runs` as `u`: the one reading of a `HistoryFilter` for bench and accuracy listings.
    /// - Parameter hasSHA256: The table stores model SHA-256s, which `--model` may then name.
    static func whereClause(_ filter: HistoryFilter, table: String, hasSHA256: Bool) -> (String, PostgresBindings) {
        var conditions: [String] = []
        var bindings = PostgresBindings()
        func placeholder(_ value: String) -> String {
            bindings.append(value)
            return "$\(bindings.count)"
        }
        if let model = filter.model {
            let sha = hasSHA256 ? " OR \(table).model_sha256 = \(placeholder(model.lowercased()))" : ""
            conditions.append("(\(table).model = \(placeholder(model)) OR \(table).model_name = \(placeholder(model))\(sha))")
        }
        if let machine = filter.machine { conditions.append("COALESCE(u.machine_name, u.hostname) = \(placeholder(machine))") }
        for tag in filter.tags {
            conditions.append("(u.tags::jsonb ->> \(placeholder(tag.key))) = \(placeholder(tag.value))")
        }
        if let since = filter.since { conditions.append("\(table).created >= \(placeholder(since))") }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), bindings)
    }

    /// The stored results that pass `filter`, oldest first (then in report order).
    public func list(_ filter: HistoryFilter = HistoryFilter()) throws -> [HistoryListing] {
        let (condition, bindings) = Self.whereClause(filter, table: "r", hasSHA256: true)
        var sql = """
            SELECT r.run_id, r.position, r.created, r.label, r.model, r.model_sha256, r.backend, r.threads, r.kernels, r.device,
                   r.environment_hash, r.available, r.p50_ms, r.p90_ms, r.mean_ms, r.samples, COALESCE(u.machine_name, u.hostname), u.tags, u.kind
            FROM results r JOIN runs u ON u.id = r.run_id
            """
        sql += condition + " ORDER BY r.created, r.run_id, r.position"
        let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        return try blocking { [self] in
            try await withConnection(access: .reading) { connection in
                var entries: [HistoryListing] = []
                let rows = try await connection.query(query, logger: Self.logger)
                for try await row in rows {
                    let cells = row.makeRandomAccess()
                    func cell<T: PostgresDecodable>(_ index: Int, _ type: T.Type) throws -> T { try cells[index].decode(T.self, context: .default) }
                    var entry = HistoryEntry(
                        runID: try cell(0, Int64.self), position: Int(try cell(1, Int32.self)), created: try cell(2, String.self),
                        label: try cell(3, String.self), model: try cell(4, String.self), modelSHA256: try cell(5, String?.self),
                        backend: try cell(6, String.self), threads: Int(try cell(7, Int32.self)), kernels: try cell(8, String.self),
                        device: try cell(9, String?.self), environmentHash: try cell(10, String.self), available: try cell(11, Bool.self),
                        p50Ms: try cell(12, Double?.self), p90Ms: try cell(13, Double?.self), meanMs: try cell(14, Double?.self),
                        samples: Int(try cell(15, Int32.self)))
                    entry.kind = try cell(18, String.self)
                    entries.append(HistoryListing(entry: entry, machineName: try cell(16, String?.self),
                                                  tags: HistoryListing.tags(fromJSON: try cell(17, String.self))))
                }
                return entries
            }
        }
    }

    /// The whole report of one run; nil when there is no such run.
    public func run(id: Int64) throws -> BenchReport? {
        let stored: StoredRun? = try blocking { [self] in
            try await withConnection(access: .reading) { connection in
                var found: StoredRun?
                let rows = try await connection.query("SELECT report_json, machine_name FROM runs WHERE id = \(id)", logger: Self.logger)
                for try await (text, machine) in rows.decode((String, String?).self) {
                    found = StoredRun(json: text, machineName: machine)
                }
                return found
            }
        }
        guard let stored else { return nil }
        do {
            var report = try JSONDecoder().decode(BenchReport.self, from: Data(stored.json.utf8))
            // Runs stored before reports carried the machine name have it in their row only.
            if report.environment.machineName == nil { report.environment.machineName = stored.machineName }
            return report
        } catch {
            throw PostgreSQLHistoryError.undecodableReport(runID: id, detail: String(describing: error))
        }
    }

    /// The machine name (else the host name) and tags of run `id`; nil when there is no such run.
    public func labels(ofRun id: Int64) throws -> RunLabels? {
        try blocking { [self] in
            try await withConnection(access: .reading) { connection in
                var found: RunLabels?
                let rows = try await connection.query("SELECT COALESCE(machine_name, hostname), tags FROM runs WHERE id = \(id)", logger: Self.logger)
                for try await (machine, tags) in rows.decode((String?, String).self) {
                    found = RunLabels(machineName: machine, tags: HistoryListing.tags(fromJSON: tags))
                }
                return found
            }
        }
    }

    private struct StoredRun: Sendable {
        var json: String
        var machineName: String?
    }

    /// The number of stored runs (for tests and `history` summaries).
    public func runCount() throws -> Int {
        try blocking { [self] in
            try await withConnection(access: .reading) { connection in
                var count = 0
                for try await value in try await connection.query("SELECT count(*) FROM runs", logger: Self.logger).decode(Int64.self) { count = Int(value) }
                return count
            }
        }
    }

    // MARK: - Schema

    /// The applied schema version, nil when the database has no edgebench tables.
    func schemaVersion(_ connection: PostgresConnection) async throws -> Int? {
        var exists = false
        for try await present in try await connection.query("SELECT to_regclass('edgebench_migrations') IS NOT NULL", logger: Self.logger).decode(Bool.self) {
            exists = present
        }
        guard exists else { return nil }
        var version: Int?
        for try await value in try await connection.query("SELECT max(version) FROM edgebench_migrations", logger: Self.logger).decode(Int32?.self) {
            version = value.map(Int.init)
        }
        return version ?? 0
    }

    func migrate(_ connection: PostgresConnection) async throws {
        if let version = try await schemaVersion(connection), version >= Self.latestVersion {
            guard version == Self.latestVersion else {
                throw PostgreSQLHistoryError.newerSchema(url: location.displayURL, found: version, known: Self.latestVersion)
            }
            return
        }
        try await connection.withTransaction(logger: Self.logger) { connection in
            // One migrator at a time across processes; the lock ends with the transaction.
            try await connection.query("SELECT pg_advisory_xact_lock(7231604471)", logger: Self.logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS edgebench_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: Self.logger)
            let applied = try await self.schemaVersion(connection) ?? 0
            for migration in Self.migrations where migration.version > applied {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger)
                }
                try await connection.query("INSERT INTO edgebench_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: Self.logger)
            }
        }
    }

    // MARK: - Connections and errors

    static let logger: Logger = {
        var logger = Logger(label: "edgebench.postgresql")
        logger.logLevel = .critical
        return logger
    }()

    /// Opens a connection, runs `body`, closes it; every PostgresNIO error becomes a `PostgreSQLHistoryError`.
    func withConnection<T: Sendable>(access: PostgreSQLHistoryError.Access, _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        let connection: PostgresConnection
        do {
            if location.tls != .disable {
                let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                configuration.tls = location.tls == .require ? .require(context) : .prefer(context)
            }
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Self.logger)
        } catch {
            throw translate(error, access: access, connecting: true)
        }
        do {
            let value = try await body(connection)
            try? await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw translate(error, access: access, connecting: false)
        }
    }

    /// What a PostgresNIO error means for the user. PSQLError's own description hides server details on purpose,
    /// so the server's message and the underlying network error are read from its fields.
    func translate(_ error: any Error, access: PostgreSQLHistoryError.Access, connecting: Bool) -> PostgreSQLHistoryError {
        if let known = error as? PostgreSQLHistoryError { return known }
        if let transaction = error as? PostgresTransactionError {
            return translate(transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error, access: access, connecting: connecting)
        }
        let url = location.displayURL
        guard let psql = error as? PSQLError else {
            return connecting ? .unreachable(url: url, detail: String(describing: error))
                : .statementFailed(url: url, access: access, detail: String(describing: error))
        }
        let message = psql.serverInfo?[.message]
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            if state == "28P01" || state == "28000" { return .authenticationFailed(url: url, detail: message ?? state) }
            if state == "3D000" { return .noSuchDatabase(url: url) }
            // 57P01..57P03: the server is shutting down or not accepting connections.
            if state.hasPrefix("57P") || state.hasPrefix("08") {
                return connecting ? .unreachable(url: url, detail: message ?? state) : .connectionLost(url: url, access: access, detail: message ?? state)
            }
            return .statementFailed(url: url, access: access, detail: "\(message ?? "error") [SQLSTATE \(state)]")
        case .authMechanismRequiresPassword:
            return .authenticationFailed(url: url, detail: "the server wants a password")
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            let detail = psql.underlying.map { String(describing: $0) } ?? "\(psql.code)"
            return connecting ? .unreachable(url: url, detail: detail) : .connectionLost(url: url, access: access, detail: detail)
        default:
            let detail = message ?? psql.underlying.map { String(describing: $0) } ?? "\(psql.code)"
            return connecting ? .unreachable(url: url, detail: detail) : .statementFailed(url: url, access: access, detail: detail)
        }
    }

    /// Runs async work to completion from synchronous code (the CLI's commands are synchronous).
    func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try box.get()
    }

    private final class ResultBox<T: Sendable>: Sendable {
        private let result = Mutex<Result<T, any Error>?>(nil)

        func set(_ value: Result<T, any Error>) {
            result.withLock { $0 = value }
        }

        func get() throws -> T {
            try result.withLock { $0 }!.get()
        }
    }
}
