import EdgeBenchKit
import FixtureSupport
import Foundation
import Testing

/// The GPU backend through the library, on whatever Vulkan driver the environment selects (lavapipe in CI).
@Suite("Interpreter on the GPU", .serialized,
       .enabled(if: Fixtures.ready && ProcessInfo.processInfo.environment["EDGEBENCH_GPU_TESTS"] == "1",
                "needs a Vulkan driver: run through scripts/test.sh, which installs lavapipe and sets EDGEBENCH_GPU_TESTS=1"))
struct InterpreterGPUTests {
    @Test("iris_lite gives the CPU's probabilities on the GPU in fp32")
    func irisMatchesCPU() throws {
        let flower: [Float] = [7.9, 3.8, 6.4, 2.0]
        var results: [[Float]] = []
        for backend in [Interpreter.Backend.cpu(threads: 1), .gpu(precision: .fp32)] {
            let interpreter = try Interpreter(modelPath: Fixtures.model("iris_lite.tflite"), backend: backend)
            try interpreter.copy(flower)
            try interpreter.invoke()
            results.append(try interpreter.output())
        }
        #expect(results[0].count == 3 && results[1].count == 3)
        #expect(zip(results[0], results[1]).allSatisfy { abs($0 - $1) < 1e-3 }, "\(results)")
    }

    @Test("the float MobileNet classifies the parrot as a macaw on the GPU, run after run")
    func classifiesOnGPU() throws {
        let interpreter = try Interpreter(modelPath: Fixtures.model("mobilenet_v2_1.0_224_float_dq.tflite"), backend: .gpu(precision: .fp32))
        let classifier = try ImageClassifier(model: interpreter)
        let parrot = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: Fixtures.image("parrot.jpg")))
        for _ in 0..<3 {
            #expect(try classifier.classify(parrot, topK: 1).first?.index == 89)
        }
        #expect(interpreter.compilationCount == 1)
    }
}
