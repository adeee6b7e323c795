import Results
import Foundation
import GRDB

/// What stored a run: the command whose report `report_json` holds.
public enum RunKind: String, Sendable, Codable, CaseIterable {
    case bench, compare, accuracy
}

/// One stored run, whichever command stored it.
public enum StoredRun: Sendable {
    case latency(BenchReport)
    case accuracy(AccuracyReport)

    /// Decodes a stored report by its schema.
    /// - Returns: nil when `schema` is neither a bench nor an accuracy schema this version reads.
    /// - Throws: The decoder's error for a report of a known schema that does not decode.
    public static func decode(schema: String, json: String) throws -> StoredRun? {
        if BenchReport.readableSchemas.contains(schema) {
            return .latency(try JSONDecoder().decode(BenchReport.self, from: Data(json.utf8)))
        }
        if AccuracyReport.readableSchemas.contains(schema) {
            return .accuracy(try JSONDecoder().decode(AccuracyReport.self, from: Data(json.utf8)))
        }
        return nil
    }

    /// Every schema `decode` reads, for error messages.
    public static var readableSchemas: String {
        (BenchReport.readableSchemas.union(AccuracyReport.readableSchemas)).sorted().joined(separator: "' or '")
    }
}

/// The columns of one accuracy result, the same for SQLite and PostgreSQL.
public struct AccuracyResultRow: Sendable {
    public var position: Int
    public var configuration: String
    public var label: String
    public var model: String
    public var modelName: String
    public var backend: String
    public var threads: Int?
    public var kernels: String?
    public var decoder: String
    public var status: String
    public var evaluated: Int
    public var top1: Double?
    public var top5: Double?
    public var invokeMedianMs: Double?

    /// The rows of a report, in its order.
    public static func rows(of report: AccuracyReport) -> [AccuracyResultRow] {
        report.configurations.enumerated().map { position, c in
            AccuracyResultRow(position: position, configuration: c.configuration, label: c.label, model: c.model,
                              modelName: (c.model as NSString).lastPathComponent, backend: c.backend, threads: c.threads,
                              kernels: c.kernels, decoder: c.decoder.rawValue, status: c.status, evaluated: c.evaluated,
                              top1: c.top1.value, top5: c.top5.value, invokeMedianMs: c.latency?.invokeMedianMs)
        }
    }
}

extension AccuracyReport {
    /// The environment stored with the run (`accuracy` always records one; EdgeBench's `recordedEnvironment` fills
    /// in the current machine for a report read from a file without it).
    public func storedEnvironment() throws -> MachineFingerprint {
        guard let environment else {
            throw ResultHistoryError.unencodableReport(detail: "the accuracy report records no environment (machine fingerprint)")
        }
        return environment
    }
    /// The creation time stored with the run.
    public var recordedCreated: String { created ?? ISO8601DateFormatter().string(from: Date()) }
}

extension ResultHistory {
    /// Migration v3 (PostgreSQL's migration 3 is the same): the kind of each run (`bench` for runs stored before),
    /// and one `accuracy_results` row per configuration of an accuracy run.
    static let accuracySchemaSQL = """
        ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'bench';
        CREATE INDEX runs_by_kind ON runs(kind);
        CREATE TABLE accuracy_results (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            created TEXT NOT NULL,
            configuration TEXT NOT NULL,
            label TEXT NOT NULL,
            model TEXT NOT NULL,
            model_name TEXT NOT NULL,
            backend TEXT NOT NULL,
            threads INTEGER,
            kernels TEXT,
            decoder TEXT NOT NULL,
            environment_hash TEXT NOT NULL,
            status TEXT NOT NULL,
            dataset TEXT NOT NULL,
            evaluated INTEGER NOT NULL,
            top1 REAL,
            top5 REAL,
            invoke_median_ms REAL,
            UNIQUE (run_id, position)
        );
        CREATE INDEX accuracy_results_by_model ON accuracy_results(model_name, label, created);
        CREATE INDEX accuracy_results_by_path ON accuracy_results(model);
        """

    /// Stores an accuracy report and its per-configuration rows in one transaction.
    /// - Returns: The new run's id.
    /// - Throws: `ResultHistoryError.unencodableReport`; `ResultHistoryError` when the write fails (nothing of the run
    ///   is stored then).
    @discardableResult
    public func record(_ report: AccuracyReport, machineName: String? = nil, tags: [RunTag] = []) throws -> Int64 {
        try record(report, machineName: machineName, tags: tags, afterInsertingResult: { _ in })
    }

    /// `record(_:)` with a hook called after each result row, inside the transaction (tests abort through it).
    func record(_ report: AccuracyReport, machineName: String? = nil, tags: [RunTag] = [],
                afterInsertingResult hook: (Int) throws -> Void) throws -> Int64 {
        let json: String
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            json = String(decoding: try encoder.encode(report), as: UTF8.self)
        } catch {
            throw ResultHistoryError.unencodableReport(detail: String(describing: error))
        }
        let environment = try report.storedEnvironment()
        let environmentHash = environment.stableHash
        let created = report.recordedCreated
        let recordedAt = ISO8601DateFormatter().string(from: Date())
        let tagsJSON = HistoryListing.tagsJSON(tags)
        var runID: Int64 = 0
        try Self.translatingErrors(path: path, access: .writing) { try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: """
                    INSERT INTO runs (created, recorded_at, schema, environment_hash, hostname, cpu_model, logical_cores,
                                      kernel, os, litert_version, edgebench_version, verdict, report_json, machine_name, tags, kind)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 'accuracy')
                    """, arguments: [created, recordedAt, report.schema, environmentHash, environment.hostname,
                                     environment.cpuModel, environment.logicalCores, environment.kernel, environment.os,
                                     environment.litertVersion, environment.edgebenchVersion, json, machineName, tagsJSON])
                runID = db.lastInsertedRowID
                for row in AccuracyResultRow.rows(of: report) {
                    try db.execute(sql: """
                        INSERT INTO accuracy_results (run_id, position, created, configuration, label, model, model_name, backend,
                                                      threads, kernels, decoder, environment_hash, status, dataset, evaluated,
                                                      top1, top5, invoke_median_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [runID, row.position, created, row.configuration, row.label, row.model, row.modelName,
                                         row.backend, row.threads, row.kernels, row.decoder, environmentHash, row.status,
                                         report.dataset.path, row.evaluated, row.top1, row.top5, row.invokeMedianMs])
                    try hook(row.position)
                }
                return .commit
            }
        } }
        return runID
    }

    /// The stored accuracy results that pass `filter`, oldest run first, with each run's machine name and tags.
    /// - Throws: `ResultHistoryError`.
    public func listAccuracy(_ filter: HistoryFilter) throws -> [HistoryListing] {
        try Self.translatingErrors(path: path, access: .reading) { try pool.read { db in
            var sql = """
                SELECT a.run_id, a.position, a.created, a.label, a.model, a.backend, a.threads, a.kernels, a.environment_hash,
                       a.status, a.dataset, a.evaluated, a.top1, a.top5, a.invoke_median_ms,
                       COALESCE(u.machine_name, u.hostname) AS machine, u.tags AS tags
                FROM accuracy_results a JOIN runs u ON u.id = a.run_id
                """
            let (condition, arguments) = Self.whereClause(filter, table: "a", hasSHA256: false)
            sql += condition + " ORDER BY a.created, a.run_id, a.position"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                var entry = HistoryEntry(
                    runID: row["run_id"], position: row["position"], created: row["created"], label: row["label"], model: row["model"],
                    modelSHA256: nil, backend: row["backend"], threads: row["threads"] ?? 0, kernels: row["kernels"] ?? "",
                    device: nil, environmentHash: row["environment_hash"], available: (row["status"] as String) == "ok",
                    p50Ms: row["invoke_median_ms"], p90Ms: nil, meanMs: nil, samples: row["evaluated"])
                entry.kind = RunKind.accuracy.rawValue
                entry.top1 = row["top1"]
                entry.top5 = row["top5"]
                entry.dataset = row["dataset"]
                return HistoryListing(entry: entry, machineName: row["machine"], tags: HistoryListing.tags(fromJSON: row["tags"]))
            }
        } }
    }

    /// One stored run, bench or accuracy.
    /// - Returns: nil when there is no such run.
    /// - Throws: `ResultHistoryError.unsupportedSchema` / `.undecodableReport` for a report this version cannot read.
    public func storedRun(id: Int64) throws -> StoredRun? {
        let stored = try Self.translatingErrors(path: path, access: .reading) { try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT schema, report_json FROM runs WHERE id = ?", arguments: [id])
                .map { (schema: $0["schema"] as String, json: $0["report_json"] as String) }
        } }
        guard let stored else { return nil }
        let run: StoredRun?
        do {
            run = try StoredRun.decode(schema: stored.schema, json: stored.json)
        } catch {
            throw ResultHistoryError.undecodableReport(runID: id, detail: String(describing: error))
        }
        guard let run else {
            throw ResultHistoryError.unsupportedSchema(runID: id, found: stored.schema, expected: StoredRun.readableSchemas)
        }
        return run
    }
}
