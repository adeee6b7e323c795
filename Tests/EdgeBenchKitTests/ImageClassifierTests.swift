import EdgeBenchKit
import FixtureSupport
import Foundation
import Testing

@Suite("ImageClassifier on real fixture models", .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct ImageClassifierTests {
    @Test("every known-good case of classification_cases.csv is found in the top k", arguments: Fixtures.classificationCases)
    func knownCases(_ known: Fixtures.Case) throws {
        let classifier = try ImageClassifier(model: try Interpreter(modelPath: Fixtures.model(known.model)))
        let results = try classifier.classify(contentsOf: URL(fileURLWithPath: Fixtures.image(known.image)), topK: known.k)
        let hit = try #require(results.first { $0.index == known.expectedLabel }, "label \(known.expectedLabel) not in \(results)")
        #expect(hit.score >= known.minimumScore)
    }

    @Test("100 images with one loaded model: compiled once, run 100 times, each image's answer unchanged")
    func hundredImagesOneCompilation() throws {
        let interpreter = try Interpreter(modelPath: Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"))
        let classifier = try ImageClassifier(model: interpreter, labels: try Labels(contentsOf: Fixtures.labels("imagenet_labels.txt")))
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.directory + "/images").sorted()
        let images = try names.map { try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: Fixtures.image($0))) }
        try #require(!images.isEmpty)
        var first: [Int: Classification] = [:]
        for index in 0..<100 {
            let best = try #require(try classifier.classify(images[index % images.count], topK: 1).first)
            if let earlier = first[index % images.count] {
                #expect(best == earlier, "image \(names[index % images.count]) changed its answer")
            } else {
                first[index % images.count] = best
            }
        }
        #expect(interpreter.compilationCount == 1)
        #expect(interpreter.invocationCount == 100)
        let parrot = try #require(names.firstIndex(of: "parrot.jpg"))
        #expect(first[parrot]?.index == 89)
        #expect(first[parrot]?.label?.isEmpty == false)
    }

    @Test("an encoded image in memory classifies like the same file")
    func classifiesData() throws {
        let classifier = try ImageClassifier(model: try Interpreter(modelPath: Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")))
        let url = URL(fileURLWithPath: Fixtures.image("cat.bmp"))
        #expect(try classifier.classify(try Data(contentsOf: url), name: "cat.bmp") == classifier.classify(contentsOf: url))
        #expect(classifier.inputSize.height == 128 && classifier.inputSize.width == 128)
    }

    @Test("a model that does not take an image, or does not output class scores, is refused")
    func refusesNonClassifiers() throws {
        #expect(throws: (any Error).self) {
            _ = try ImageClassifier(model: try Interpreter(modelPath: Fixtures.model("iris_lite.tflite")))
        }
        do {
            _ = try ImageClassifier(model: try Interpreter(modelPath: Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite")))
            Issue.record("a segmentation model was accepted as a classifier")
        } catch {
            #expect(error.localizedDescription.contains("deeplabv3_mnv2_dm05_pascal_quant.tflite"))
        }
    }
}
