import FixtureSupport
import Foundation
import LiteRT
import Testing

/// Outputs whose shape an op sets at run time, and inputs with dynamic dimensions: buffers are sized
/// for what LiteRT allocates, never for the file's placeholder shapes.
@Suite("Shapes set at run time", .enabled(if: Fixtures.ready, Comment(rawValue: skipMessage)))
struct RuntimeShapeTests {
    static let ssdHead = "ssd_mobilenet_v1_coco_quant_postprocess_head_layers.tflite"

    @Test("the SSD head's post-process outputs are [] in the file and get [1,20,4], [1,20], [1,20], [1] from allocation")
    func detectionOutputsGetTheirShapes() throws {
        let model = try Fixtures.load(Self.ssdHead)
        #expect(model.inputs.count == 12)
        #expect(model.outputs.map(\.shape) == [[], [], [], []], "the file leaves the shapes to the op")
        let compiled = try CompiledModel(model: model, options: CompilationOptions(threads: 1))
        #expect(compiled.outputs.map(\.info.shape) == [[1, 20, 4], [1, 20], [1, 20], [1]])
        #expect(compiled.outputsShapedAtRunTime)
        for buffer in compiled.outputs + compiled.inputs {
            #expect(buffer.byteCount >= buffer.tensorByteCount, "\(buffer.info.name)")
            #expect(buffer.tensorByteCount == buffer.info.byteCount)
        }
    }

    @Test("the SSD head runs many times without corrupting the heap, and its outputs are sane")
    func detectionRunsRepeatedly() throws {
        // Before allocation came first, run 1 overflowed 4-byte output buffers and run 2 aborted in glibc.
        let model = try Fixtures.load(Self.ssdHead)
        let compiled = try CompiledModel(model: model, options: CompilationOptions(threads: 1))
        for (index, input) in compiled.inputs.enumerated() {
            let bytes = (0..<input.tensorByteCount).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
            try bytes.withUnsafeBytes { try input.write($0) }
        }
        for _ in 0..<50 { try compiled.run() }
        let count = try compiled.outputs[3].withBytes { $0.load(as: Float.self) }
        #expect(count >= 0 && count <= 20)
        let scores = try compiled.outputs[2].withBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(scores.count == 20)
        #expect(scores.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(compiled.outputs.map(\.info.shape) == [[1, 20, 4], [1, 20], [1, 20], [1]])
    }

    @Test("a dynamic batch input is resized before buffers are made; the output follows")
    func dynamicBatchResize() throws {
        let model = try Fixtures.load("dynamic_batch_dense.tflite")
        #expect(model.inputs[0].shape == [-1, 3], "LiteRT reports the shape signature")
        let compiled = try CompiledModel(model: model, options: CompilationOptions(threads: 1), inputShapes: [0: [4, 3]])
        #expect(compiled.inputs[0].info.shape == [4, 3])
        #expect(compiled.inputs[0].tensorByteCount == 4 * 3 * 4)
        let values = (0..<12).map { Float($0) / 10 }
        try values.withUnsafeBytes { try compiled.inputs[0].write($0) }
        try compiled.run()
        let output = compiled.outputs[0]
        #expect(output.info.shape.first == 4)
        let scores = try output.withBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(scores.count == output.info.elementCount)
        #expect(scores.allSatisfy { $0.isFinite })
    }

    @Test("a resize that the shape signature does not allow is the runtime's error, not a crash")
    func impossibleResize() throws {
        let model = try Fixtures.load("dynamic_batch_dense.tflite")
        #expect(throws: LiteRTError.self) {
            _ = try CompiledModel(model: model, options: CompilationOptions(threads: 1), inputShapes: [0: [2, 5]])
        }
        #expect(throws: LiteRTError.self) {
            _ = try CompiledModel(model: model, options: CompilationOptions(threads: 1), inputShapes: [0: [0, 3]])
        }
    }
}
