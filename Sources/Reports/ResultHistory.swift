import Foundation
import GRDB
import Results

/// Every recorded bench run, in an SQLite database: one `runs` row per report (with its whole JSON) and one
/// `results` row per configuration, keyed by model SHA-256, configuration and environment fingerprint.
///
/// Thread-safe: all access goes through one GRDB `DatabasePool` (one writer connection, concurrent readers).
/// Several processes may use one file at once: the database is in WAL mode, each write is one IMMEDIATE
/// transaction, and a connection that finds the file locked waits up to `busyTimeout` seconds before failing.
/// A process killed mid-write leaves the database as it was before that transaction (SQLite rolls back
/// the uncommitted WAL frames). Every SQLite failure surfaces as a `ResultHistoryError` naming the file.
public final class ResultHistory: Sendable {
    /// How long a connection waits for another process's lock before failing with SQLITE_BUSY: long enough
    /// for another run's one-transaction write, short enough that a stuck lock fails the command promptly.
    public static let busyTimeout: TimeInterval = 2

    /// The database file.
    public let path: String
    /// Internal for the accuracy runs' extension (ResultHistory+Accuracy.swift).
    let pool: DatabasePool

    /// `$XDG_DATA_HOME/edgebench/history.sqlite`, or `~/.local/share/edgebench/history.sqlite` where
    /// `XDG_DATA_HOME` is unset, empty or relative (as the XDG Base Directory specification says).
    /// - Parameter environment: The process environment (a parameter for tests).
    /// - Throws: `ResultHistoryError.noDefaultLocation` when neither variable is usable.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return (data as NSString).appendingPathComponent("edgebench/history.sqlite")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { throw ResultHistoryError.noDefaultLocation }
        return (home as NSString).appendingPathComponent(".local/share/edgebench/history.sqlite")
    }

    /// Opens (creating if needed) the history at the default path.
    /// - Throws: As `init(path:)`, and `ResultHistoryError.noDefaultLocation`.
    public convenience init() throws {
        try self.init(path: try Self.defaultPath())
    }

    /// Opens the history at `path` for recording, creating the file and its directory if needed, and migrates
    /// its schema.
    /// - Parameter path: The SQLite file.
    /// - Throws: `ResultHistoryError.cannotCreateDirectory`; `.notAHistory` when the file is not an SQLite
    ///   database; `.locked` when it stays locked longer than `busyTimeout`; `.readOnly` / `.databaseFailure`.
    public convenience init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ResultHistoryError.cannotCreateDirectory(path: directory, detail: error.localizedDescription)
            }
        }
        try self.init(path: path, readOnly: false)
    }

    /// Opens an existing history without creating or changing anything (for `history` and `check --baseline ID`).
    /// - Parameter path: The SQLite file.
    /// - Returns: nil when there is no file at `path` (no history yet).
    /// - Throws: As `init(path:)`, with `access` `.reading`.
    public static func existing(path: String) throws -> ResultHistory? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try ResultHistory(path: path, readOnly: true)
    }

    private init(path: String, readOnly: Bool) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.readonly = readOnly
        configuration.label = "edgebench.history"
        self.path = path
        let access: ResultHistoryError.Access = readOnly ? .reading : .writing
        self.pool = try Self.translatingErrors(path: path, access: access) {
            try Self.retryingWhileBusy { try DatabasePool(path: path, configuration: configuration) }
        }
        if !readOnly {
            try Self.translatingErrors(path: path, access: access) { try Self.migrate(pool) }
        }
    }

    /// Runs `body`, turning GRDB's `DatabaseError` into a `ResultHistoryError` that names the file and the fix.
    /// Other errors (a test's abort hook, `ResultHistoryError` itself) pass through unchanged.
    static func translatingErrors<T>(path: String, access: ResultHistoryError.Access, _ body: () throws -> T) throws -> T {
        let start = Date()
        do {
            return try body()
        } catch let error as DatabaseError {
            throw ResultHistoryError(error, path: path, access: access, waited: Date().timeIntervalSince(start))
        }
    }

    /// Runs the migrations. Two processes opening a new file at once both try to migrate: the loser's
    /// transaction fails (the tables exist), and it is done once the migrations are complete.
    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = Self.migrator
        // An up-to-date history needs no write lock to open (a locked one then fails only when written).
        if try pool.read({ db in try migrator.hasCompletedMigrations(db) }) { return }
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                throw error  // the busy handler has already waited busyTimeout
            } catch {
                attempt += 1
                if (try? pool.read({ db in try migrator.hasCompletedMigrations(db) })) == true { return }
                if attempt >= 5 { throw error }
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    /// Retries `body` while SQLite reports the file busy or locked beyond the busy handler (opening a new
    /// file in WAL mode while another process does the same), for at most `busyTimeout`.
    private static func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    // MARK: - Writing

    /// Stores a report and its results in one transaction.
    /// - Parameter report: The run to store.
    /// - Returns: The new run's id.
    /// - Throws: `ResultHistoryError.unencodableReport`; `ResultHistoryError` when the write fails (nothing of the run is
    ///   stored then).
    @discardableResult
    public func record(_ report: BenchReport, machineName: String? = nil, tags: [RunTag] = [], kind: RunKind = .bench) throws -> Int64 {
        try record(report, machineName: machineName, tags: tags, kind: kind, afterInsertingResult: { StoreTestHook.pauseIfRequested(afterResult: $0) })
    }

    /// `record(_:)` with a hook called after each result row, inside the transaction (tests abort through it).
    func record(_ report: BenchReport, machineName: String? = nil, tags: [RunTag] = [], kind: RunKind = .bench,
                afterInsertingResult hook: (Int) throws -> Void) throws -> Int64 {
        let tagsJSON = HistoryListing.tagsJSON(tags)
        let json: String
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            json = String(decoding: try encoder.encode(report), as: UTF8.self)
        } catch {
            throw ResultHistoryError.unencodableReport(detail: String(describing: error))
        }
        let environment = report.environment
        let environmentHash = environment.stableHash
        let recordedAt = ISO8601DateFormatter().string(from: Date())
        var runID: Int64 = 0
        try Self.translatingErrors(path: path, access: .writing) { try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: """
                    INSERT INTO runs (created, recorded_at, schema, environment_hash, hostname, cpu_model, logical_cores,
                                      kernel, os, litert_version, edgebench_version, verdict, report_json, machine_name, tags, kind)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [report.created, recordedAt, report.schema, environmentHash, environment.hostname,
                                     environment.cpuModel, environment.logicalCores, environment.kernel, environment.os,
                                     environment.litertVersion, environment.edgebenchVersion, report.verdict, json,
                                     machineName, tagsJSON, kind.rawValue])
                runID = db.lastInsertedRowID
                for (position, result) in report.results.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO results (run_id, position, created, label, model, model_name, model_sha256, backend,
                                             threads, kernels, device, environment_hash, available, p50_ms, p90_ms, mean_ms, samples)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [runID, position, report.created, result.label, result.model,
                                         (result.model as NSString).lastPathComponent, result.modelSHA256, result.backend,
                                         result.threads, result.kernels, result.device, environmentHash, result.available,
                                         result.latencyMs?.p50, result.latencyMs?.p90, result.latencyMs?.mean, result.samples])
                    try hook(position)
                }
                return .commit
            }
        } }
        return runID
    }

    // MARK: - Reading

    /// The stored results, oldest run first (then in report order).
    /// - Parameter model: Only results of this model: its path as benchmarked, its file name, or its SHA-256
    ///   (lowercase hex); nil for all.
    /// - Throws: `ResultHistoryError`.
    public func list(model: String? = nil) throws -> [HistoryEntry] {
        try Self.translatingErrors(path: path, access: .reading) { try pool.read { db in
            var sql = """
                SELECT run_id, position, created, label, model, model_sha256, backend, threads, kernels, device,
                       environment_hash, available, p50_ms, p90_ms, mean_ms, samples
                FROM results
                """
            var arguments: StatementArguments = []
            if let model {
                sql += " WHERE model = ? OR model_name = ? OR model_sha256 = ?"
                arguments = [model, model, model.lowercased()]
            }
            sql += " ORDER BY created, run_id, position"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.entry)
        } }
    }

    /// The ` WHERE …` clause (empty when nothing is filtered) and its arguments for a results table aliased `table`,
    /// joined to `runs` as `u`: the one reading of a `HistoryFilter` for bench and accuracy listings.
    /// - Parameter hasSHA256: The table stores model SHA-256s, which `--model` may then name.
    static func whereClause(_ filter: HistoryFilter, table: String, hasSHA256: Bool) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let model = filter.model {
            conditions.append("(\(table).model = ? OR \(table).model_name = ?" + (hasSHA256 ? " OR \(table).model_sha256 = ?)" : ")"))
            arguments += [model, model]
            if hasSHA256 { arguments += [model.lowercased()] }
        }
        if let machine = filter.machine {
            conditions.append("COALESCE(u.machine_name, u.hostname) = ?")
            arguments += [machine]
        }
        for tag in filter.tags {
            conditions.append("json_extract(u.tags, '$.' || json_quote(?)) = ?")
            arguments += [tag.key, tag.value]
        }
        if let since = filter.since {
            conditions.append("\(table).created >= ?")
            arguments += [since]
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    /// The stored results that pass `filter`, oldest run first, with each run's machine name and tags.
    /// - Throws: `ResultHistoryError`.
    public func list(_ filter: HistoryFilter) throws -> [HistoryListing] {
        try Self.translatingErrors(path: path, access: .reading) { try pool.read { db in
            var sql = """
                SELECT r.run_id, r.position, r.created, r.label, r.model, r.model_sha256, r.backend, r.threads, r.kernels, r.device,
                       r.environment_hash, r.available, r.p50_ms, r.p90_ms, r.mean_ms, r.samples,
                       COALESCE(u.machine_name, u.hostname) AS machine, u.tags AS tags, u.kind AS kind
                FROM results r JOIN runs u ON u.id = r.run_id
                """
            let (condition, arguments) = Self.whereClause(filter, table: "r", hasSHA256: true)
            sql += condition + " ORDER BY r.created, r.run_id, r.position"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                var entry = Self.entry(row)
                entry.kind = row["kind"]
                return HistoryListing(entry: entry, machineName: row["machine"], tags: HistoryListing.tags(fromJSON: row["tags"]))
            }
        } }
    }

    private static func entry(_ row: Row) -> HistoryEntry {
        HistoryEntry(runID: row["run_id"], position: row["position"], created: row["created"], label: row["label"],
                     model: row["model"], modelSHA256: row["model_sha256"], backend: row["backend"], threads: row["threads"],
                     kernels: row["kernels"], device: row["device"], environmentHash: row["environment_hash"],
                     available: row["available"], p50Ms: row["p50_ms"], p90Ms: row["p90_ms"], meanMs: row["mean_ms"],
                     samples: row["samples"])
    }

    /// The whole report of one run, as recorded.
    /// - Parameter id: A run id from `record(_:)` or a `HistoryEntry`.
    /// - Returns: nil when there is no such run.
    /// - Throws: `ResultHistoryError.undecodableReport` / `.unsupportedSchema` for a stored report this version
    ///   cannot read; `ResultHistoryError` for a database failure.
    public func run(id: Int64) throws -> BenchReport? {
        let stored = try Self.translatingErrors(path: path, access: .reading) { try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT schema, report_json, machine_name FROM runs WHERE id = ?", arguments: [id])
                .map { (schema: $0["schema"] as String, json: $0["report_json"] as String, machine: $0["machine_name"] as String?) }
        } }
        guard let stored else { return nil }
        guard BenchReport.readableSchemas.contains(stored.schema) else {
            throw ResultHistoryError.unsupportedSchema(runID: id, found: stored.schema, expected: BenchReport.readableSchemas.sorted().joined(separator: "' or '"))
        }
        do {
            var report = try JSONDecoder().decode(BenchReport.self, from: Data(stored.json.utf8))
            // Runs stored before reports carried the machine name have it in their row only.
            if report.environment.machineName == nil { report.environment.machineName = stored.machine }
            return report
        } catch {
            throw ResultHistoryError.undecodableReport(runID: id, detail: String(describing: error))
        }
    }

    /// The machine name (else the host name) and tags of run `id`; nil when there is no such run.
    /// - Throws: `ResultHistoryError`.
    public func labels(ofRun id: Int64) throws -> RunLabels? {
        try Self.translatingErrors(path: path, access: .reading) { try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT COALESCE(machine_name, hostname) AS machine, tags FROM runs WHERE id = ?", arguments: [id])
                .map { RunLabels(machineName: $0["machine"], tags: HistoryListing.tags(fromJSON: $0["tags"])) }
        } }
    }

    /// The most recent run that has a result with `label` measured in the same environment, for comparing a
    /// new run with the last one (`edgebench check` without an explicit baseline).
    /// - Parameters:
    ///   - label: The configuration label.
    ///   - environmentHash: `MachineFingerprint.stableHash` of the environment; nil for any.
    /// - Returns: The run id, or nil when none matches.
    /// - Throws: `ResultHistoryError`.
    public func latestRunID(label: String, environmentHash: String? = nil) throws -> Int64? {
        try Self.translatingErrors(path: path, access: .reading) { try pool.read { db in
            var sql = "SELECT run_id FROM results WHERE label = ? AND available"
            var arguments: StatementArguments = [label]
            if let environmentHash {
                sql += " AND environment_hash = ?"
                arguments += [environmentHash]
            }
            sql += " ORDER BY created DESC, run_id DESC LIMIT 1"
            return try Int64.fetchOne(db, sql: sql, arguments: arguments)
        } }
    }
}
