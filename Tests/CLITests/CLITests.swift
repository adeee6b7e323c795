import FixtureSupport
import Foundation
import Testing

@Suite("The edgebench command line", .serialized, .enabled(if: CLI.available, "needs the built edgebench binary (swift build)"))
struct CLITests {
    @Test("--help lists every command and the exit codes")
    func help() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        for command in ["classify", "run", "demo", "runtime"] { #expect(result.stdout.contains(command)) }
        #expect(result.stdout.contains("Exit codes"))
    }

    @Test("an unknown flag is a usage error: exit 64 and one message")
    func unknownFlag() throws {
        let result = try CLI.run(["classify", "m.tflite", "i.jpg", "--bogus"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--bogus"))
    }

    @Test("threads out of range are a usage error", arguments: ["0", "-1", "100000"])
    func badThreads(_ threads: String) throws {
        let result = try CLI.run(["classify", "m.tflite", "i.jpg", "--threads=\(threads)"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("threads"))
    }

    @Test("an unknown kernels value is a usage error naming the choices")
    func badKernels() throws {
        let result = try CLI.run(["classify", "m.tflite", "i.jpg", "--kernels", "fast"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("xnnpack"))
    }

    @Test("a missing model file is a bad input: exit 3 naming the file", .enabled(if: Fixtures.ready))
    func missingModel() throws {
        let result = try CLI.run(["classify", "/nonexistent/model.tflite", Fixtures.image("cat.bmp")])
        #expect(result.status == 3)
        #expect(result.stderr.contains("/nonexistent/model.tflite"))
        #expect(!result.signaled)
    }

    @Test("a missing runtime with auto-install off says how to install it: exit 69")
    func missingRuntime() throws {
        let result = try CLI.run(["run", "iris.tflite", "--input", "1,2,3,4"],
                                 environment: ["EDGEBENCH_LITERT": "", "XDG_CACHE_HOME": "/nonexistent-cache", "EDGEBENCH_NO_AUTO_INSTALL": "1"])
        #expect(result.status == 69)
        #expect(result.stderr.contains("edgebench runtime install"))
    }
}

@Suite("edgebench on the real fixtures", .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIFixtureTests {
    struct ClassifyJSON: Decodable {
        struct Result: Decodable { var index: Int; var label: String?; var score: Double }
        var model: String
        var image: String
        var backend: String
        var threads: Int
        var kernels: String
        var timings_ms: [Double]
        var results: [Result]
    }

    @Test("every row of classification_cases.csv passes through `edgebench classify`", arguments: Fixtures.classificationCases)
    func classificationCase(_ testCase: Fixtures.Case) throws {
        let result = try CLI.run(["classify", Fixtures.model(testCase.model), Fixtures.image(testCase.image),
                                  "--top-k", String(testCase.k), "--format", "json", "--runs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(ClassifyJSON.self, from: Data(result.stdout.utf8))
        #expect(report.timings_ms.count == 2)
        #expect(report.backend == "cpu")
        let hit = report.results.first { $0.index == testCase.expectedLabel }
        #expect(hit != nil && hit!.score >= testCase.minimumScore, "\(report.results)")
    }

    @Test("the seed command prints five timings, the first marked cold, then labels with scores")
    func seedText() throws {
        let result = try CLI.run(["classify", Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), Fixtures.image("parrot.jpg"),
                                  "--labels", Fixtures.labels("imagenet_labels.txt")])
        #expect(result.status == 0, "\(result.stderr)")
        let timingLines = result.stdout.split(separator: "\n").filter { $0.contains(" ms") }
        #expect(timingLines.count == 5)
        #expect(timingLines.first?.contains("cold") == true)
        #expect(result.stdout.contains("macaw"))
    }

    @Test("demo runs the seed experiment with no arguments")
    func demo() throws {
        let result = try CLI.run(["demo"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("cold"))
        #expect(result.stdout.contains("RESULTS"))
    }

    @Test("the seed's iris model runs through `edgebench run`")
    func iris() throws {
        let result = try CLI.run(["run", Fixtures.model("iris_lite.tflite"), "--input", "7.9,3.8,6.4,2.0", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"outputs\""))
    }

    @Test("a model whose custom operator nobody provides is refused by name before it runs: exit 3, not a crash")
    func invokingError() throws {
        let result = try CLI.run(["run", Fixtures.model("model_invoking_error.tflite"), "--input", "1,2,3"])
        #expect(!result.signaled)
        #expect(result.status == 3, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.hasPrefix("edgebench: error:"))
        #expect(result.stderr.contains("fake-op-double"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("an Edge TPU model on the CPU ends with a clear message and exit 3")
    func edgeTPUOnCPU() throws {
        let result = try CLI.run(["classify", Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite"), Fixtures.image("cat.bmp")])
        #expect(result.status == 3)
        #expect(result.stderr.contains("--backend edgetpu"))
        #expect(!result.signaled)
    }

    @Test("an image that is not an image is a bad input: exit 3")
    func notAnImage() throws {
        let result = try CLI.run(["classify", Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), Fixtures.labels("imagenet_labels.txt")])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("imagenet_labels.txt"))
    }
}
