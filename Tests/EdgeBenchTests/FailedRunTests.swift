import EdgeBench
import FixtureSupport
import Foundation
import LiteRT
import ModelFormat
import Testing

/// A run that fails inside LiteRT ends the compiled model's life: it is never run again.
@Suite("A failed run ends the session", .enabled(if: Fixtures.runtimeAvailable, Comment(rawValue: Fixtures.skipMessage)))
struct FailedRunTests {
    /// GATHER over a 4-element table: TFLite's kernel checks the index at run time, so an index of
    /// 100 makes the run fail after a successful compile and allocation.
    static func gatherModel() throws -> [UInt8] {
        var model = TFLiteWriter.Model(description: "gather test")
        let table = (0..<4).map { Float($0) }.withUnsafeBytes { Array($0) }
        let tableBuffer = model.addBuffer(table)
        model.subgraphs = [TFLiteWriter.Subgraph(tensors: [
            TFLiteWriter.Tensor(name: "table", type: .float32, shape: [4], buffer: tableBuffer),
            TFLiteWriter.Tensor(name: "index", type: .int32, shape: [1]),
            TFLiteWriter.Tensor(name: "value", type: .float32, shape: [1]),
        ], inputs: [1], outputs: [2], operators: [
            TFLiteWriter.Operator(BuiltinOperator(rawValue: 36), inputs: [0, 1], outputs: [2]),  // GATHER
        ])]
        model.signatures = [TFLiteWriter.Signature(key: "serving_default", inputs: [.init(name: "index", tensorIndex: 1)],
                                                   outputs: [.init(name: "value", tensorIndex: 2)])]
        return try TFLiteWriter.serialize(model)
    }

    @Test("an index out of range fails the run; the next run is refused without calling the runtime")
    func failedRunEndsSession() throws {
        let library = try RuntimeLocation.find().load()
        let model = try LiteRT.Model(bytes: Self.gatherModel(), name: "gather.tflite", environment: Environment(library: library))
        let compiled = try CompiledModel(model: model, options: CompilationOptions(threads: 1))
        let good: [Int32] = [2]
        try good.withUnsafeBytes { try compiled.inputs[0].write($0) }
        try compiled.run()
        #expect(try compiled.outputs[0].withBytes { $0.load(as: Float.self) } == 2)

        let bad: [Int32] = [100]
        try bad.withUnsafeBytes { try compiled.inputs[0].write($0) }
        #expect {
            try compiled.run()
        } throws: { error in
            if case .callFailed(function: "LiteRtRunCompiledModel", _, _, _) = error as? LiteRTError { return true }
            return false
        }
        try good.withUnsafeBytes { try compiled.inputs[0].write($0) }
        #expect {
            try compiled.run()
        } throws: { error in
            if case .sessionEnded = error as? LiteRTError { return true }
            return false
        }
    }
}
