import FixtureSupport
import Foundation
import Testing

/// The conventions' rule for JSON: an absent value is `null`, never a missing key; readers accept both.
@Suite("bench JSON writes absent values as null and records the Edge TPU runtime",
       .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIResultJSONTests {
    let quick = ["--runs", "3", "--warmup", "0", "--min-time", "0", "--format", "json", "--quiet", "--no-history"]

    /// Every key a result has, whether or not its value is known.
    static let resultKeys = ["label", "model", "model_sha256", "configuration", "backend", "device", "threads", "kernels",
                             "available", "unavailable_reason", "init_ms", "first_run_ms", "phases", "latency_ms", "samples",
                             "cv", "speedup", "agreement", "percentiles", "acceleration", "kernel_fallback", "input_shapes",
                             "memory", "profile", "profile_diff"]

    /// The real libedgetpu 16.0 (max clock) beside the fixtures.
    static let edgeTPULibrary = URL(fileURLWithPath: Fixtures.directory).deletingLastPathComponent()
        .appendingPathComponent("edgetpu/direct/libedgetpu.so.1").path

    func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json.prefix(300))")
    }

    @Test("a measured and an unavailable configuration: every key present, what was not measured is null")
    func everyKeyIsPresent() throws {
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite") + ":threads=1", "/nonexistent/model.tflite"] + quick)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try object(result.stdout)
        for key in ["schema", "created", "environment", "settings", "results", "warnings", "verdict"] {
            #expect(report.keys.contains(key), "top-level \(key)")
        }
        let environment = try #require(report["environment"] as? [String: Any])
        for key in ["litert_path", "litert_version", "edgetpu_runtime", "hostname"] {
            #expect(environment.keys.contains(key), "environment.\(key)")
        }
        // No Edge TPU configuration: libedgetpu was not asked for.
        #expect(environment["edgetpu_runtime"] is NSNull)
        let settings = try #require(report["settings"] as? [String: Any])
        #expect(settings.keys.contains("max_time_s") && settings["max_time_s"] is NSNull)

        let results = try #require(report["results"] as? [[String: Any]])
        try #require(results.count == 2)
        for (index, item) in results.enumerated() {
            let missing = Self.resultKeys.filter { !item.keys.contains($0) }
            #expect(missing.isEmpty, "results[\(index)] lacks \(missing)")
        }
        let measured = results[0]
        for key in ["speedup", "kernel_fallback", "profile", "profile_diff", "agreement", "device", "unavailable_reason"] {
            #expect(measured[key] is NSNull, "results[0].\(key) is null")
        }
        #expect(measured["latency_ms"] is [String: Any])
        #expect(measured["memory"] is [String: Any])
        let unavailable = results[1]
        #expect(unavailable["unavailable_reason"] is String)
        for key in ["latency_ms", "phases", "init_ms", "first_run_ms", "percentiles", "memory", "cv", "model_sha256"] {
            #expect(unavailable[key] is NSNull, "results[1].\(key) is null")
        }
    }

    @Test("a result file that leaves absent keys out, as older versions wrote it, still reads (check against itself)")
    func omittedKeysStillRead() throws {
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite") + ":threads=1"] + quick)
        #expect(result.status == 0, "\(result.stderr)")
        func droppingNulls(_ value: Any) -> Any {
            if let dictionary = value as? [String: Any] { return dictionary.filter { !($0.value is NSNull) }.mapValues(droppingNulls) }
            if let array = value as? [Any] { return array.map(droppingNulls) }
            return value
        }
        let omitted = try JSONSerialization.data(withJSONObject: droppingNulls(try object(result.stdout)))
        #expect(!String(decoding: omitted, as: UTF8.self).contains("null"))
        let directory = TemporaryDirectory()
        let path = directory.path + "/old.json"
        try omitted.write(to: URL(fileURLWithPath: path))
        let check = try CLI.run(["check", "--baseline", path, "--current", path, "--format", "json"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try object(check.stdout)["status"] as? String == "within threshold")
    }

    @Test("an Edge TPU configuration stores libedgetpu's version, even when no device is found",
          .enabled(if: FileManager.default.fileExists(atPath: CLIResultJSONTests.edgeTPULibrary), "needs ../shared/edgetpu"))
    func edgeTPURuntime() throws {
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), Fixtures.model("mobilenet_v1_0.25_128_quant_edgetpu.tflite") + "@usb"] + quick,
                                 environment: ["EDGEBENCH_EDGETPU_LIB": Self.edgeTPULibrary])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try object(result.stdout)
        let environment = try #require(report["environment"] as? [String: Any])
        let runtime = try #require(environment["edgetpu_runtime"] as? String, "\(environment)")
        #expect(runtime.hasPrefix("BuildLabel(") && runtime.contains("RuntimeVersion(14)"), "\(runtime)")
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.count == 2 && results[1]["available"] as? Bool == false)
    }
}
