import EdgeBenchKit
import FixtureSupport
import Foundation
import Testing

@Suite("Interpreter: load once, run many, typed tensors", .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct InterpreterTests {
    let iris = Fixtures.model("iris_lite.tflite")
    let irisFlower: [Float] = [7.9, 3.8, 6.4, 2.0]

    @Test("iris_lite describes one float32 [1, 4] input and one float32 output of 3 scores")
    func describesTensors() throws {
        let interpreter = try Interpreter(modelPath: iris)
        #expect(interpreter.inputs.count == 1)
        #expect(interpreter.inputs[0].elementType == .float32)
        #expect(interpreter.inputs[0].shape == [1, 4])
        #expect(interpreter.inputs[0].quantization == nil)
        #expect(interpreter.inputs[0].byteCount == 16)
        #expect(interpreter.outputs.count == 1)
        #expect(interpreter.outputs[0].shape.last == 3)
        #expect(try interpreter.inputIndex(named: interpreter.inputs[0].name) == 0)
    }

    @Test("runs many times on one compilation, giving the same probabilities for the same input")
    func runsMany() throws {
        let interpreter = try Interpreter(modelPath: iris, backend: .cpu(threads: 1))
        var results: [[Float]] = []
        for _ in 0..<5 {
            try interpreter.copy(irisFlower, toInputAt: 0)
            try interpreter.invoke()
            results.append(try interpreter.output(at: 0))
        }
        #expect(interpreter.compilationCount == 1)
        #expect(interpreter.invocationCount == 5)
        let scores = try #require(results.first)
        #expect(scores.count == 3)
        #expect(abs(scores.reduce(0, +) - 1) < 1e-4)
        #expect(results.allSatisfy { $0 == scores })
        // A float output reads the same dequantized and as raw bytes.
        #expect(try interpreter.dequantizedOutput(at: 0) == scores)
        let data = try interpreter.outputData(at: 0)
        #expect(data.count == 12)
        #expect(data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) } == scores)
    }

    @Test("each invoke() returns how long the run took, kept as lastInvocationDuration; opening reports its phases")
    func timings() throws {
        let interpreter = try Interpreter(modelPath: iris, backend: .cpu(threads: 1))
        #expect(interpreter.lastInvocationDuration == nil)
        let load = interpreter.loadTimings
        #expect(load.runtimeLoad >= .zero && load.modelLoad >= .zero && load.compile > .zero)
        try interpreter.copy(irisFlower)
        var durations: [Duration] = []
        for _ in 0..<3 {
            let duration = try interpreter.invoke()
            #expect(interpreter.lastInvocationDuration == duration)
            durations.append(duration)
        }
        #expect(durations.allSatisfy { $0 > .zero })
        // Running never compiles again, so the phases of opening stay what they were.
        #expect(interpreter.loadTimings == load)
    }

    @Test("a model opened from bytes runs like the same model opened from its file")
    func opensFromData() throws {
        let fromFile = try Interpreter(modelPath: iris)
        let fromData = try Interpreter(modelData: try Data(contentsOf: URL(fileURLWithPath: iris)), name: "iris_lite.tflite")
        for interpreter in [fromFile, fromData] {
            try interpreter.copy(irisFlower)
            try interpreter.invoke()
        }
        #expect(try fromData.output(as: Float.self) == fromFile.output(as: Float.self))
    }

    @Test("bytes that are not a model are refused by edgebench's reader before LiteRT sees them")
    func refusesGarbageData() {
        #expect(throws: ModelFileError.self) {
            _ = try Interpreter(modelData: Data(repeating: 7, count: 64), name: "garbage.tflite")
        }
    }

    @Test("values of the wrong type, count or index are refused naming the tensor")
    func refusesMisfits() throws {
        let interpreter = try Interpreter(modelPath: iris)
        let name = interpreter.inputs[0].name
        #expect(throws: InterpreterError.elementTypeMismatch(tensor: name, tensorType: "float32", valueType: "UInt8")) {
            try interpreter.copy([UInt8](repeating: 0, count: 4))
        }
        #expect(throws: InterpreterError.valueCountMismatch(tensor: name, expected: 4, given: 3)) {
            try interpreter.copy([Float](repeating: 0, count: 3))
        }
        #expect(throws: InterpreterError.invalidInputIndex(index: 1, count: 1)) {
            try interpreter.copy(irisFlower, toInputAt: 1)
        }
        #expect(throws: InterpreterError.invalidOutputIndex(index: 2, count: 1)) {
            _ = try interpreter.outputData(at: 2)
        }
        #expect(throws: InterpreterError.unknownInputName(name: "petals", available: [name])) {
            _ = try interpreter.inputIndex(named: "petals")
        }
        #expect(throws: (any Error).self) { try interpreter.copy(Data([1, 2, 3])) }
        let error = InterpreterError.elementTypeMismatch(tensor: name, tensorType: "float32", valueType: "UInt8")
        #expect(error.localizedDescription.contains("use [Float] or Data"))
    }

    @Test("a quantized model takes real values quantized with its scale and zero point")
    func quantizesInputs() throws {
        let interpreter = try Interpreter(modelPath: Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"))
        let input = interpreter.inputs[0]
        #expect(input.elementType == .uint8)
        let quantization = try #require(input.quantization)
        // 0.0 is exactly the zero point; the output is uint8 too, and dequantizes to probabilities.
        try interpreter.copy(quantizing: [Float](repeating: 0, count: input.elementCount))
        try interpreter.invoke()
        let raw: [UInt8] = try interpreter.output()
        let real = try interpreter.dequantizedOutput()
        #expect(raw.count == real.count)
        #expect(real.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(quantization.zeroPoint == 128)
        #expect(throws: InterpreterError.elementTypeMismatch(tensor: interpreter.outputs[0].name, tensorType: "uint8", valueType: "Float")) {
            _ = try interpreter.output(as: Float.self)
        }
    }

    @Test("a model with an operator LiteRT lacks is refused when it is opened, naming the operator")
    func refusesMissingOperators() {
        do {
            _ = try Interpreter(modelPath: Fixtures.model("model_invoking_error.tflite"))
            Issue.record("a model with an unknown custom operator was opened")
        } catch {
            #expect(error is EdgeBenchError)
            #expect(error.localizedDescription.contains("fake-op-double"))
        }
    }

    @Test("when XNNPACK cannot prepare DeepLab the built-in kernels take over, recorded, with the same results")
    func kernelFallback() throws {
        let deeplab = Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite")
        let automatic = try Interpreter(modelPath: deeplab, backend: .cpu(threads: 1))
        let pixels = (0..<automatic.inputs[0].elementCount).map { UInt8(truncatingIfNeeded: $0 % 251) }
        try automatic.copy(pixels)
        try automatic.invoke()
        #expect(automatic.compilationCount == 2)
        #expect(automatic.kernelFallback?.contains("XNNPACK cannot prepare") == true)
        let builtin = try Interpreter(modelPath: deeplab, backend: .cpu(threads: 1, kernels: .builtin))
        try builtin.copy(pixels)
        try builtin.invoke()
        #expect(builtin.kernelFallback == nil)
        #expect(try automatic.outputData() == builtin.outputData())

        // Kernels that were chosen never change: the clear error stands.
        #expect(throws: EdgeBenchError.self) { _ = try Interpreter(modelPath: deeplab, backend: .cpu(kernels: .xnnpack)) }
    }

    @Test("backend settings that cannot work are refused before anything loads")
    func refusesBadBackends() {
        #expect(throws: InterpreterError.invalidThreadCount(0)) {
            _ = try Interpreter(modelPath: iris, backend: .cpu(threads: 0))
        }
        #expect(throws: (any Error).self) {
            _ = try Interpreter(modelPath: iris, backend: .edgeTPU(device: "floppy"))
        }
    }
}
