import FixtureSupport
import Foundation
import Testing
@testable import ModelFormat

/// A fixture pair: the model and what the real Edge TPU compiler made of it.
struct CompilerPair: Sendable, CustomTestStringConvertible {
    let model: String
    var compiled: String { model.replacingOccurrences(of: ".tflite", with: "_edgetpu.tflite") }
    var testDescription: String { model }

    static let all: [CompilerPair] = [
        "mobilenet_v1_0.25_128_quant.tflite", "mobilenet_v1_0.5_160_quant.tflite", "mobilenet_v2_1.0_224_quant.tflite",
        "keras_lstm_mnist_ptq.tflite", "deeplabv3_mnv2_dm05_pascal_quant.tflite",
        "movenet_single_pose_lightning_ptq.tflite", "posenet_mobilenet_v1_075_721_1281_quant_decoder.tflite",
    ].map(CompilerPair.init)
}

@Suite("Edge TPU compiler placement predicted from the uncompiled model", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
struct EdgeTPUPlacementPredictionTests {
    @Test("the prediction matches what the compiler did on every fixture pair", arguments: CompilerPair.all)
    func matchesCompiler(pair: CompilerPair) throws {
        let model = try Fixtures.tfliteModel(pair.model)
        let actual = try #require(try Fixtures.tfliteModel(pair.compiled).edgeTPUPlacement())
        let predicted = model.predictEdgeTPUPlacement()
        let actualMapped = model.mainSubgraph.operators.count - actual.cpuOps.count
        let actualBytes = actual.cachedParameterBytes + actual.streamedParameterBytes
        let predictedBytes = predicted.cachedParameterBytes + predicted.streamedParameterBytes
        let error = Double(predictedBytes - actualBytes) / Double(actualBytes)
        print("""
            placement \(pair.model): mapped \(predicted.mappedOperatorCount) predicted / \(actualMapped) compiler; \
            CPU \(predicted.cpuOperators.count) / \(actual.cpuOps.count); subgraphs \(predicted.subgraphs) / \
            \(actual.subgraphs); cached \(predicted.cachedParameterBytes) / \(actual.cachedParameterBytes); \
            streamed \(predicted.streamedParameterBytes) / \(actual.streamedParameterBytes); \
            parameter bytes \(String(format: "%+.1f%%", 100 * error))
            """)
        #expect(predicted.mappedOperatorCount == actualMapped)
        #expect(predicted.cpuOperators.map(\.opcode).sorted() == actual.cpuOps.sorted())
        #expect(predicted.subgraphs == actual.subgraphs)
        #expect(predicted.nothingMapsReason == nil)
        if actualBytes > 1 << 20 {
            #expect(abs(error) <= 0.10, "parameter bytes within 10% on models over 1 MiB")
        }
    }

    @Test("MoveNet: the CPU prefix (CAST, float QUANTIZE) does not stop the backbone from mapping")
    func movenetPrefix() throws {
        let p = try Fixtures.tfliteModel("movenet_single_pose_lightning_ptq.tflite").predictEdgeTPUPlacement()
        #expect(p.operators[0].placement == .cpu && p.operators[1].placement == .cpu)
        #expect(p.operators[1].reason?.contains("float32") == true)
        #expect(p.operators[2].placement == .edgetpu)
        #expect(p.operators[89].reason?.contains("ARG_MAX") == true)
        #expect(p.operators[113].reason?.contains("depends on operator 112 (GATHER_ND)") == true)
        #expect(p.operators[100].placement == .edgetpu) // a head that does not depend on the ARG_MAX
    }

    @Test("DeepLab: the 1×1 → 33×33 align_corners resize is refused for precision, with the sizes in the reason")
    func deeplabResize() throws {
        let p = try Fixtures.tfliteModel("deeplabv3_mnv2_dm05_pascal_quant.tflite").predictEdgeTPUPlacement()
        let resize = p.operators[63]
        #expect(resize.placement == .cpu)
        #expect(resize.reason?.contains("1×1 → 33×33 with align_corners") == true)
        #expect(p.operators[65].reason?.contains("depends on operator 63") == true)
    }

    @Test("a float model gets a nothing-maps verdict that says why", arguments: ["iris_lite.tflite", "mobilenet_v2_1.0_224_float_dq.tflite"])
    func floatModel(name: String) throws {
        let p = try Fixtures.tfliteModel(name).predictEdgeTPUPlacement()
        #expect(p.mappedOperatorCount == 0)
        #expect(p.subgraphs == 0)
        #expect(p.cachedParameterBytes == 0)
        #expect(p.nothingMapsReason?.contains("not fully 8-bit quantized") == true)
    }

    @Test("a compiled model is not predicted again")
    func compiled() throws {
        let p = try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant_edgetpu.tflite").predictEdgeTPUPlacement()
        #expect(p.nothingMapsReason?.contains("already compiled") == true)
    }

    @Test("parameters beyond the usable cache are streamed, in operator order")
    func streaming() throws {
        let url = URL(fileURLWithPath: Fixtures.directory).deletingLastPathComponent().appendingPathComponent("estimator/models/resnet50_v1_299_quant.tflite")
        try #require(FileManager.default.fileExists(atPath: url.path), "ResNet50 calibration model not found")
        let p = try TFLiteModel(contentsOf: url).predictEdgeTPUPlacement()
        #expect(p.cachedParameterBytes <= EdgeTPUPlacementPrediction.usableCacheBytes)
        #expect(p.streamedParameterBytes > 15 << 20)
        let firstStreamed = try #require(p.operators.firstIndex { $0.streamed })
        #expect(p.operators[firstStreamed...].allSatisfy { $0.streamed || $0.parameterBytes == 0 })
    }
}
