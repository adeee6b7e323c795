import FixtureSupport
import Foundation
import Testing
@testable import ModelFormat

/// The file position of the first zero point of the first constant, quantized tensor of the main subgraph
/// (found with the module's own checked reader), with that tensor's index.
private func firstConstantZeroPoint(_ bytes: [UInt8]) throws -> (position: Int, tensor: Int)? {
    let reader = try ByteReader(bytes: bytes, limits: .default)
    let root = try reader.rootTable(identifier: TFLiteModel.fileIdentifier, name: "Model")
    let buffers = try root.tables(4, "buffers")
    guard let subgraph = try root.tables(2, "subgraphs").first else { return nil }
    for (index, tensor) in try subgraph.tables(0, "tensors").enumerated() {
        let buffer = Int(try tensor.scalar(2, default: UInt32(0)))
        guard buffer < buffers.count, let data = try buffers[buffer].byteRange(0, "data"), !data.isEmpty,
              let quantization = try tensor.table(4, "quantization"),
              let zeroPoints = try quantization.vector(3, "zero_point", elementSize: 8), zeroPoints.count > 0 else { continue }
        return (zeroPoints.start, index)
    }
    return nil
}

/// Regression (audit of the parsers): a zero point is an arbitrary int64 in the file, and
/// `Dequantizer.dequantizedData` computed `stored - zeroPoint` in Int64, which traps when the zero point is
/// near `Int64.min` or `Int64.max` — `edgebench convert --dequantize` died of SIGILL on such a model.
/// Dequantizing a hostile model must throw (or succeed), never trap.
///
/// The cases run in a child process (exit tests), so a regression fails the test instead of the test runner.
@Suite("Dequantizing a model with an absurd zero point", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
struct DequantizerZeroPointTests {
    @Test("the constant tensor found for the patch is a real quantized constant")
    func patchTarget() throws {
        let bytes = try Fixtures.modelBytes("mobilenet_v1_0.25_128_quant.tflite")
        let found = try #require(try firstConstantZeroPoint(bytes))
        let model = try TFLiteModel(bytes: bytes)
        let tensor = model.mainSubgraph.tensors[found.tensor]
        #expect(tensor.isConstant && tensor.quantization?.zeroPoints.isEmpty == false)
    }

    @Test("a zero point of Int64.min does not trap")
    func minimumZeroPoint() async {
        await #expect(processExitsWith: .success) {
            var bytes = try Fixtures.modelBytes("mobilenet_v1_0.25_128_quant.tflite")
            guard let found = try firstConstantZeroPoint(bytes) else { return }
            for i in 0 ..< 8 { bytes[found.position + i] = i == 7 ? 0x80 : 0x00 }
            let model = try TFLiteModel(bytes: bytes)
            _ = try? Dequantizer.dequantize(model)
        }
    }

    @Test("a zero point of Int64.max does not trap")
    func maximumZeroPoint() async {
        await #expect(processExitsWith: .success) {
            var bytes = try Fixtures.modelBytes("mobilenet_v1_0.25_128_quant.tflite")
            guard let found = try firstConstantZeroPoint(bytes) else { return }
            for i in 0 ..< 8 { bytes[found.position + i] = i == 7 ? 0x7F : 0xFF }
            let model = try TFLiteModel(bytes: bytes)
            _ = try? Dequantizer.dequantize(model)
        }
    }
}
