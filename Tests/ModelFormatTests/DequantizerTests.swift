import FixtureSupport
import Foundation
import Testing
@testable import ModelFormat

@Suite("Dequantizer", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
struct DequantizerTests {
    /// The float32 values of a float tensor's constant data.
    static func floats(_ model: TFLiteModel, _ tensor: TFLiteModel.Tensor) -> [Float] {
        guard let data = model.constantData(of: tensor) else { return [] }
        return stride(from: data.startIndex, to: data.endIndex, by: 4).map { p in
            Float(bitPattern: UInt32(data[p]) | UInt32(data[p + 1]) << 8 | UInt32(data[p + 2]) << 16 | UInt32(data[p + 3]) << 24)
        }
    }

    @Test("MobileNet v2 quant becomes the fixture's float model: float I/O, same operators, close weights")
    func matchesFixture() throws {
        let quantized = try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant.tflite")
        let converted = try TFLiteModel(bytes: Dequantizer.dequantize(quantized))
        let reference = try Fixtures.tfliteModel("mobilenet_v2_1.0_224_float_dq.tflite")

        #expect(converted.inputTensors.map(\.type) == [.float32])
        #expect(converted.outputTensors.map(\.type) == [.float32])
        #expect(converted.inputTensors.first?.quantization == nil)
        #expect(converted.mainSubgraph.tensors.allSatisfy { $0.type == .float32 || $0.type == .int32 })

        let ops = converted.mainSubgraph.operators, refOps = reference.mainSubgraph.operators
        #expect(ops.map(converted.opcodeName) == refOps.map(reference.opcodeName))
        #expect(ops.map(\.options) == refOps.map(\.options), "fused RELU6 restored where the reference has it")
        #expect(ops.map(\.inputs) == refOps.map(\.inputs) && ops.map(\.outputs) == refOps.map(\.outputs))
        let relu6 = ops.filter {
            switch $0.options {
            case .conv2D(let o): return o.activation == .relu6
            case .depthwiseConv2D(let o): return o.activation == .relu6
            default: return false
            }
        }
        #expect(relu6.count == 35)
        #expect(converted.cost().macsTotal == 300_775_552)

        var worst: Float = 0
        var compared = 0
        for (mine, theirs) in zip(converted.mainSubgraph.tensors, reference.mainSubgraph.tensors)
        where theirs.isConstant && theirs.type == .float32 {
            let a = Self.floats(converted, mine), b = Self.floats(reference, theirs)
            #expect(a.count == b.count, "\(theirs.name)")
            let scale = max(b.map(abs).max() ?? 1, 1e-6)
            for (x, y) in zip(a, b) { worst = max(worst, abs(x - y) / scale) }
            compared += 1
        }
        #expect(compared == 106)
        #expect(worst <= 1e-5, "largest difference relative to the tensor's range: \(worst)")
    }

    @Test("QUANTIZE and DEQUANTIZE are bypassed and the outputs move to float tensors")
    func quantizeOpsRemoved() throws {
        let quantized = try Fixtures.tfliteModel("tf2_mobilenet_v2_1.0_224_ptq.tflite")
        let converted = try TFLiteModel(bytes: Dequantizer.dequantize(quantized))
        let names = converted.mainSubgraph.operators.map(converted.opcodeName)
        #expect(!names.contains("QUANTIZE") && !names.contains("DEQUANTIZE"))
        #expect(names.count == quantized.mainSubgraph.operators.count - 2)
        #expect(converted.inputTensors.map(\.type) == [.float32])
        #expect(converted.outputTensors.map(\.type) == [.float32])
        let last = try #require(converted.mainSubgraph.operators.last)
        #expect(converted.opcodeName(for: last) == "SOFTMAX")
        #expect(last.outputs == converted.mainSubgraph.outputs)
        #expect(converted.cost().macsTotal == quantized.cost().macsTotal)
    }

}

@Suite("Dequantizer on synthetic models")
struct SyntheticDequantizerTests {
    @Test("per-channel int8 weights dequantize to scale × value")
    func perChannel() throws {
        let quantized = try TFLiteModel(bytes: SyntheticModels.make(.mobilenetV1, alpha: 0.25, size: 32, dtype: .int8))
        let converted = try TFLiteModel(bytes: Dequantizer.dequantize(quantized))
        let filter = quantized.mainSubgraph.tensors[quantized.mainSubgraph.operators[0].inputs[1]]
        let q = try #require(filter.quantization)
        let raw = try #require(quantized.constantData(of: filter))
        let values = DequantizerTests.floats(converted, converted.mainSubgraph.tensors[filter.index])
        let perChannel = filter.elementCount / filter.shape[0]
        for (i, byte) in raw.enumerated() {
            let expected = q.scales[i / perChannel] * Float(Int8(bitPattern: byte))
            #expect(values[i] == expected)
        }
        #expect(converted.signatureDefs.first?.key == "serving_default")
    }

    @Test("a float model has nothing to dequantize")
    func floatModelRejected() throws {
        let float = try TFLiteModel(bytes: SyntheticModels.make(.mobilenetV1, alpha: 0.25, size: 32, dtype: .float32))
        #expect(throws: ModelWriterError.notQuantized) { try Dequantizer.dequantize(float) }
    }
}
