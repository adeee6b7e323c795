import EdgeBench
import FixtureSupport
import Foundation
import Results
import Testing

@Suite("Benchmarking real models", .serialized, .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct BenchEngineTests {
    func quickOptions() -> BenchOptions {
        var options = BenchOptions()
        options.warmup = 2
        options.runs = 20
        options.minTime = 0
        return options
    }

    @Test("a comparison measures each configuration interleaved, with phases, CIs, speedup and agreement")
    func comparison() throws {
        let model = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")
        var options = quickOptions()
        options.agreementInput = .images([Fixtures.image("cat.bmp")])
        let report = try BenchEngine(options: options).run([
            try BenchConfiguration.parse(model + ":threads=1"),
            try BenchConfiguration.parse(model + ":threads=1,kernels=builtin"),
        ], runtime: nil)
        #expect(report.schema == "edgebench.bench/2")
        #expect(report.results.count == 2)
        #expect(report.settings.rounds >= 20)
        for result in report.results {
            #expect(result.available)
            #expect(result.samples == report.settings.rounds)
            let latency = try #require(result.latencyMs)
            #expect(latency.min <= latency.p50 && latency.p50 <= latency.p90 && latency.p90 <= latency.max)
            #expect(latency.p50CI[0] <= latency.p50 && latency.p50 <= latency.p50CI[1])
            #expect((result.phases?.compileMs ?? -1) >= 0)
            #expect(result.modelSHA256?.count == 64)
        }
        #expect(report.results[0].speedup == nil)
        let speedup = try #require(report.results[1].speedup)
        #expect(speedup.lower <= speedup.median && speedup.median <= speedup.upper)
        #expect(report.results[1].agreement?.top1Agree == 1)
        #expect(report.verdict?.contains("top-1 agrees on 1/1 image") == true)
    }

    @Test("a configuration that cannot run is listed as unavailable with its reason while the others run")
    func unavailable() throws {
        let report = try BenchEngine(options: quickOptions()).run([
            try BenchConfiguration.parse(Fixtures.model("iris_lite.tflite")),
            try BenchConfiguration.parse(Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite") + "@usb"),
            try BenchConfiguration.parse("/nonexistent/model.tflite"),
        ], runtime: nil)
        #expect(report.results[0].available)
        #expect(!report.results[1].available)
        #expect(report.results[1].unavailableReason?.isEmpty == false)
        #expect(report.results[2].unavailableReason?.contains("/nonexistent/model.tflite") == true)
        #expect(report.verdict?.contains("unavailable") == true)
    }

    @Test("the JSON follows the documented schema")
    func jsonSchema() throws {
        let report = try BenchEngine(options: quickOptions()).run([try BenchConfiguration.parse(Fixtures.model("iris_lite.tflite"))], runtime: nil)
        let encoder = JSONEncoder()
        let object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any])
        #expect(object["schema"] as? String == "edgebench.bench/2")
        let environment = try #require(object["environment"] as? [String: Any])
        for key in ["cpu_model", "logical_cores", "governor", "kernel", "os", "swift_version", "edgebench_version", "litert_path", "litert_version"] {
            #expect(environment.keys.contains(key), "environment.\(key)")
        }
        let result = try #require((object["results"] as? [[String: Any]])?.first)
        for key in ["model", "backend", "threads", "kernels", "init_ms", "first_run_ms", "latency_ms", "samples", "model_sha256", "phases"] {
            #expect(result.keys.contains(key), "results[0].\(key)")
        }
        let latency = try #require(result["latency_ms"] as? [String: Any])
        for key in ["min", "mean", "stddev", "p50", "p90", "p95", "p99", "max", "p50_ci"] {
            #expect(latency.keys.contains(key), "latency_ms.\(key)")
        }
        // Round trip.
        let decoded = try JSONDecoder().decode(BenchReport.self, from: encoder.encode(report))
        #expect(decoded.results.first?.latencyMs == report.results.first?.latencyMs)
    }

    @Test("more threads being slower is reported as a trap")
    func threadTrap() throws {
        // A synthetic report: the same model, builtin kernels, 2 threads slower than 1.
        let options = quickOptions()
        var report = try BenchEngine(options: options).run([
            try BenchConfiguration.parse(Fixtures.model("iris_lite.tflite") + ":threads=1,kernels=builtin"),
            try BenchConfiguration.parse(Fixtures.model("iris_lite.tflite") + ":threads=2,kernels=builtin"),
        ], runtime: nil)
        var results = report.results
        let slower = (results[0].latencyMs?.p50 ?? 1) * 3
        results[1].latencyMs?.p50 = slower
        report.results = results
        let warnings = BenchAnalysis.warnings(for: report)
        #expect(warnings.contains { $0.contains("more threads is slower") })
    }

    @Test("a model XNNPACK cannot prepare falls back to builtin unless the kernels were chosen; then the advice is given")
    func xnnpackCannotPrepare() throws {
        let report = try BenchEngine(options: quickOptions()).run([
            try BenchConfiguration.parse(Fixtures.model("iris_lite.tflite")),
            try BenchConfiguration.parse(Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite")),
        ], runtime: nil)
        // Kernels nobody chose fall back to builtin (recorded); chosen ones stay and the reason says what to do.
        #expect(report.results[1].available)
        #expect(report.results[1].kernels == "builtin")
        #expect(report.results[1].kernelFallback?.contains("XNNPACK cannot prepare") == true)
        let chosen = try BenchEngine(options: quickOptions()).run([
            try BenchConfiguration.parse(Fixtures.model("iris_lite.tflite")),
            try BenchConfiguration.parse(Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite") + ":kernels=xnnpack"),
        ], runtime: nil)
        #expect(!chosen.results[1].available)
        #expect(chosen.results[1].unavailableReason?.contains("--kernels builtin") == true)
    }
}
