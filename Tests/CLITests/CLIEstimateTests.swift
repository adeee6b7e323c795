import FixtureSupport
import Foundation
import Testing

@Suite("estimate: Edge TPU placement and latency without a device", .enabled(if: CLI.available && Fixtures.available, "needs the built edgebench and ../shared/fixtures"))
struct CLIEstimateTests {
    struct Report: Decodable {
        struct Estimate: Decodable {
            var estimate_ms: Double, low_ms: Double, high_ms: Double, calibrated: Bool, clock: String, link: String
            var cpu_operators_not_timed: [String]
        }
        struct Entry: Decodable {
            var model: String, source: String, twin: String?, mapped_operator_count: Int, cpu_operators: [String]
            var no_estimate_reason: String?, estimate: Estimate?
        }
        var schema: String, estimated: Bool, models: [Entry]
    }

    func report(_ arguments: [String]) throws -> Report {
        let result = try CLI.run(["estimate"] + arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }

    @Test("an uncompiled and a compiled MobileNet v2 get the same labelled USB 3 estimate with a range")
    func mobilenet() throws {
        let r = try report([Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite")])
        #expect(r.schema == "edgebench.estimate/1" && r.estimated)
        #expect(r.models.map(\.source) == ["predicted", "compiled_package"])
        #expect(r.models[1].twin == Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"))
        for entry in r.models {
            let e = try #require(entry.estimate)
            #expect(e.calibrated && e.clock == "max" && e.link == "usb3")
            #expect(e.low_ms < e.estimate_ms && e.estimate_ms < e.high_ms)
            #expect(e.low_ms <= 2.6 && 2.6 <= e.high_ms) // Coral's published figure for this architecture
        }
    }

    @Test("std clock and USB 2 are labelled uncalibrated in text")
    func uncalibrated() throws {
        let result = try CLI.run(["estimate", Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), "--clock", "std", "--link", "usb2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Edge TPU (estimated, USB 2, std clock, uncalibrated): ≈"))
        #expect(result.stdout.contains("not measurements"))
    }

    @Test("DeepLab's CPU operators are listed as not timed")
    func deeplab() throws {
        let r = try report([Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite"), "--link", "pcie"])
        let e = try #require(r.models[0].estimate)
        #expect(r.models[0].mapped_operator_count == 64)
        #expect(e.cpu_operators_not_timed.count == 7 && e.calibrated && e.link == "pcie")
    }

    @Test("a float model gets the nothing-maps verdict and no estimate", arguments: ["text", "json", "markdown"])
    func floatModel(format: String) throws {
        let result = try CLI.run(["estimate", Fixtures.model("mobilenet_v2_1.0_224_float_dq.tflite"), "--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("nothing maps"))
        #expect(result.stdout.contains("not fully 8-bit quantized"))
        #expect(!result.stdout.contains("≈"))
    }

    @Test("markdown is one labelled table row per model")
    func markdown() throws {
        let result = try CLI.run(["estimate", Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), "--format", "markdown"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("| mobilenet_v1_0.25_128_quant.tflite | 31/31 | none |"))
        #expect(result.stdout.contains("_Estimated, not measured"))
    }

    @Test("a missing model is bad input (3), an unknown link a usage error (64)")
    func errors() throws {
        let missing = try CLI.run(["estimate", "/nonexistent/model.tflite"])
        #expect(missing.status == 3)
        let usage = try CLI.run(["estimate", Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), "--link", "thunderbolt"])
        #expect(usage.status == 64)
    }

    @Test("inspect shows the predicted placement with each CPU operator's reason")
    func inspect() throws {
        let result = try CLI.run(["inspect", Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Edge TPU (predicted): 64 of 71 operators map to 1 subgraph, 7 stay on the CPU"))
        #expect(result.stdout.contains("CPU: #63 RESIZE_BILINEAR: RESIZE_BILINEAR 1×1 → 33×33 with align_corners"))
    }

    @Test("demo without a Coral ends with the seed's comparison: CPU measured, Edge TPU estimated",
          .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
    func demo() throws {
        let result = try CLI.run(["demo"])
        #expect(result.status == 0, "\(result.stderr)")
        let tail = result.stdout.split(separator: "\n").suffix(3).map(String.init)
        #expect(tail.count == 3)
        #expect(tail.first?.hasPrefix("CPU (measured): median") == true)
        #expect(tail.dropFirst().first?.hasPrefix("edgetpu (estimated, usb3, max clock): ≈") == true)
        #expect(tail.last?.contains("faster than this CPU, estimated, range") == true)
    }

    @Test("compare without a Coral adds an edgetpu (estimated) row to the text only, never to the JSON result",
          .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
    func compare() throws {
        let configs = [Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite") + "@usb"]
        let flags = ["--runs", "3", "--min-time", "0", "--warmup", "0", "--no-history", "--quiet"]
        let text = try CLI.run(["compare"] + configs + flags, environment: ["EDGEBENCH_EDGETPU_LIB": "/nonexistent/libedgetpu.so.1"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("edgetpu (estimated, usb3, max clock) mobilenet_v2_1.0_224_quant.tflite: ≈"))
        #expect(text.stdout.contains("— not measured"))
        #expect(text.stdout.contains("verdict (estimated): ≈"))
        let json = try CLI.run(["compare"] + configs + flags + ["--format", "json"], environment: ["EDGEBENCH_EDGETPU_LIB": "/nonexistent/libedgetpu.so.1"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(!json.stdout.contains("estimated"))
    }
}
