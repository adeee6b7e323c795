import FixtureSupport
import Foundation
import Testing

@Suite("Accuracy runs in a PostgreSQL history: migration 3, listing, show, check", .serialized,
       .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)),
       .enabled(if: ScratchDatabase.available, Comment(rawValue: ScratchDatabase.missing)))
struct PostgreSQLAccuracyCLITests {
    static let labels = Fixtures.labels("imagenet_labels.txt")
    static let small = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")

    @Test("a database at migration 2 upgrades in place: its bench run reads as kind bench, the accuracy run is stored, shown and checked")
    func upgradeAndStore() throws {
        let database = try ScratchDatabase()
        let bench = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--db", database.url, "--runs", "3", "--min-time", "0", "--warmup", "0", "--quiet"])
        #expect(bench.status == 0, "\(bench.stderr)")
        // Back to the schema of migration 2, as an older edgebench left it.
        _ = try database.value("ALTER TABLE runs DROP COLUMN kind; DROP TABLE accuracy_results; DELETE FROM edgebench_migrations WHERE version = 3")
        #expect(try database.value("SELECT string_agg(version::text, ',' ORDER BY version) FROM edgebench_migrations") == "1,2")

        let dataset = try CLIAccuracyTests.dataset()
        let directory = TemporaryDirectory()
        let output = directory.path + "/accuracy.json"
        let run = try CLI.run(["accuracy", Self.small, "--dataset", dataset.path, "--labels", Self.labels, "--latency-runs", "0", "--quiet",
                               "--db", database.url, "--machine-name", "rig-a", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("stored as run 2 in \(database.url)"), "\(run.stderr)")
        #expect(try database.value("SELECT string_agg(version::text, ',' ORDER BY version) FROM edgebench_migrations") == "1,2,3")
        #expect(try database.value("SELECT string_agg(kind, ',' ORDER BY id) FROM runs") == "bench,accuracy")

        let listed = try CLI.run(["history", "--db", database.url, "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["kind"] as? String } == ["bench", "accuracy"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        let top1 = ((report["configurations"] as? [[String: Any]])?.first?["top1"] as? [String: Any])?["value"] as? Double
        #expect(entries.last?["top1"] as? Double == top1)

        let shown = try CLI.run(["history", "show", "2", "--db", database.url, "--format", "json"])
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(shown.status == 0 && shown.stdout == written, "\(shown.stderr)")
        let check = try CLI.run(["check", "--baseline", "2", "--db", database.url, "--quiet"])
        #expect(check.status == 0 && check.stdout.contains("Accuracy check of top-1"), "\(check.stdout)\(check.stderr)")
        #expect(try database.value("SELECT count(*) FROM accuracy_results") == "2")
    }
}
