import FixtureSupport
import Foundation
import Testing

/// `check` with an accuracy baseline: the same configurations run again on the same dataset, gated on top-1.
@Suite("check --max-accuracy-drop against accuracy baselines", .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIAccuracyCheckTests {
    static let labels = Fixtures.labels("imagenet_labels.txt")
    static let small = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// An accuracy report of the small model on the fixture folder, written to `path`; returns it.
    static func baseline(dataset: String, to path: String) throws -> [String: Any] {
        let run = try CLI.run(["accuracy", small + ":threads=1", "--dataset", dataset, "--labels", labels, "--latency-runs", "0",
                               "--quiet", "--no-history", "--output", path])
        #expect(run.status == 0, "\(run.stderr)")
        return try object(try String(contentsOfFile: path, encoding: .utf8))
    }

    /// `report` with every configuration's top-1 accuracy moved by `change` (a fraction), written to `path`.
    static func write(_ report: [String: Any], movingTop1By change: Double, to path: String) throws {
        var report = report
        report["configurations"] = (report["configurations"] as? [[String: Any]] ?? []).map { configuration in
            var configuration = configuration
            var top1 = configuration["top1"] as? [String: Any] ?? [:]
            top1["value"] = (top1["value"] as? Double ?? 0) + change
            configuration["top1"] = top1
            return configuration
        }
        try JSONSerialization.data(withJSONObject: report).write(to: URL(fileURLWithPath: path))
    }

    @Test("re-running the baseline's configurations on its dataset gives the same top-1: within the threshold, exit 0, check/1 JSON with accuracy fields")
    func rerunWithinThreshold() throws {
        let dataset = try CLIAccuracyTests.dataset()
        let directory = TemporaryDirectory()
        let base = directory.path + "/base.json"
        let report = try Self.baseline(dataset: dataset.path, to: base)
        let expected = try #require(((report["configurations"] as? [[String: Any]])?.first?["top1"] as? [String: Any])?["value"] as? Double)
        let check = try CLI.run(["check", "--baseline", base, "--no-history", "--format", "json", "--quiet"])
        #expect(check.status == 0, "\(check.stderr)")
        let outcome = try Self.object(check.stdout)
        #expect(outcome["schema"] as? String == "edgebench.check/1")
        #expect(outcome["kind"] as? String == "accuracy" && outcome["max_accuracy_drop"] as? Double == 0.01)
        #expect(outcome["max_regression"] is NSNull)
        let comparison = try #require((outcome["comparisons"] as? [[String: Any]])?.first)
        #expect(comparison["baseline_top1"] as? Double == expected && comparison["current_top1"] as? Double == expected)
        #expect(comparison["top1_change"] as? Double == 0 && comparison["verdict"] as? String == "within threshold")
        #expect(comparison["baseline_ms"] is NSNull && comparison["ratio"] is NSNull)
    }

    @Test("--current FILE: a drop beyond the threshold exits 2, a rise beyond it 4, within it 0; 1% and 0.01 are one percentage point")
    func verdicts() throws {
        let dataset = try CLIAccuracyTests.dataset()
        let directory = TemporaryDirectory()
        let base = directory.path + "/base.json", current = directory.path + "/current.json"
        let report = try Self.baseline(dataset: dataset.path, to: base)

        try Self.write(report, movingTop1By: -0.02, to: current)
        let drop = try CLI.run(["check", "--baseline", base, "--current", current, "--max-accuracy-drop", "1%"])
        #expect(drop.status == 2, "\(drop.stdout)\(drop.stderr)")
        #expect(drop.stdout.contains("ACCURACY DROP") && drop.stdout.contains("-2.0 pp"), "\(drop.stdout)")
        #expect(try CLI.run(["check", "--baseline", base, "--current", current, "--max-accuracy-drop", "0.01"]).status == 2)
        #expect(try CLI.run(["check", "--baseline", base, "--current", current, "--max-accuracy-drop", "3%"]).status == 0)

        try Self.write(report, movingTop1By: 0.02, to: current)
        let rise = try CLI.run(["check", "--baseline", base, "--current", current, "--format", "csv"])
        #expect(rise.status == 4, "\(rise.stdout)\(rise.stderr)")
        #expect(rise.stdout.split(separator: "\n").first?.hasSuffix(",baseline_top1,current_top1,top1_change") == true)
        let markdown = try CLI.run(["check", "--baseline", base, "--current", current, "--format", "markdown"])
        #expect(markdown.status == 4 && markdown.stdout.contains("### Accuracy check"))

        let latency = directory.path + "/latency.json"
        #expect(try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--runs", "3", "--min-time", "0", "--quiet", "--no-history", "--output", latency]).status == 0)
        let mixed = try CLI.run(["check", "--baseline", base, "--current", latency])
        #expect(mixed.status == 3 && mixed.stderr.contains("not an accuracy report"), "\(mixed.stderr)")
        let bad = try CLI.run(["check", "--baseline", base, "--max-accuracy-drop", "150%"])
        #expect(bad.status == 64 && bad.stderr.contains("--max-accuracy-drop"))
    }

    @Test("a dataset gone from its absolute path is found relative to the baseline file's folder; gone from both is exit 3 naming it")
    func datasetPaths() throws {
        let dataset = try CLIAccuracyTests.dataset()
        let directory = TemporaryDirectory()
        let moved = directory.path + "/val"
        try FileManager.default.copyItem(atPath: dataset.path, toPath: moved)
        let base = directory.path + "/base.json"
        var report = try Self.baseline(dataset: moved, to: base)
        var summary = report["dataset"] as? [String: Any] ?? [:]
        summary["path"] = "val"
        summary["absolute_path"] = "/nonexistent-\(UUID().uuidString)/val"
        report["dataset"] = summary
        try JSONSerialization.data(withJSONObject: report).write(to: URL(fileURLWithPath: base))

        let found = try CLI.run(["check", "--baseline", base, "--no-history", "--quiet"])
        #expect(found.status == 0, "\(found.stdout)\(found.stderr)")
        try FileManager.default.removeItem(atPath: moved)
        let missing = try CLI.run(["check", "--baseline", base, "--no-history", "--quiet"])
        #expect(missing.status == 3, "\(missing.stderr)")
        #expect(missing.stderr.contains("dataset val") && missing.stderr.contains(moved), "\(missing.stderr)")
    }

    @Test("check --baseline ID of a stored accuracy run re-runs it and stores the new run beside it")
    func storedBaseline() throws {
        let dataset = try CLIAccuracyTests.dataset()
        let directory = TemporaryDirectory()
        let db = directory.path + "/history.sqlite"
        let run = try CLI.run(["accuracy", Self.small, "--dataset", dataset.path, "--labels", Self.labels, "--latency-runs", "0", "--quiet", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let check = try CLI.run(["check", "--baseline", "1", "--db", db, "--quiet"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("Accuracy check of top-1") && check.stdout.contains("within threshold"))
        #expect(check.stderr.contains("stored as run 2"), "\(check.stderr)")
    }
}
