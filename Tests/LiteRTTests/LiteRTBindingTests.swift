import FixtureSupport
import Foundation
import LiteRT
import Testing

@Suite("LiteRT binding on real models", .enabled(if: Fixtures.ready, Comment(rawValue: skipMessage)))
struct LiteRTBindingTests {
    @Test("iris_lite takes one float32 [1,4] input and produces three class scores")
    func irisShapes() throws {
        let model = try Fixtures.load("iris_lite.tflite")
        #expect(model.inputs.count == 1)
        #expect(model.inputs[0].elementType == .float32)
        #expect(model.inputs[0].shape == [1, 4])
        #expect(model.outputs.count == 1)
        #expect(model.outputs[0].shape.last == 3)
        #expect(model.inputs[0].quantization == nil)
    }

    @Test("the seed's iris input runs and its scores sum to one")
    func irisRuns() throws {
        let model = try Fixtures.load("iris_lite.tflite")
        let compiled = try CompiledModel(model: model, options: CompilationOptions(threads: 1))
        let input: [Float] = [7.9, 3.8, 6.4, 2.0]
        try input.withUnsafeBytes { try compiled.inputs[0].write($0) }
        try compiled.run()
        let scores = try compiled.outputs[0].withBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(scores.count == 3)
        #expect(abs(scores.reduce(0, +) - 1) < 1e-4)
        #expect(scores.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test("mobilenet v2 quant reports uint8 input [1,224,224,3] with scale 1/128 and zero point 128")
    func mobilenetQuantization() throws {
        let model = try Fixtures.load("mobilenet_v2_1.0_224_quant.tflite")
        let input = try #require(model.inputs.first)
        #expect(input.elementType == .uint8)
        #expect(input.shape == [1, 224, 224, 3])
        #expect(input.quantization == PerTensorQuantization(scale: 0.0078125, zeroPoint: 128))
        #expect(model.outputs.first?.shape == [1, 1001])
    }

    @Test("writing the wrong number of bytes is refused with the sizes")
    func wrongInputSize() throws {
        let model = try Fixtures.load("iris_lite.tflite")
        let compiled = try CompiledModel(model: model, options: CompilationOptions())
        let bytes: [UInt8] = [1, 2, 3]
        #expect(throws: LiteRTError.inputSizeMismatch(tensor: model.inputs[0].name, expectedBytes: 16, actualBytes: 3)) {
            try bytes.withUnsafeBytes { try compiled.inputs[0].write($0) }
        }
    }

    @Test("a model whose invocation fails reports a runtime failure with the runtime's log, not a crash")
    func invokingError() throws {
        let model = try Fixtures.load("model_invoking_error.tflite")
        do {
            let compiled = try CompiledModel(model: model, options: CompilationOptions())
            try compiled.runCapturingLog()
            Issue.record("expected the run to fail")
        } catch let error as LiteRTError {
            guard case let .callFailed(function, status, _, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(status != .ok)
            #expect(["LiteRtCreateCompiledModel", "LiteRtGetCompiledModelOutputTensorLayouts", "LiteRtRunCompiledModel"].contains(function),
                    "the failing C function is named: \(function)")
            #expect(error.localizedDescription.contains("LiteRT failed"))
            #expect(error.localizedDescription.contains(function))
        }
    }

    @Test("a file that is not LiteRT is rejected at load time naming the missing symbol")
    func wrongLibrary() throws {
        // libc is loadable but exports none of LiteRT's functions.
        #expect(throws: LiteRTError.missingSymbol(name: "LiteRtCreateEnvironment", path: "libc.so.6")) {
            _ = try LiteRTLibrary.load(path: "libc.so.6")
        }
    }

    @Test("a missing library file is one clear error")
    func missingLibrary() throws {
        do {
            _ = try LiteRTLibrary.load(path: "/nonexistent/libLiteRt.so")
            Issue.record("expected an error")
        } catch let LiteRTError.cannotLoadLibrary(path, _) {
            #expect(path == "/nonexistent/libLiteRt.so")
        }
    }
}
