import FixtureSupport
import Foundation
import Testing

@Suite("synth, convert and devices from the command line", .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIModelToolsTests {
    struct InspectJSON: Decodable { var macs_total: Int }

    func macs(_ path: String) throws -> Int {
        let result = try CLI.run(["inspect", path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(InspectJSON.self, from: Data(result.stdout.utf8)).macs_total
    }

    @Test("synthetic MobileNets in float32 and int8 run in LiteRT and have the real models' MACs",
          arguments: [("mobilenet_v1", "0.25", "128", "mobilenet_v1_0.25_128_quant.tflite"),
                      ("mobilenet_v2", "1.0", "224", "mobilenet_v2_1.0_224_quant.tflite")])
    func synthetic(_ architecture: String, _ alpha: String, _ size: String, _ reference: String) throws {
        let directory = TemporaryDirectory()
        let referenceMACs = try macs(Fixtures.model(reference))
        for dtype in ["float32", "int8"] {
            let path = "\(directory.path)/\(architecture)_\(dtype).tflite"
            let made = try CLI.run(["synth", architecture, "--alpha", alpha, "--size", size, "--dtype", dtype, "-o", path])
            #expect(made.status == 0, "\(made.stderr)")
            #expect(made.stdout.contains("labels are meaningless"))
            #expect(try macs(path) == referenceMACs)
            let ran = try CLI.run(["bench", path, "--runs", "2", "--min-time", "0", "--warmup", "0", "--format", "json", "--quiet", "--no-history"])
            #expect(ran.status == 0, "\(ran.stderr)")
            #expect(ran.stdout.contains("\"available\" : true"))
        }
    }

    @Test("convert --dequantize gives a float32 model that classifies the fixture cases like its quantized source")
    func dequantize() throws {
        let directory = TemporaryDirectory()
        let output = directory.path + "/mobilenet_v2_float.tflite"
        let converted = try CLI.run(["convert", "--dequantize", Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), "-o", output])
        #expect(converted.status == 0, "\(converted.stderr)")
        for testCase in Fixtures.classificationCases where testCase.model == "mobilenet_v2_1.0_224_quant.tflite" {
            let result = try CLI.run(["classify", output, Fixtures.image(testCase.image), "--top-k", String(testCase.k), "--format", "json", "--runs", "1"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\"index\" : \(testCase.expectedLabel)"), "\(testCase): \(result.stdout)")
        }
        // The float model takes float32 input.
        let inspected = try CLI.run(["inspect", output])
        #expect(inspected.stdout.contains("float32 [1, 224, 224, 3]"))
    }

    @Test("convert needs --dequantize; synth refuses an impossible size")
    func usage() throws {
        #expect(try CLI.run(["convert", Fixtures.model("iris_lite.tflite"), "-o", "/tmp/x.tflite"]).status == 64)
        let synth = try CLI.run(["synth", "mobilenet_v2", "--size", "100", "-o", "/tmp/x.tflite"])
        #expect(synth.status == 64)
        #expect(synth.stderr.contains("100"))
    }
}

/// The Edge TPU half on the real libedgetpu 16.0 (no device attached here).
@Suite("Edge TPU from the command line", .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIEdgeTPUTests {
    static let direct = Fixtures.directory + "/../edgetpu/direct/libedgetpu.so.1"
    static let throttled = Fixtures.directory + "/../edgetpu/throttled/libedgetpu.so.1"

    @Test("devices shows LiteRT's CPU accelerator and the Edge TPU library with 0 devices, direct and throttled told apart")
    func devices() throws {
        for (library, build) in [(Self.direct, "direct"), (Self.throttled, "throttled")] {
            let result = try CLI.run(["devices", "--format", "json", "--no-gpu-probe"], environment: ["EDGEBENCH_EDGETPU_LIB": library])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let litert = try #require(object["litert"] as? [String: Any])
            #expect((litert["accelerators"] as? [String])?.contains { $0.contains("cpu") } == true)
            let edgetpu = try #require(object["edgetpu"] as? [String: Any])
            #expect(edgetpu["build"] as? String == build)
            #expect(edgetpu["runtime_version"] as? Int == 14)
            #expect((edgetpu["devices"] as? [Any])?.isEmpty == true)
            #expect((edgetpu["version"] as? String)?.contains("RuntimeVersion(14)") == true)
            #expect(edgetpu["tensorflow_commit"] is String)
        }
    }

    @Test("without a libedgetpu, devices reports edgetpu as null and classify says how to install it")
    func noLibrary() throws {
        let environment = ["EDGEBENCH_EDGETPU_LIB": "/nonexistent/libedgetpu.so.1"]
        let devices = try CLI.run(["devices", "--format", "json", "--no-gpu-probe"], environment: environment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(devices.stdout.utf8)) as? [String: Any])
        #expect(object["edgetpu"] == nil || object["edgetpu"] is NSNull)
        let classify = try CLI.run(["classify", Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite") + "@usb", Fixtures.image("cat.bmp")], environment: environment)
        #expect(classify.status == 69)
        #expect(classify.stderr.contains("libedgetpu1-std"))
    }

    @Test("classify MODEL@usb with no device ends with 'no Edge TPU found', naming the library, exit 69, no crash")
    func noDevice() throws {
        let result = try CLI.run(["classify", Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite") + "@usb", Fixtures.image("cat.bmp")],
                                 environment: ["EDGEBENCH_EDGETPU_LIB": Self.direct])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(!result.signaled)
        #expect(result.stderr.contains("no Edge TPU found"))
        #expect(result.stderr.contains("libedgetpu"))
    }

    @Test("compare runs the CPU configuration and lists the Edge TPU one as unavailable with the reason")
    func compare() throws {
        let result = try CLI.run(["compare", Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), Fixtures.model("mobilenet_v1_0.25_128_quant_edgetpu.tflite") + "@usb",
                                  "--runs", "5", "--min-time", "0", "--quiet", "--no-history"], environment: ["EDGEBENCH_EDGETPU_LIB": Self.direct])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("unavailable: no Edge TPU found"))
    }

    @Test("an invalid device selector is a usage error")
    func badSelector() throws {
        let result = try CLI.run(["classify", Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite") + "@usb:x", Fixtures.image("cat.bmp")],
                                 environment: ["EDGEBENCH_EDGETPU_LIB": Self.direct])
        #expect(result.status == 64, "\(result.stderr)")
    }
}
