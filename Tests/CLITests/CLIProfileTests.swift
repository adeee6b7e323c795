import FixtureSupport
import Foundation
import Testing

@Suite("bench and compare --profile from the command line", .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIProfileTests {
    let quick = ["--runs", "3", "--min-time", "0", "--warmup", "1", "--profile-runs", "3", "--quiet"]

    @Test("bench --profile --format json has schema /2, every operator event with its placement, and memory per phase")
    func json() throws {
        let result = try CLI.run(["bench", Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), "--threads", "1", "--profile", "--format", "json"] + quick)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "edgebench.bench/2")
        let first = try #require((object["results"] as? [[String: Any]])?.first)
        let profile = try #require(first["profile"] as? [String: Any])
        let operators = try #require(profile["operators"] as? [[String: Any]])
        #expect(operators.count == 66, "64 XNNPACK kernels and 2 CPU operators")
        #expect(Set(operators.compactMap { $0["placement"] as? String }) == ["xnnpack", "cpu"])
        // Absent values are null, never omitted.
        #expect(operators.allSatisfy { $0.keys.contains("node") && $0.keys.contains("operator_type") })
        for key in ["run_ms", "invoke_ms", "operators_ms", "outside_operators_ms", "by_kernel", "by_operator_type", "runtime_scopes", "mapping"] {
            #expect(profile.keys.contains(key), "\(key)")
        }
        let memory = try #require(first["memory"] as? [String: Any])
        for key in ["load_delta_bytes", "compile_delta_bytes", "first_run_delta_bytes", "peak_resident_bytes", "parameter_bytes", "peak_activation_bytes", "method"] {
            #expect(memory.keys.contains(key), "\(key)")
        }
    }

    @Test("bench --profile as text shows the top operators, the part outside any operator and the memory table")
    func text() throws {
        let model = Fixtures.model("mobilenet_v2_1.0_224_quant.tflite")
        let xnnpack = try CLI.run(["bench", model, "--threads", "1", "--profile"] + quick)
        #expect(xnnpack.status == 0, "\(xnnpack.stderr)")
        #expect(xnnpack.stdout.contains("outside any operator"))
        #expect(xnnpack.stdout.contains("By kernel:"))
        #expect(xnnpack.stdout.contains("Memory (VmRSS"))
        #expect(xnnpack.stdout.contains("do not map back to the model's operators"))
        #expect(xnnpack.stdout.contains("Where: cpu ") && xnnpack.stdout.contains("(2 ops, ") && xnnpack.stdout.contains("xnnpack "))
        let builtin = try CLI.run(["bench", model, "--kernels", "builtin", "--threads", "1", "--profile", "--format", "markdown"] + quick)
        #expect(builtin.status == 0, "\(builtin.stderr)")
        #expect(builtin.stdout.contains("**Profile of"))
        #expect(builtin.stdout.contains("| cpu | CONV_2D |"))
    }

    @Test("compare --profile --format csv adds memory columns and one row per profiled operator")
    func compareCSV() throws {
        let model = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")
        let result = try CLI.run(["compare", model + ":kernels=builtin,threads=1", model + ":kernels=reference,threads=1", "--profile", "--format", "csv"] + quick)
        #expect(result.status == 0, "\(result.stderr)")
        let sections = result.stdout.components(separatedBy: "\n\n")
        #expect(sections.count == 2)
        #expect(sections[0].split(separator: "\n").first?.contains("peak_resident_bytes") == true)
        let operatorRows = sections[1].split(separator: "\n")
        #expect(operatorRows.first == "label,placement,operator,node,operator_type,count,mean_ms,ms_per_run,share")
        #expect(operatorRows.count == 1 + 2 * 31, "mobilenet v1 0.25 has 31 operators, each one row per configuration")
    }

    @Test("compare float quant --profile pairs XNNPACK's kernels across data types, never with node events")
    func compareKernels() throws {
        let result = try CLI.run(["compare", Fixtures.model("mobilenet_v2_1.0_224_float_dq.tflite") + ":threads=1",
                                  Fixtures.model("mobilenet_v2_1.0_224_quant.tflite") + ":threads=1", "--profile"] + quick)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("by kernel name: XNNPACK's kernels do not map back to the model's operators"))
        #expect(result.stdout.contains("Convolution (NHWC, F32 → QU8) DWConv"))
        #expect(result.stdout.contains("Fully Connected (NC, F32 → QU8) GEMM"))
    }

    @Test("profile MODEL is bench --profile")
    func shorthand() throws {
        let result = try CLI.run(["profile", Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), "--kernels", "builtin", "--threads", "1"] + quick)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("By operator type:"))
        #expect(result.stdout.contains("Memory (VmRSS"))
    }

    @Test("--profile-runs outside 1...10000 is a usage error")
    func badProfileRuns() throws {
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--profile", "--profile-runs", "0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--profile-runs"))
    }

    @Test("a result file written with schema edgebench.bench/1 still loads in report and check")
    func schemaOneStillReads() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/new.json"
        let bench = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--runs", "3", "--min-time", "0", "--format", "json", "--output", path, "--quiet"])
        #expect(bench.status == 0, "\(bench.stderr)")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        object["schema"] = "edgebench.bench/1"
        object["results"] = (object["results"] as? [[String: Any]])?.map { result in
            var result = result
            result["memory"] = nil
            result["profile"] = nil
            result["profile_diff"] = nil
            return result
        }
        let old = directory.path + "/old.json"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: old))
        let report = try CLI.run(["report", old, "--output", directory.path + "/report.html"])
        #expect(report.status == 0, "\(report.stderr)")
        let check = try CLI.run(["check", "--baseline", old, "--current", old, "--quiet"])
        #expect(check.status == 0, "\(check.stderr)")
        object["schema"] = "edgebench.bench/9"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: old))
        let future = try CLI.run(["report", old, "--output", directory.path + "/report.html"])
        #expect(future.status == 3)
        #expect(future.stderr.contains("edgebench.bench/9"))
    }
}
