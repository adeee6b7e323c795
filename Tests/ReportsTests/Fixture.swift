import Foundation
import Results

/// A synthesized `edgebench.bench/1` report: three measured CPU configurations (1 and 2 threads of one
/// model, one other model) and an Edge TPU configuration that could not run.
enum Fixture {
    static let json = #"""
    {
      "schema": "edgebench.bench/1",
      "created": "2026-01-02T03:04:05Z",
      "environment": {
        "cpu_model": "Synthetic CPU @ 2.00GHz", "logical_cores": 4, "governor": "performance",
        "kernel": "Linux 6.1.0 x86_64", "os": "Debian GNU/Linux 12 (bookworm)", "swift_version": "6.3+",
        "edgebench_version": "0.1.0", "litert_path": "/opt/litert/libLiteRt.so", "litert_version": "2.3.0",
        "hostname": "bench-host"
      },
      "settings": {
        "warmup": 10, "runs": 200, "min_time_s": 1, "input": "random", "agreement_input": "images: parrot.jpg",
        "end_to_end": false, "rounds": 200, "stop_reason": "runs and min-time met", "interrupted": false
      },
      "results": [
        {
          "label": "alpha.tflite cpu xnnpack 1 thread", "model": "/models/alpha.tflite",
          "model_sha256": "aaaa000000000000000000000000000000000000000000000000000000000001",
          "backend": "cpu", "threads": 1, "kernels": "xnnpack", "available": true,
          "init_ms": 50.25, "first_run_ms": 30.5,
          "phases": { "runtime_load_ms": 12.5, "model_load_ms": 3.25, "compile_ms": 34.5, "first_run_ms": 30.5,
                      "warmup_ms": 110.0, "warmup_runs": 10, "steady_state_ms": 2004.125 },
          "latency_ms": { "min": 9.5, "mean": 10.020625, "stddev": 0.25, "p50": 10.0, "p90": 10.4, "p95": 10.6,
                          "p99": 11.2, "max": 12.0, "p50_ci": [9.9, 10.1] },
          "samples": 200, "cv": 0.02494855,
          "percentiles": [[0, 9.5], [10, 9.7], [25, 9.85], [50, 10.0], [75, 10.2], [90, 10.4], [95, 10.6], [99, 11.2], [99.9, 12.0], [100, 12.0]]
        },
        {
          "label": "alpha.tflite cpu xnnpack 2 threads", "model": "/models/alpha.tflite",
          "model_sha256": "aaaa000000000000000000000000000000000000000000000000000000000001",
          "backend": "cpu", "threads": 2, "kernels": "xnnpack", "available": true,
          "init_ms": 40.0, "first_run_ms": 20.0,
          "phases": { "runtime_load_ms": 0.5, "model_load_ms": 3.0, "compile_ms": 36.5, "first_run_ms": 20.0,
                      "warmup_ms": 60.0, "warmup_runs": 10, "steady_state_ms": 1101.3 },
          "latency_ms": { "min": 5.1, "mean": 5.5065, "stddev": 0.2, "p50": 5.5, "p50_ci": [5.45, 5.56], "p90": 5.75,
                          "p95": 5.9, "p99": 6.3, "max": 7.1 },
          "samples": 200, "cv": 0.0363,
          "speedup": { "median": 1.8181818181818181, "lower": 1.79, "upper": 1.84, "rounds": 200 },
          "agreement": { "top1_agree": 1, "inputs": 1, "max_abs_diff": 0 },
          "percentiles": [[0, 5.1], [10, 5.25], [25, 5.38], [50, 5.5], [75, 5.62], [90, 5.75], [95, 5.9], [99, 6.3], [99.9, 7.1], [100, 7.1]]
        },
        {
          "label": "beta.tflite cpu xnnpack 2 threads", "model": "/models/beta.tflite",
          "model_sha256": "bbbb000000000000000000000000000000000000000000000000000000000002",
          "backend": "cpu", "threads": 2, "kernels": "xnnpack", "available": true,
          "init_ms": 7.588279999999999, "first_run_ms": 12.765709,
          "phases": { "runtime_load_ms": 0.339938, "model_load_ms": 3.15561, "compile_ms": 4.092732, "first_run_ms": 12.765709,
                      "warmup_ms": 84.259097, "warmup_runs": 10, "steady_state_ms": 1435.2 },
          "latency_ms": { "min": 3.383072, "mean": 7.1772138, "stddev": 0.9859625568386376, "p50": 7.176191,
                          "p50_ci": [7.0, 7.3000000000000007], "p90": 8.393343, "p95": 9.054591, "p99": 10.81168, "max": 11.81168 },
          "samples": 200, "cv": 0.1373,
          "speedup": { "median": 1.3935, "lower": 1.37, "upper": 1.42, "rounds": 200 },
          "agreement": { "top1_agree": 0, "inputs": 1, "max_abs_diff": 0.06640625 },
          "percentiles": [[0, 3.383072], [10, 6.1], [25, 6.6], [50, 7.176191], [75, 7.7], [90, 8.39], [95, 9.05], [99, 10.8], [99.9, 11.81168], [100, 11.81168]]
        },
        {
          "label": "alpha_edgetpu.tflite edgetpu@usb:0", "model": "/models/alpha_edgetpu.tflite",
          "backend": "edgetpu", "device": "usb:0", "threads": 1, "kernels": "xnnpack", "available": false,
          "unavailable_reason": "no Edge TPU found (usb:0)", "samples": 0
        }
      ],
      "warnings": ["only 200 samples: synthetic warning for the test"],
      "verdict": "cpu xnnpack 2 threads is 1.82x faster than cpu xnnpack 1 thread (95% CI 1.79–1.84)"
    }
    """#

    /// The fixture as a value.
    static func report() throws -> BenchReport {
        try JSONDecoder().decode(BenchReport.self, from: Data(json.utf8))
    }

    /// The fixture with every latency figure (and percentile curve) of the given results multiplied by `factor`.
    static func scaled(_ report: BenchReport, by factor: Double, results indices: [Int]? = nil) -> BenchReport {
        var copy = report
        for index in indices ?? Array(copy.results.indices) {
            guard var latency = copy.results[index].latencyMs else { continue }
            latency.min *= factor; latency.mean *= factor; latency.stddev *= factor; latency.p50 *= factor
            latency.p90 *= factor; latency.p95 *= factor; latency.p99 *= factor; latency.max *= factor
            latency.p50CI = latency.p50CI.map { $0 * factor }
            copy.results[index].latencyMs = latency
            copy.results[index].percentiles = copy.results[index].percentiles?.map { [$0[0], $0[1] * factor] }
        }
        return copy
    }

    /// JSON as edgebench prints it (`--format json`).
    static func encode(_ report: BenchReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
