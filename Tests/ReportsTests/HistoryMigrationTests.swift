import Results
import Foundation
import GRDB
import Testing
@testable import Reports

@Suite("SQLite histories of the v1 schema upgrade in place to machine names and tags")
struct HistoryMigrationTests {
    /// A history file as edgebench wrote it before machine names: migration v1 only, one run from "old-host".
    func versionOneHistory(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try ResultHistory.migrator.migrate(queue, upTo: "v1: runs and results")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (created, recorded_at, schema, environment_hash, hostname, cpu_model, logical_cores, kernel, os,
                                  litert_version, edgebench_version, verdict, report_json)
                VALUES ('2025-06-01T00:00:00Z', '2025-06-01T00:00:01Z', 'edgebench.bench/1', 'h', 'old-host', 'cpu', 4, 'k', 'os',
                        '2.3.0', '0.1.0', NULL, '{}');
                INSERT INTO results (run_id, position, created, label, model, model_name, model_sha256, backend, threads, kernels,
                                     device, environment_hash, available, p50_ms, p90_ms, mean_ms, samples)
                VALUES (1, 0, '2025-06-01T00:00:00Z', 'old.tflite cpu', '/m/old.tflite', 'old.tflite', NULL, 'cpu', 1, 'xnnpack',
                        NULL, 'h', 1, 1.5, 1.7, 1.55, 10);
                """)
        }
    }

    @Test("opening a v1 history applies v2, keeps the old run (read as its host name), and stores machine name and tags")
    func upgradeInPlace() throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/history.sqlite"
        try versionOneHistory(at: path)

        let history = try ResultHistory(path: path)
        let applied = try DatabaseQueue(path: path).read { try ResultHistory.migrator.appliedMigrations($0) }
        #expect(applied == ["v1: runs and results", "v2: machine name and tags", "v3: run kinds and accuracy results"])

        let id = try history.record(try Fixture.report(), machineName: "rig-b", tags: [RunTag(key: "commit", value: "c2")])
        #expect(id == 2)
        let all = try history.list(HistoryFilter())
        #expect(all.count == 5)
        #expect(all.first?.machineName == "old-host")
        #expect(all.first?.tags == [:])
        #expect(all.dropFirst().allSatisfy { $0.machineName == "rig-b" && $0.tags == ["commit": "c2"] })

        #expect(try history.list(HistoryFilter(machine: "old-host")).map(\.entry.runID) == [1])
        #expect(try history.list(HistoryFilter(tags: [RunTag(key: "commit", value: "c2")])).count == 4)
        #expect(try history.list(HistoryFilter(tags: [RunTag(key: "commit", value: "c1")])).isEmpty)
        #expect(try history.list(HistoryFilter(model: "alpha.tflite", machine: "rig-b")).count == 2)
        #expect(try history.list(HistoryFilter(since: "2026-01-01")).map(\.entry.runID).allSatisfy { $0 == 2 })
        // The old listing is unchanged by the upgrade.
        #expect(try history.list(model: "old.tflite").map(\.p50Ms) == [1.5])
    }
}
