import FixtureSupport
import Testing
@testable import ModelFormat

/// A synthetic model and the real model it mirrors.
struct SyntheticCase: Sendable, CustomTestStringConvertible {
    let architecture: SyntheticArchitecture
    let alpha: Double
    let size: Int
    let macs: Int
    let fixture: String
    var testDescription: String { "\(architecture.rawValue) \(alpha) \(size)" }
}

@Suite("Synthetic models")
struct SyntheticModelsTests {
    /// MACs of the published models, as `TFLiteModel.cost()` counts them on the fixtures.
    static let cases = [
        SyntheticCase(architecture: .mobilenetV2, alpha: 1.0, size: 224, macs: 300_775_552,
                      fixture: "mobilenet_v2_1.0_224_quant.tflite"),
        SyntheticCase(architecture: .mobilenetV1, alpha: 0.25, size: 128, macs: 13_570_304,
                      fixture: "mobilenet_v1_0.25_128_quant.tflite"),
        SyntheticCase(architecture: .mobilenetV1, alpha: 0.5, size: 160, macs: 76_525_312,
                      fixture: "mobilenet_v1_0.5_160_quant.tflite"),
    ]

    @Test("float32 and int8 models parse, have the published MACs, and one serving_default signature",
          arguments: cases, [SyntheticDType.float32, .int8])
    func macs(_ c: SyntheticCase, dtype: SyntheticDType) throws {
        let bytes = try SyntheticModels.make(c.architecture, alpha: c.alpha, size: c.size, dtype: dtype)
        let model = try TFLiteModel(bytes: bytes)
        #expect(model.cost().macsTotal == c.macs)
        #expect(model.inputTensors.map(\.shape) == [[1, c.size, c.size, 3]])
        #expect(model.outputTensors.map(\.shape) == [[1, 1001]])
        let expectedType: SchemaTensorType = dtype == .int8 ? .int8 : .float32
        #expect(model.inputTensors.first?.type == expectedType)
        #expect(model.outputTensors.first?.type == expectedType)
        let signature = try #require(model.signatureDefs.first)
        #expect(model.signatureDefs.count == 1 && signature.key == "serving_default")
        #expect(signature.inputs.map(\.tensorIndex) == model.mainSubgraph.inputs)
        #expect(signature.outputs.map(\.tensorIndex) == model.mainSubgraph.outputs)
    }

    @Test("uint8 models have the fixture's operator sequence, shapes and options",
          .enabled(if: Fixtures.available, Fixtures.modelsMissing), arguments: cases)
    func sameGraphAsFixture(_ c: SyntheticCase) throws {
        let synthetic = try TFLiteModel(bytes: SyntheticModels.make(c.architecture, alpha: c.alpha, size: c.size, dtype: .uint8))
        let real = try Fixtures.tfliteModel(c.fixture)
        #expect(synthetic.cost().macsTotal == real.cost().macsTotal)
        let ops = synthetic.mainSubgraph.operators, realOps = real.mainSubgraph.operators
        #expect(ops.map(synthetic.opcodeName) == realOps.map(real.opcodeName))
        for (mine, theirs) in zip(ops, realOps) {
            let shapes = { (m: TFLiteModel, op: TFLiteModel.Operator) in
                (op.inputs + op.outputs).map { m.mainSubgraph.tensors[$0].shape }
            }
            #expect(shapes(synthetic, mine) == shapes(real, theirs), "operator \(mine.index)")
            // The published quantized models express ReLU6 through the output range only; ours also fuse it.
            switch (mine.options, theirs.options) {
            case (.conv2D(let a), .conv2D(let b)):
                #expect(a.padding == b.padding && a.strideW == b.strideW && a.strideH == b.strideH)
            case (.depthwiseConv2D(let a), .depthwiseConv2D(let b)):
                #expect(a.padding == b.padding && a.strideW == b.strideW && a.depthMultiplier == b.depthMultiplier)
            case (.pool2D(let a), .pool2D(let b)):
                #expect(a == b)
            default:
                break
            }
            let output = mine.outputs[0]
            #expect(synthetic.mainSubgraph.tensors[output].type == .uint8)
        }
        #expect(synthetic.inputTensors.first?.quantization == SchemaQuantization(scales: [1.0 / 128], zeroPoints: [128]))
    }

    @Test("int8 convolutions have per-channel symmetric weights and int32 biases with scale input × weight")
    func int8Quantization() throws {
        let model = try TFLiteModel(bytes: SyntheticModels.make(.mobilenetV1, alpha: 0.25, size: 128, dtype: .int8))
        let graph = model.mainSubgraph
        var checked = 0
        for op in graph.operators {
            guard case .conv2D = op.options else { continue }
            let input = graph.tensors[op.inputs[0]], filter = graph.tensors[op.inputs[1]], bias = graph.tensors[op.inputs[2]]
            let fq = try #require(filter.quantization), bq = try #require(bias.quantization)
            let inputScale = try #require(input.quantization?.scale)
            #expect(filter.type == .int8 && bias.type == .int32)
            #expect(fq.scales.count == filter.shape[0] && fq.quantizedDimension == 0)
            #expect(fq.zeroPoints.allSatisfy { $0 == 0 })
            for (b, f) in zip(bq.scales, fq.scales) { #expect(abs(b - f * inputScale) <= 1e-6 * b) }
            checked += 1
        }
        #expect(checked == 15)
        let softmax = try #require(model.outputTensors.first?.quantization)
        #expect(softmax.scales == [1.0 / 256] && softmax.zeroPoints == [-128])
    }

    @Test("MobileNet v2 channel counts follow make_divisible(c × alpha, 8)")
    func v2Channels() throws {
        #expect(SyntheticModels.makeDivisible(32 * 0.35) == 16)
        #expect(SyntheticModels.makeDivisible(16 * 0.35) == 8)
        #expect(SyntheticModels.makeDivisible(24 * 0.75) == 24)
        #expect(SyntheticModels.makeDivisible(320 * 1.4) == 448)
        #expect(SyntheticModels.makeDivisible(1280 * 1.4) == 1792)
        let model = try TFLiteModel(bytes: SyntheticModels.make(.mobilenetV2, alpha: 1.4, size: 64, dtype: .float32))
        let convOutputs = model.mainSubgraph.operators.filter { model.opcodeName(for: $0) == "CONV_2D" }
            .map { model.mainSubgraph.tensors[$0.outputs[0]].shape.last ?? 0 }
        #expect(convOutputs.first == 48)
        #expect(convOutputs.suffix(2) == [1792, 1001])
    }

    @Test("equal seeds give identical files, different seeds different weights")
    func determinism() throws {
        let a = try SyntheticModels.make(.mobilenetV1, alpha: 0.25, size: 32, dtype: .float32, seed: 7)
        let b = try SyntheticModels.make(.mobilenetV1, alpha: 0.25, size: 32, dtype: .float32, seed: 7)
        let c = try SyntheticModels.make(.mobilenetV1, alpha: 0.25, size: 32, dtype: .float32, seed: 8)
        #expect(a == b)
        #expect(a != c && a.count == c.count)
    }

    @Test("invalid widths and sizes are rejected")
    func validation() {
        #expect(throws: ModelWriterError.invalidAlpha(0)) { try SyntheticModels.make(.mobilenetV2, alpha: 0, size: 224, dtype: .float32) }
        #expect(throws: ModelWriterError.invalidAlpha(2.5)) { try SyntheticModels.make(.mobilenetV1, alpha: 2.5, size: 224, dtype: .int8) }
        #expect(throws: ModelWriterError.invalidInputSize(100)) { try SyntheticModels.make(.mobilenetV2, alpha: 1, size: 100, dtype: .uint8) }
        #expect(throws: ModelWriterError.invalidInputSize(544)) { try SyntheticModels.make(.mobilenetV2, alpha: 1, size: 544, dtype: .uint8) }
        #expect(throws: Never.self) { try SyntheticModels.validate(alpha: 1.3, size: 512) }
    }
}
