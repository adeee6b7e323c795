import Results
import Foundation
import PostgresNIO
import Reports

extension PostgreSQLHistory {
    /// Migration 3, the same as SQLite's "v3": the kind of each run (`bench` for runs stored before) and one
    /// `accuracy_results` row per configuration of an accuracy run.
    static let accuracyStatements: [String] = [
        "ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'bench'",
        "CREATE INDEX runs_by_kind ON runs(kind)",
        """
        CREATE TABLE accuracy_results (
            id BIGSERIAL PRIMARY KEY,
            run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
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
            top1 DOUBLE PRECISION,
            top5 DOUBLE PRECISION,
            invoke_median_ms DOUBLE PRECISION,
            UNIQUE (run_id, position)
        )
        """,
        "CREATE INDEX accuracy_results_by_model ON accuracy_results(model_name, label, created)",
        "CREATE INDEX accuracy_results_by_path ON accuracy_results(model)",
    ]

    /// Stores an accuracy report, its rows, the machine name and the tags in one transaction.
    /// - Returns: The new run's id.
    @discardableResult
    public func record(_ report: AccuracyReport, machineName: String, tags: [RunTag]) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        let tagsJSON = HistoryListing.tagsJSON(tags)
        let environment = try report.storedEnvironment()
        let environmentHash = environment.stableHash
        let created = report.recordedCreated
        let recordedAt = ISO8601DateFormatter().string(from: Date())
        let rows = AccuracyResultRow.rows(of: report)
        let dataset = report.dataset.path
        return try blocking { [self] in
            try await withConnection(access: .writing) { connection in
                try await connection.withTransaction(logger: Self.logger) { connection in
                    let inserted = try await connection.query("""
                        INSERT INTO runs (created, recorded_at, schema, environment_hash, hostname, cpu_model, logical_cores,
                                          kernel, os, litert_version, edgebench_version, verdict, report_json, machine_name, tags, kind)
                        VALUES (\(created), \(recordedAt), \(report.schema), \(environmentHash), \(environment.hostname),
                                \(environment.cpuModel), \(environment.logicalCores), \(environment.kernel), \(environment.os),
                                \(environment.litertVersion), \(environment.edgebenchVersion), \(String?.none), \(json),
                                \(machineName), \(tagsJSON), \(RunKind.accuracy.rawValue))
                        RETURNING id
                        """, logger: Self.logger)
                    var runID: Int64?
                    for try await id in inserted.decode(Int64.self) { runID = id }
                    guard let runID else { throw PostgreSQLHistoryError.statementFailed(url: self.location.displayURL, access: .writing, detail: "INSERT returned no id") }
                    for row in rows {
                        try await connection.query("""
                            INSERT INTO accuracy_results (run_id, position, created, configuration, label, model, model_name, backend,
                                                          threads, kernels, decoder, environment_hash, status, dataset, evaluated,
                                                          top1, top5, invoke_median_ms)
                            VALUES (\(runID), \(row.position), \(created), \(row.configuration), \(row.label), \(row.model),
                                    \(row.modelName), \(row.backend), \(row.threads), \(row.kernels), \(row.decoder), \(environmentHash),
                                    \(row.status), \(dataset), \(row.evaluated), \(row.top1), \(row.top5), \(row.invokeMedianMs))
                            """, logger: Self.logger)
                    }
                    return runID
                }
            }
        }
    }

    /// The stored accuracy results that pass `filter`, oldest first (then in report order).
    public func listAccuracy(_ filter: HistoryFilter = HistoryFilter()) throws -> [HistoryListing] {
        let (condition, bindings) = Self.whereClause(filter, table: "a", hasSHA256: false)
        var sql = """
            SELECT a.run_id, a.position, a.created, a.label, a.model, a.backend, a.threads, a.kernels, a.environment_hash,
                   a.status, a.dataset, a.evaluated, a.top1, a.top5, a.invoke_median_ms, COALESCE(u.machine_name, u.hostname), u.tags
            FROM accuracy_results a JOIN runs u ON u.id = a.run_id
            """
        sql += condition + " ORDER BY a.created, a.run_id, a.position"
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
                        label: try cell(3, String.self), model: try cell(4, String.self), modelSHA256: nil,
                        backend: try cell(5, String.self), threads: Int(try cell(6, Int32?.self) ?? 0), kernels: try cell(7, String?.self) ?? "",
                        device: nil, environmentHash: try cell(8, String.self), available: try cell(9, String.self) == "ok",
                        p50Ms: try cell(14, Double?.self), p90Ms: nil, meanMs: nil, samples: Int(try cell(11, Int32.self)))
                    entry.kind = RunKind.accuracy.rawValue
                    entry.dataset = try cell(10, String.self)
                    entry.top1 = try cell(12, Double?.self)
                    entry.top5 = try cell(13, Double?.self)
                    entries.append(HistoryListing(entry: entry, machineName: try cell(15, String?.self),
                                                  tags: HistoryListing.tags(fromJSON: try cell(16, String.self))))
                }
                return entries
            }
        }
    }

    /// One stored run, bench or accuracy; nil when there is no such run.
    /// - Throws: `PostgreSQLHistoryError.undecodableReport` for a report this version cannot read.
    public func storedRun(id: Int64) throws -> StoredRun? {
        let stored: [String]? = try blocking { [self] in
            try await withConnection(access: .reading) { connection in
                var found: [String]?
                for try await (schema, json) in try await connection.query("SELECT schema, report_json FROM runs WHERE id = \(id)", logger: Self.logger).decode((String, String).self) {
                    found = [schema, json]
                }
                return found
            }
        }
        guard let stored else { return nil }
        let run: StoredRun?
        do {
            run = try StoredRun.decode(schema: stored[0], json: stored[1])
        } catch {
            throw PostgreSQLHistoryError.undecodableReport(runID: id, detail: String(describing: error))
        }
        guard let run else {
            throw PostgreSQLHistoryError.undecodableReport(runID: id, detail: "schema '\(stored[0])' is not one this version reads ('\(StoredRun.readableSchemas)')")
        }
        return run
    }
}
