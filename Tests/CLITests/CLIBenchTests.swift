import FixtureSupport
import Foundation
import Testing

@Suite("bench, compare and inspect from the command line", .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIBenchTests {
    @Test("compare prints the table and the verdict; an Edge TPU config without a device is unavailable, the rest completes")
    func compare() throws {
        let model = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")
        let result = try CLI.run(["compare", model + ":threads=1", model + ":threads=2", Fixtures.model("mobilenet_v1_0.25_128_quant_edgetpu.tflite") + "@usb",
                                  "--runs", "10", "--min-time", "0", "--warmup", "1", "--image", Fixtures.image("cat.bmp")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("p50 ms"))
        #expect(result.stdout.contains("unavailable"))
        #expect(result.stdout.contains("than cpu xnnpack 1 thread (95% CI") || result.stdout.contains("equally fast within noise"))
        #expect(result.stdout.contains("top-1 agrees on 1/1 image"))
    }

    @Test("bench writes its JSON report atomically to --output")
    func benchOutput() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/result.json"
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--runs", "5", "--min-time", "0", "--format", "json", "--output", path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect(object?["schema"] as? String == "edgebench.bench/2")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("an --output path in a missing folder is an output that could not be written: exit 74, nothing written")
    func badOutput() throws {
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--runs", "2", "--min-time", "0", "--output", "/nonexistent/dir/r.json", "--quiet"])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("/nonexistent/dir/r.json"))
    }

    @Test("csv and markdown formats have one row per configuration")
    func formats() throws {
        let model = Fixtures.model("iris_lite.tflite")
        let csv = try CLI.run(["bench", model, "--threads", "1,2", "--runs", "3", "--min-time", "0", "--format", "csv", "--quiet"])
        #expect(csv.status == 0)
        #expect(csv.stdout.split(separator: "\n").count == 3)
        #expect(csv.stdout.hasPrefix("label,model,model_sha256"))
        let markdown = try CLI.run(["bench", model, "--runs", "3", "--min-time", "0", "--format", "markdown", "--quiet"])
        #expect(markdown.stdout.contains("| configuration |"))
    }

    @Test("a model XNNPACK cannot prepare falls back to builtin kernels with a visible notice")
    func xnnpackFallback() throws {
        let directory = TemporaryDirectory()
        let raw = directory.path + "/input.raw"
        _ = FileManager.default.createFile(atPath: raw, contents: Data(repeating: 128, count: 513 * 513 * 3))
        let result = try CLI.run(["run", Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite"), "--input-file", raw])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("falling back to --kernels builtin"))
        let explicit = try CLI.run(["run", Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite"), "--input-file", raw, "--kernels", "xnnpack"])
        #expect(explicit.status == 1)
        #expect(explicit.stderr.contains("--kernels builtin"))
    }

    @Test("inspect --format json has the documented keys and Edge TPU placement for compiled models")
    func inspect() throws {
        let result = try CLI.run(["inspect", Fixtures.model("mobilenet_v1_0.25_128_quant_edgetpu.tflite"), "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["inputs", "outputs", "operators", "macs_total", "parameter_bytes_total", "metadata", "edgetpu"] {
            #expect(object.keys.contains(key), "\(key)")
        }
        let edgetpu = try #require(object["edgetpu"] as? [String: Any])
        #expect(edgetpu["cached_parameter_bytes"] as? Int == 518_656)
        #expect(edgetpu["streamed_parameter_bytes"] as? Int == 0)
    }

    @Test("inspect of a file that is not a model is a bad input: exit 3")
    func inspectGarbage() throws {
        let result = try CLI.run(["inspect", Fixtures.image("cat.bmp")])
        #expect(result.status == 3)
        #expect(result.stderr.contains("cat.bmp"))
        #expect(!result.signaled)
    }
}

@Suite("history and the regression gate from the command line", .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIHistoryTests {
    @Test("bench stores its result; history lists it; check against a real re-run passes a generous threshold")
    func historyAndCheck() throws {
        let directory = TemporaryDirectory()
        let db = directory.path + "/history.sqlite"
        let model = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")
        let bench = try CLI.run(["bench", model + ":threads=1", "--runs", "30", "--min-time", "0", "--quiet", "--db", db])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stderr.contains("stored as run 1"))
        let list = try CLI.run(["history", "--db", db])
        #expect(list.stdout.contains("run 1"))
        #expect(list.stdout.contains("mobilenet_v1_0.25_128_quant.tflite"))
        let check = try CLI.run(["check", "--baseline", "1", "--max-regression", "900%", "--db", db, "--quiet"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("within threshold"))
    }

    @Test("check exits 2 on a regression and 4 on an improvement between two results files")
    func gateExitCodes() throws {
        let directory = TemporaryDirectory()
        let fast = directory.path + "/fast.json", slow = directory.path + "/slow.json"
        let model = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")
        let first = try CLI.run(["bench", model + ":threads=1,kernels=xnnpack", "--runs", "40", "--min-time", "0", "--format", "json", "--output", fast, "--quiet", "--no-history"])
        #expect(first.status == 0)
        // The same configuration label measured with reference kernels would not match; instead slow the
        // baseline down on paper: scale every latency of the file by 3.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fast))) as? [String: Any])
        var results = try #require(object["results"] as? [[String: Any]])
        var latency = try #require(results[0]["latency_ms"] as? [String: Any])
        for (key, value) in latency {
            if let number = value as? Double { latency[key] = number * 3 }
            if let pair = value as? [Double] { latency[key] = pair.map { $0 * 3 } }
        }
        results[0]["latency_ms"] = latency
        object["results"] = results
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: slow))
        #expect(try CLI.run(["check", "--baseline", fast, "--current", slow]).status == 2)
        #expect(try CLI.run(["check", "--baseline", slow, "--current", fast]).status == 4)
        #expect(try CLI.run(["check", "--baseline", fast, "--current", fast]).status == 0)
    }

    @Test("compare --html writes a self-contained report with one bar per configuration")
    func html() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/report.html"
        let model = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")
        let result = try CLI.run(["compare", model + ":threads=1", model + ":threads=2", Fixtures.model("iris_lite.tflite"),
                                  "--runs", "5", "--min-time", "0", "--quiet", "--no-history", "--html", path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.components(separatedBy: "class=\"bar").count - 1 == 3)
        #expect(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"))
        #expect(!html.contains("<script"))
    }
}
