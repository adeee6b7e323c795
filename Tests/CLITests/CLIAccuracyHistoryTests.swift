import FixtureSupport
import Foundation
import Testing

/// Accuracy runs in the result history, in Prometheus, and stopped by SIGINT/SIGTERM.
@Suite("accuracy runs stored, listed, shown, exported and interrupted", .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIAccuracyHistoryTests {
    static let labels = Fixtures.labels("imagenet_labels.txt")
    static let quant = Fixtures.model("mobilenet_v2_1.0_224_quant.tflite")
    static let small = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
    static func json(file path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// `count` copies of cat_720p.jpg in one class folder: slow enough per image for a signal to land mid-run.
    static func largeImages(_ count: Int) throws -> TemporaryDirectory {
        let directory = TemporaryDirectory()
        let folder = directory.path + "/Egyptian_cat"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<count {
            try FileManager.default.copyItem(atPath: Fixtures.image("cat_720p.jpg"), toPath: folder + String(format: "/cat_%03d.jpg", index))
        }
        return directory
    }

    @Test("a stored accuracy run keeps its machine name and tags; history lists it as kind accuracy with the report's figures")
    func storedAndListed() throws {
        let dataset = try CLIAccuracyTests.dataset()
        let directory = TemporaryDirectory()
        let db = directory.path + "/history.sqlite", output = directory.path + "/accuracy.json"
        let run = try CLI.run(["accuracy", Self.quant, Self.small, "--dataset", dataset.path, "--labels", Self.labels, "--latency-runs", "2",
                               "--quiet", "--db", db, "--machine-name", "rig-a", "--tag", "commit=c1", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("stored as run 1 in \(db)"), "\(run.stderr)")
        let report = try Self.json(file: output)
        let configurations = try #require(report["configurations"] as? [[String: Any]])

        let listed = try CLI.run(["history", "--db", db, "--format", "json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let entries = try #require(try Self.json(listed.stdout) as? [[String: Any]])
        #expect(entries.count == configurations.count)
        for (entry, configuration) in zip(entries, configurations) {
            #expect(entry["kind"] as? String == "accuracy")
            #expect(entry["run_id"] as? Int == 1)
            #expect(entry["top1"] as? Double == (configuration["top1"] as? [String: Any])?["value"] as? Double)
            #expect(entry["top5"] as? Double == (configuration["top5"] as? [String: Any])?["value"] as? Double)
            #expect(entry["samples"] as? Int == configuration["evaluated"] as? Int)
            #expect(entry["p50_ms"] as? Double == (configuration["latency"] as? [String: Any])?["invoke_median_ms"] as? Double)
            #expect(entry["dataset"] as? String == dataset.path)
            #expect(entry["model_sha256"] is NSNull, "absent values are null")
        }
        let text = try CLI.run(["history", "--db", db])
        #expect(text.stdout.contains("run 1") && text.stdout.contains("on rig-a  accuracy") && text.stdout.contains("top-1 "), "\(text.stdout)")
        let csv = try CLI.run(["history", "--db", db, "--format", "csv"])
        #expect(csv.stdout.hasPrefix("run_id,") && csv.stdout.split(separator: "\n").first?.hasSuffix(",kind,top1,top5,dataset,machine_name,tags") == true)
        #expect(csv.stdout.split(separator: "\n").count == 1 + configurations.count)
        let markdown = try CLI.run(["history", "--db", db, "--format", "markdown"])
        #expect(markdown.stdout.contains("| kind | top-1 | top-5 |") && markdown.stdout.contains("| accuracy |"))

        let mine = try CLI.run(["history", "--db", db, "--machine", "rig-a", "--tag", "commit=c1", "--format", "json"])
        #expect((try Self.json(mine.stdout) as? [Any])?.count == configurations.count)
        let other = try CLI.run(["history", "--db", db, "--tag", "commit=c2", "--format", "json"])
        #expect((try Self.json(other.stdout) as? [Any])?.isEmpty == true)
    }

    @Test("history show ID prints a stored accuracy run in every format, the same report as the run wrote")
    func shownInEveryFormat() throws {
        let dataset = try CLIAccuracyTests.dataset()
        let directory = TemporaryDirectory()
        let db = directory.path + "/history.sqlite", output = directory.path + "/accuracy.json"
        let run = try CLI.run(["accuracy", Self.quant, "--dataset", dataset.path, "--labels", Self.labels, "--latency-runs", "0",
                               "--quiet", "--db", db, "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOfFile: output, encoding: .utf8)

        let json = try CLI.run(["history", "show", "1", "--db", db, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout == written, "history show --format json is the report as written")
        let text = try CLI.run(["history", "show", "1", "--db", db])
        #expect(text.status == 0 && text.stdout.contains("top-1 [95% CI]") && text.stdout.contains("Per-class top-1:"), "\(text.stdout)")
        let csv = try CLI.run(["history", "show", "1", "--db", db, "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("configuration,decoder,status,"))
        let markdown = try CLI.run(["history", "show", "1", "--db", db, "--format", "markdown"])
        #expect(markdown.status == 0 && markdown.stdout.hasPrefix("## Accuracy on "))
    }

    @Test("bench, compare and accuracy runs carry their kind; --no-history stores nothing")
    func kinds() throws {
        let dataset = try CLIAccuracyTests.dataset()
        let directory = TemporaryDirectory()
        let db = directory.path + "/history.sqlite"
        let iris = Fixtures.model("iris_lite.tflite")
        let quick = ["--runs", "3", "--min-time", "0", "--warmup", "0", "--quiet", "--db", db]
        #expect(try CLI.run(["bench", iris] + quick).status == 0)
        #expect(try CLI.run(["compare", iris + ":threads=1", iris + ":threads=2"] + quick).status == 0)
        #expect(try CLI.run(["accuracy", Self.small, "--dataset", dataset.path, "--labels", Self.labels, "--latency-runs", "0", "--quiet", "--db", db]).status == 0)
        let unstored = try CLI.run(["accuracy", Self.small, "--dataset", dataset.path, "--labels", Self.labels, "--latency-runs", "0", "--quiet",
                                    "--db", db, "--no-history"])
        #expect(unstored.status == 0 && !unstored.stderr.contains("stored as run"))
        let listed = try CLI.run(["history", "--db", db, "--format", "json"])
        let entries = try #require(try Self.json(listed.stdout) as? [[String: Any]])
        #expect(entries.map { $0["kind"] as? String } == ["bench", "compare", "compare", "accuracy"])
        #expect(entries.map { $0["run_id"] as? Int } == [1, 2, 2, 3])
    }

    @Test("--prometheus-textfile writes top-1/top-5 ratios beside the invoke-only latency summary, labelled like bench's")
    func textfile() throws {
        let dataset = try CLIAccuracyTests.dataset()
        let directory = TemporaryDirectory()
        let path = directory.path + "/accuracy.prom", output = directory.path + "/accuracy.json"
        let run = try CLI.run(["accuracy", Self.small + ":threads=1", "--dataset", dataset.path, "--labels", Self.labels, "--latency-runs", "3",
                               "--quiet", "--no-history", "--prometheus-textfile", path, "--machine-name", "rig-a", "--tag", "commit=c1", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let configuration = try #require((try Self.json(file: output)["configurations"] as? [[String: Any]])?.first)
        let top1 = try #require((configuration["top1"] as? [String: Any])?["value"] as? Double)
        let labels = #"model="mobilenet_v1_0.25_128_quant.tflite",backend="cpu",device="",threads="1",kernels="#
        #expect(text.contains("# TYPE edgebench_accuracy_top1_ratio gauge") && text.contains("# TYPE edgebench_accuracy_top5_ratio gauge"))
        let line = text.split(separator: "\n").first { $0.hasPrefix("edgebench_accuracy_top1_ratio{") }
        #expect(line?.contains(labels) == true && line?.contains(#"machine="rig-a",commit="c1"}"#) == true, "\(text)")
        #expect(line.flatMap { Double($0.split(separator: " ").last ?? "") } == top1)
        #expect(text.contains("# TYPE edgebench_latency_seconds summary") && text.contains(#"quantile="0.5"}"#))
        #expect(text.contains("edgebench_latency_seconds_count{") && text.contains("edgebench_accuracy_images{"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["accuracy.json", "accuracy.prom"])
    }

    @Test("promtool check metrics accepts the textfile of a two-configuration accuracy run",
          .enabled(if: FleetServers.promtool != nil, Comment(rawValue: FleetServers.promtoolMissing)))
    func promtoolAccepts() throws {
        let dataset = try CLIAccuracyTests.dataset()
        let directory = TemporaryDirectory()
        let path = directory.path + "/accuracy.prom"
        let run = try CLI.run(["accuracy", Self.small + ":threads=1", Self.quant + ":threads=1", "--dataset", dataset.path, "--labels", Self.labels,
                               "--latency-runs", "2", "--quiet", "--no-history", "--prometheus-textfile", path, "--tag", "suite=ci"])
        #expect(run.status == 0, "\(run.stderr)")
        let check = try FleetServers.run(FleetServers.promtool!, ["check", "metrics"], stdin: try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(check.status == 0, "promtool: \(check.output)")
        #expect(!check.output.contains("error"), "promtool: \(check.output)")
    }

    @Test("--pushgateway pushes each configuration's accuracy in a group of its own (kind=accuracy) that the gateway serves back",
          .enabled(if: FleetServers.pushgateway != nil, Comment(rawValue: FleetServers.pushgatewayMissing)))
    func pushRoundTrip() throws {
        let dataset = try CLIAccuracyTests.dataset()
        let gateway = FleetServers.pushgateway!
        let machine = "accuracy-rig-\(UUID().uuidString.prefix(8))"
        let run = try CLI.run(["accuracy", Self.small, "--dataset", dataset.path, "--labels", Self.labels, "--latency-runs", "2", "--quiet",
                               "--no-history", "--pushgateway", gateway, "--machine-name", machine])
        #expect(run.status == 0, "\(run.stderr)")
        let served = try FleetServers.curl([gateway + "/metrics"])
        let lines = served.output.split(separator: "\n").filter { $0.contains("instance=\"\(machine)\"") }
        let top1 = lines.first { $0.hasPrefix("edgebench_accuracy_top1_ratio{") }
        #expect(top1?.contains(#"job="edgebench""#) == true && top1?.contains(#"kind="accuracy""#) == true, "served: \(lines)")
        #expect(lines.contains { $0.hasPrefix("edgebench_latency_seconds{") })
        let groups = try FleetServers.curl([gateway + "/api/v1/metrics"])
        if let data = groups.output.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let entries = object["data"] as? [[String: Any]] {
            for entry in entries {
                guard let labels = entry["labels"] as? [String: String], labels["instance"] == machine else { continue }
                let path = ["job", "instance", "model", "configuration", "kind"].compactMap { key in
                    labels[key].map { "\(key)@base64/" + Data($0.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") }
                }.joined(separator: "/")
                _ = try FleetServers.curl(["-X", "DELETE", gateway + "/metrics/" + path])
            }
        }
    }

    @Test("SIGTERM mid-run: the image in flight finishes, the report says interrupted in every file, one run is stored, exit 143")
    func terminatedMidRun() throws {
        let dataset = try Self.largeImages(150)
        let directory = TemporaryDirectory()
        let db = directory.path + "/history.sqlite", output = directory.path + "/accuracy.json"
        let html = directory.path + "/accuracy.html"
        let run = try CLI.run(["accuracy", Self.quant + ":threads=1", "--dataset", dataset.path, "--labels", Self.labels, "--quiet",
                               "--db", db, "--output", output, "--html", html, "--format", "json"], signal: (SIGTERM, 4))
        #expect(run.status == 143, "\(run.stderr)")
        #expect(!run.signaled)
        #expect(run.stderr.contains("SIGTERM"), "\(run.stderr)")
        let report = try Self.json(file: output)
        #expect(report["interrupted"] as? Bool == true)
        let evaluated = try #require((report["configurations"] as? [[String: Any]])?.first?["evaluated"] as? Int)
        #expect(evaluated > 0 && evaluated < 150, "evaluated \(evaluated) of 150")
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("Interrupted"))
        let listed = try CLI.run(["history", "--db", db, "--format", "json"])
        let entries = try #require(try Self.json(listed.stdout) as? [[String: Any]])
        #expect(entries.count == 1 && entries.first?["samples"] as? Int == evaluated)
        let shown = try CLI.run(["history", "show", "1", "--db", db, "--format", "csv"])
        #expect(shown.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix(",true") }, "interrupted column: \(shown.stdout)")
        let markdown = try CLI.run(["history", "show", "1", "--db", db, "--format", "markdown"])
        #expect(markdown.stdout.contains("**Interrupted**"))
    }

    @Test("SIGINT mid-run exits 130 after writing the report marked interrupted")
    func interruptedMidRun() throws {
        let dataset = try Self.largeImages(150)
        let directory = TemporaryDirectory()
        let output = directory.path + "/accuracy.csv"
        let run = try CLI.run(["accuracy", Self.quant + ":threads=1", "--dataset", dataset.path, "--labels", Self.labels, "--quiet",
                               "--no-history", "--output", output], signal: (SIGINT, 4))
        #expect(run.status == 130, "\(run.stderr)")
        #expect(run.stdout.contains("interrupted: the figures cover the images evaluated before the signal"))
        let rows = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 2 && rows[1].hasSuffix(",true"), "\(rows)")
    }

    @Test("SIGTERM before the first image is evaluated: exit 143, nothing written or stored")
    func terminatedBeforeFirstImage() throws {
        let dataset = try Self.largeImages(3)
        let directory = TemporaryDirectory()
        let db = directory.path + "/history.sqlite", output = directory.path + "/accuracy.json"
        let run = try CLI.run(["accuracy", Self.quant, "--dataset", dataset.path, "--labels", Self.labels, "--quiet",
                               "--db", db, "--output", output], signal: (SIGTERM, 0.2))
        #expect(run.status == 143, "\(run.stderr)")
        #expect(!run.signaled)
        #expect(!FileManager.default.fileExists(atPath: output))
        let listed = try CLI.run(["history", "--db", db, "--format", "json"])
        #expect((try Self.json(listed.stdout) as? [Any])?.isEmpty == true, "\(listed.stdout)")
        #expect(run.stdout.isEmpty)
    }
}
