import FixtureSupport
import Foundation
import Testing

/// The GPU backend on whatever Vulkan driver the environment selects (in CI: Mesa 25's lavapipe,
/// installed by scripts/install-lavapipe.sh and selected by scripts/vulkan-env.sh).
@Suite("GPU backend against the CPU", .serialized,
       .enabled(if: CLI.available && Fixtures.ready && ProcessInfo.processInfo.environment["EDGEBENCH_GPU_TESTS"] == "1",
                "needs a Vulkan driver: run through scripts/test.sh, which installs lavapipe and sets EDGEBENCH_GPU_TESTS=1"))
struct GPUTests {
    struct RunJSON: Decodable {
        struct Output: Decodable { var values: [Double] }
        var backend: String
        var outputs: [Output]
    }

    struct ClassifyJSON: Decodable {
        struct Result: Decodable { var index: Int; var score: Double }
        var backend: String
        var results: [Result]
    }

    func runIris(_ extra: [String]) throws -> [Double] {
        let result = try CLI.run(["run", Fixtures.model("iris_lite.tflite"), "--input", "7.9,3.8,6.4,2.0", "--format", "json"] + extra, timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(RunJSON.self, from: Data(result.stdout.utf8)).outputs.first?.values ?? []
    }

    func classify(_ model: String, _ extra: [String]) throws -> ClassifyJSON {
        let result = try CLI.run(["classify", Fixtures.model(model), Fixtures.image("parrot.jpg"), "--top-k", "5", "--runs", "1", "--format", "json"] + extra, timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(ClassifyJSON.self, from: Data(result.stdout.utf8))
    }

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max() ?? 0 : .infinity
    }

    @Test("iris on the GPU in fp32 matches the CPU within 1e-5, in fp16 within 1e-2")
    func iris() throws {
        let cpu = try runIris([])
        let fp32 = try runIris(["--backend", "gpu", "--gpu-precision", "fp32"])
        let fp16 = try runIris(["--backend", "gpu", "--gpu-precision", "fp16"])
        #expect(cpu.count == 3)
        #expect(Self.maxDifference(cpu, fp32) < 1e-5, "cpu \(cpu) gpu fp32 \(fp32)")
        #expect(Self.maxDifference(cpu, fp16) < 1e-2, "cpu \(cpu) gpu fp16 \(fp16)")
    }

    @Test("MobileNet v2 float and quantized: the GPU's top-1 and scores agree with the CPU",
          arguments: [("mobilenet_v2_1.0_224_float_dq.tflite", "fp32", 1e-4), ("mobilenet_v2_1.0_224_float_dq.tflite", "fp16", 2e-2),
                      ("mobilenet_v2_1.0_224_quant.tflite", "fp32", 2e-2)])
    func mobilenet(_ model: String, _ precision: String, _ tolerance: Double) throws {
        let cpu = try classify(model, [])
        let gpu = try classify(model, ["--backend", "gpu", "--gpu-precision", precision])
        #expect(gpu.backend == "gpu")
        #expect(cpu.results.first?.index == gpu.results.first?.index)
        #expect(gpu.results.first?.index == 89)
        let cpuTop = cpu.results.first?.score ?? 0, gpuTop = gpu.results.first?.score ?? 1
        #expect(abs(cpuTop - gpuTop) < tolerance, "top score cpu \(cpuTop) gpu \(gpuTop)")
    }

    @Test("compare of the float model on CPU and GPU reports the verdict and agreement")
    func compare() throws {
        let model = Fixtures.model("mobilenet_v2_1.0_224_float_dq.tflite")
        let result = try CLI.run(["compare", model, model + "@gpu", "--runs", "3", "--min-time", "0", "--warmup", "1", "--quiet"], timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("top-1 agrees on 1/1 image"))
        #expect(result.stdout.contains("gpu"))
    }

    @Test("with no usable Vulkan driver the GPU backend says so (exit 69) and never reports CPU numbers")
    func noAdapter() throws {
        let result = try CLI.run(["run", Fixtures.model("iris_lite.tflite"), "--input", "1,2,3,4", "--backend", "gpu"],
                                 environment: ["VK_DRIVER_FILES": "/nonexistent/icd.json", "VK_ICD_FILENAMES": "/nonexistent/icd.json"], timeout: 120)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("no usable GPU adapter"))
        #expect(result.stdout.isEmpty)
    }

    @Test("classify on the GPU waits for the GPU: each run is at least as long as the same run's output read")
    func classifyTimingWaitsForTheGPU() throws {
        // Not a performance threshold: a GPU run that is not waited for returns in microseconds (0.2-0.4 ms
        // was printed before), while 300 M multiply-adds on any GPU here, software or not, take far longer
        // than the 1 ms floor used here (XNNPACK on this CPU needs about 8 ms).
        struct Timings: Decodable { var timings_ms: [Double] }
        let result = try CLI.run(["classify", Fixtures.model("mobilenet_v2_1.0_224_float_dq.tflite") + "@gpu", Fixtures.image("parrot.jpg"),
                                  "--runs", "3", "--format", "json"], timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        let timings = try JSONDecoder().decode(Timings.self, from: Data(result.stdout.utf8)).timings_ms
        #expect(timings.count == 3)
        #expect(timings.allSatisfy { $0 > 1 }, "GPU runs timed without waiting: \(timings)")
    }
}
