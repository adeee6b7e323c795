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
        #expect(object?["schema"] as? String == "edgebench.bench/1")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("an --output path in a missing folder is refused with exit 3 and nothing written")
    func badOutput() throws {
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--runs", "2", "--min-time", "0", "--output", "/nonexistent/dir/r.json", "--quiet"])
        #expect(result.status == 3)
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
