import FixtureSupport
import EdgeBench
import enum EdgeBenchKit.ClassifyFlow
import enum EdgeBenchKit.RawRunFlow
import Foundation
import Testing

@Suite("Classification of the fixture images", .serialized, .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct ClassificationTests {
    @Test("every known-good case puts the expected label in the top k with at least the minimum score",
          arguments: Fixtures.classificationCases)
    func knownGoodCase(_ testCase: Fixtures.Case) throws {
        var request = ClassifyRequest(modelPath: Fixtures.model(testCase.model), imagePath: Fixtures.image(testCase.image))
        request.topK = testCase.k
        request.runs = 1
        let report = try ClassifyFlow.classify(request)
        let hit = report.results.first { $0.index == testCase.expectedLabel }
        #expect(hit != nil, "top \(testCase.k): \(report.results)")
        #expect((hit?.score ?? 0) >= testCase.minimumScore, "score \(hit?.score ?? 0)")
    }

    @Test("classify reports one timing per run, the requested threads and kernels")
    func timings() throws {
        var request = ClassifyRequest(modelPath: Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), imagePath: Fixtures.image("cat.bmp"))
        request.runs = 5
        request.settings = RunSettings(threads: 2, kernels: .builtin)
        let report = try ClassifyFlow.classify(request)
        #expect(report.timingsMs.count == 5)
        #expect(report.timingsMs.allSatisfy { $0 > 0 })
        #expect(report.threads == 2)
        #expect(report.kernels == "builtin")
    }

    @Test("an Edge TPU model is refused on the CPU, naming its Edge TPU subgraphs")
    func edgeTPUModelOnCPU() throws {
        let request = ClassifyRequest(modelPath: Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite"), imagePath: Fixtures.image("cat.bmp"))
        #expect(throws: EdgeBenchError.edgeTPUModelOnCPU(model: "mobilenet_v2_1.0_224_quant_edgetpu.tflite", customOps: 1)) {
            try ClassifyFlow.classify(request)
        }
    }

    @Test("the seed's iris input runs through the raw runner")
    func iris() throws {
        let report = try RawRunFlow.run(modelPath: Fixtures.model("iris_lite.tflite"), inputs: [RawInputAssignment.numbers("7.9,3.8,6.4,2.0")])
        let scores = try #require(report.outputs.first?.values)
        #expect(scores.count == 3)
        #expect(abs(scores.reduce(0, +) - 1) < 1e-4)
    }

    @Test("the wrong number of input values is refused with both counts")
    func irisWrongCount() throws {
        #expect(throws: EdgeBenchError.self) {
            try RawRunFlow.run(modelPath: Fixtures.model("iris_lite.tflite"), inputs: [RawInputAssignment.numbers("1,2,3")])
        }
    }
}
