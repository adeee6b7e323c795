import Results
import Foundation
import GRDB
import Testing
@testable import Reports

/// A synthesized `edgebench.accuracy/1` report: two configurations over 4 images of 2 classes, the second with
/// latency from an invoke-only pass.
enum AccuracyFixture {
    static let json = #"""
    {
      "schema": "edgebench.accuracy/1", "created": "2026-02-03T04:05:06Z", "interrupted": false,
      "environment": {
        "cpu_model": "Synthetic CPU @ 2.00GHz", "logical_cores": 4, "governor": "performance",
        "kernel": "Linux 6.1.0 x86_64", "os": "Debian GNU/Linux 12 (bookworm)", "swift_version": "6.3+",
        "edgebench_version": "0.1.0", "litert_path": "/opt/litert/libLiteRt.so", "litert_version": "2.3.0",
        "hostname": "accuracy-host"
      },
      "dataset": { "path": "val", "absolute_path": "/data/val", "layout": "folders", "images": 4, "classes": 2,
                   "skipped_classes": [], "ignored_files": [], "labels_source": "labels.txt" },
      "preprocessing": { "center_crop": null, "decoder": "exact", "resize": "lanczos3 (Pillow's ANTIALIAS/LANCZOS)" },
      "tie_rule": "equal scores rank the lowest class index first",
      "pipeline": { "wall_s": 0.5, "images_per_second": 8, "queue_depth": 4 },
      "skipped": [], "warnings": [], "agreement_matrix": [],
      "configurations": [
        { "configuration": "/m/float.tflite", "label": "float.tflite cpu xnnpack 2 threads", "decoder": "exact",
          "model": "/m/float.tflite", "backend": "cpu", "threads": 2, "kernels": "xnnpack", "status": "ok", "error": null,
          "exit_code": null, "normalization": null, "output_classes": 1001, "class_offset": 1, "evaluated": 4, "skipped": 0,
          "failed": 0, "top1": { "successes": 3, "total": 4, "value": 0.75, "lower": 0.3, "upper": 0.95 },
          "top5": { "successes": 4, "total": 4, "value": 1, "lower": 0.5, "upper": 1 }, "ties_deciding_top1": 0,
          "latency": null, "per_class": [], "vs_baseline": null },
        { "configuration": "/m/quant.tflite:threads=1", "label": "quant.tflite cpu xnnpack 1 thread", "decoder": "exact",
          "model": "/m/quant.tflite", "backend": "cpu", "threads": 1, "kernels": "xnnpack", "status": "ok", "error": null,
          "exit_code": null, "normalization": null, "output_classes": 1001, "class_offset": 1, "evaluated": 4, "skipped": 0,
          "failed": 0, "top1": { "successes": 2, "total": 4, "value": 0.5, "lower": 0.15, "upper": 0.85 },
          "top5": { "successes": 4, "total": 4, "value": 1, "lower": 0.5, "upper": 1 }, "ties_deciding_top1": 1,
          "latency": { "invoke_runs": 10, "invoke_median_ms": 7.5, "invoke_min_ms": 7.0, "pipeline_mean_ms": 8.0,
                       "invoke_p90_ms": 8.5, "invoke_mean_ms": 7.75 },
          "per_class": [], "vs_baseline": null }
      ]
    }
    """#

    static func report() throws -> AccuracyReport {
        try JSONDecoder().decode(AccuracyReport.self, from: Data(json.utf8))
    }
}

@Suite("Accuracy runs in the SQLite history: migration v3, one transaction per run, listing and reading back")
struct AccuracyHistoryTests {
    func temporaryDatabase() throws -> (folder: String, path: String) {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("accuracy-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (folder, folder + "/history.sqlite")
    }

    /// A history as edgebench wrote it before accuracy runs: migrations v1 and v2, one bench run from "old-host".
    func versionTwoHistory(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try ResultHistory.migrator.migrate(queue, upTo: "v2: machine name and tags")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (created, recorded_at, schema, environment_hash, hostname, cpu_model, logical_cores, kernel, os,
                                  litert_version, edgebench_version, verdict, report_json, machine_name, tags)
                VALUES ('2025-06-01T00:00:00Z', '2025-06-01T00:00:01Z', 'edgebench.bench/1', 'h', 'old-host', 'cpu', 4, 'k', 'os',
                        '2.3.0', '0.1.0', NULL, '{}', 'rig-old', '{}');
                INSERT INTO results (run_id, position, created, label, model, model_name, model_sha256, backend, threads, kernels,
                                     device, environment_hash, available, p50_ms, p90_ms, mean_ms, samples)
                VALUES (1, 0, '2025-06-01T00:00:00Z', 'old.tflite cpu', '/m/old.tflite', 'old.tflite', NULL, 'cpu', 1, 'xnnpack',
                        NULL, 'h', 1, 1.5, 1.7, 1.55, 10);
                """)
        }
    }

    @Test("a v2 history upgrades in place: the old run reads as kind bench, and accuracy runs are stored and listed beside it")
    func upgradeInPlace() throws {
        let database = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: database.folder) }
        try versionTwoHistory(at: database.path)

        let history = try ResultHistory(path: database.path)
        let applied = try DatabaseQueue(path: database.path).read { try ResultHistory.migrator.appliedMigrations($0) }
        #expect(applied.last == "v3: run kinds and accuracy results")
        let old = try history.list(HistoryFilter())
        #expect(old.map(\.entry.kind) == ["bench"])
        #expect(old.first?.machineName == "rig-old")

        let report = try AccuracyFixture.report()
        let id = try history.record(report, machineName: "rig-a", tags: [RunTag(key: "commit", value: "c1")])
        #expect(id == 2)
        let listed = try history.listAccuracy(HistoryFilter())
        #expect(listed.count == report.configurations.count)
        for (item, configuration) in zip(listed, report.configurations) {
            #expect(item.entry.runID == 2 && item.entry.kind == "accuracy")
            #expect(item.entry.label == configuration.label && item.entry.model == configuration.model)
            #expect(item.entry.top1 == configuration.top1.value && item.entry.top5 == configuration.top5.value)
            #expect(item.entry.samples == configuration.evaluated)
            #expect(item.entry.p50Ms == configuration.latency?.invokeMedianMs)
            #expect(item.entry.dataset == report.dataset.path)
            #expect(item.entry.created == report.created)
            #expect(item.entry.environmentHash == report.environment?.stableHash)
            #expect(item.machineName == "rig-a" && item.tags == ["commit": "c1"])
        }
        #expect(try history.listAccuracy(HistoryFilter(model: "quant.tflite")).map(\.entry.position) == [1])
        #expect(try history.listAccuracy(HistoryFilter(machine: "rig-old")).isEmpty)
        #expect(try history.listAccuracy(HistoryFilter(tags: [RunTag(key: "commit", value: "c1")])).count == 2)
        // Latency listings hold latency results only.
        #expect(try history.list(HistoryFilter()).count == 1)

        guard case let .accuracy(stored)? = try history.storedRun(id: id) else {
            Issue.record("run \(id) did not read back as an accuracy run")
            return
        }
        #expect(stored.configurations.map(\.configuration) == report.configurations.map(\.configuration))
        #expect(stored.configurations.map(\.top1) == report.configurations.map(\.top1))
        #expect(try history.storedRun(id: 99) == nil)
        // The latency reader refuses an accuracy run by its schema rather than misreading it.
        #expect(throws: ResultHistoryError.self) { try history.run(id: id) }

        try history.record(try Fixture.report(), kind: .compare)
        #expect(try history.list(HistoryFilter()).map(\.entry.kind).filter { $0 == "compare" }.count == 4)
    }

    @Test("an accuracy run aborted after its first row leaves nothing of it: no run, no rows")
    func oneTransaction() throws {
        let database = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: database.folder) }
        let history = try ResultHistory(path: database.path)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try history.record(try AccuracyFixture.report(), afterInsertingResult: { position in if position == 0 { throw Abort() } })
        }
        #expect(try history.listAccuracy(HistoryFilter()).isEmpty)
        let runs = try DatabaseQueue(path: database.path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM runs") }
        #expect(runs == 0)
        #expect(try history.record(try AccuracyFixture.report()) == 1)
    }
}

@Suite("Prometheus text of an accuracy run")
struct AccuracyExpositionTests {
    @Test("top-1/top-5 ratios and images per configuration, the invoke-only summary where measured, bench's label names")
    func families() throws {
        let report = try AccuracyFixture.report()
        let text = PrometheusExposition.text(for: report, machine: "rig-a", tags: [RunTag(key: "commit", value: "c1")])
        let quantLabels = #"model="quant.tflite",backend="cpu",device="",threads="1",kernels="xnnpack",configuration="/m/quant.tflite:threads=1",machine="rig-a",commit="c1""#
        #expect(text.contains("edgebench_accuracy_top1_ratio{\(quantLabels)} 0.5\n"))
        #expect(text.contains("edgebench_accuracy_top5_ratio{\(quantLabels)} 1\n"))
        #expect(text.contains("edgebench_accuracy_images{\(quantLabels)} 4\n"))
        #expect(text.contains("edgebench_latency_seconds{\(quantLabels),quantile=\"0.5\"} 0.0075\n"))
        #expect(text.contains("edgebench_latency_seconds_count{\(quantLabels)} 10\n"))
        #expect(text.contains("edgebench_latency_seconds_sum{\(quantLabels)} "))
        // The float configuration had no latency pass: accuracy only.
        #expect(!text.contains(#"edgebench_latency_seconds{model="float.tflite""#))
        #expect(text.contains(#"edgebench_accuracy_top1_ratio{model="float.tflite""#))
        // Each family's HELP and TYPE once, before its samples.
        for family in ["edgebench_accuracy_top1_ratio", "edgebench_accuracy_top5_ratio", "edgebench_latency_seconds"] {
            #expect(text.components(separatedBy: "# TYPE \(family) ").count == 2)
        }
    }
}
