import EdgeBench
import Foundation
import LiteRT

/// A TensorFlow Lite model loaded and compiled once for a backend, run as often as needed.
///
/// Opening an interpreter reads and validates the model (edgebench's own bounds-checked reader sees
/// the bytes before LiteRT does), loads the LiteRT runtime and compiles the model for the backend:
/// do it once and keep the interpreter. Then, per request, copy values into the inputs, ``invoke()``,
/// and read the outputs.
///
/// ```swift
/// let interpreter = try Interpreter(modelPath: "iris_lite.tflite")
/// try interpreter.copy([Float]([7.9, 3.8, 6.4, 2.0]), toInputAt: 0)
/// try interpreter.invoke()
/// let scores: [Float] = try interpreter.output(at: 0)
/// ```
///
/// ## Ownership and threads
/// An interpreter owns its compiled model and the tensor buffers LiteRT reads and writes while it
/// runs, so it is not `Sendable`: the compiler keeps it in one isolation domain (one thread, task or
/// actor) at a time. To serve requests from many tasks, keep it inside an actor, or open one
/// interpreter per worker. After a run fails, LiteRT's state may be corrupt, so every later
/// ``invoke()`` throws `LiteRTError.sessionEnded`; open a new interpreter.
public final class Interpreter {
    /// The backend the model was compiled for.
    public let backend: Backend
    /// How many times this interpreter compiled its model: 1, or 2 when XNNPACK could not prepare it
    /// and the built-in kernels took over (see ``kernelFallback``). Running never compiles.
    public var compilationCount: Int { runner.compilationCount }
    /// How many times ``invoke()`` ran the model successfully.
    public private(set) var invocationCount = 0
    /// Why the built-in kernels replaced XNNPACK (when the model was compiled, or at the first run), or nil when they did not.
    public var kernelFallback: String? { session.kernelFallback }
    /// Notes about the compiled model worth showing (for example that nothing runs on the Edge TPU).
    public var notes: [String] { session.notes }
    /// How long the last successful ``invoke()`` took, or nil before the first: the same rule as ``invoke()``'s
    /// return value.
    public private(set) var lastInvocationDuration: Duration?
    /// How long getting the model ready took, phase by phase; after a kernel fallback, the phases of the
    /// compilation that runs.
    public var loadTimings: LoadTimings {
        LoadTimings(runtimeLoad: session.runtimeLoadDuration, modelLoad: session.modelLoadDuration, compile: session.compileDuration)
    }

    let file: ModelFile
    private let runner: ModelRunner
    private var session: Session { runner.session }

    /// Opens the model file at `modelPath` and compiles it for `backend`.
    /// - Parameters:
    ///   - modelPath: A `.tflite` file.
    ///   - backend: Where to run; the CPU with XNNPACK by default.
    /// - Throws: `FileAccessError` (missing, unreadable, too large), `ModelFileError` (malformed),
    ///   `EdgeBenchError` (the LiteRT runtime is not installed, the backend is unavailable, the model
    ///   needs operators LiteRT lacks), `EdgeTPUError`, `LiteRTError` (LiteRT refused the model).
    public convenience init(modelPath: String, backend: Backend = .cpu()) throws {
        try self.init(file: try ModelFile(path: modelPath), backend: backend)
    }

    /// Opens the model file at `modelURL` (a file URL) and compiles it for `backend`.
    /// - Throws: As ``init(modelPath:backend:)``.
    public convenience init(modelURL: URL, backend: Backend = .cpu()) throws {
        try self.init(modelPath: modelURL.path, backend: backend)
    }

    /// Opens a model held in memory and compiles it for `backend`.
    /// - Parameters:
    ///   - modelData: The complete `.tflite` file (it is copied; LiteRT never sees unchecked bytes).
    ///   - name: A name for error messages.
    ///   - backend: Where to run.
    /// - Throws: As ``init(modelPath:backend:)``.
    public convenience init(modelData: Data, name: String = "model.tflite", backend: Backend = .cpu()) throws {
        try self.init(file: try ModelFile(bytes: [UInt8](modelData), name: name), backend: backend)
    }

    convenience init(file: ModelFile, backend: Backend) throws {
        try self.init(file: file, backend: backend, settings: try backend.settings(), runtime: nil)
    }

    /// Opens `file` with the tool's full settings (input shapes, Edge TPU clock and queue, …): the command-line
    /// tool's way in, so that its classify and run go through this type.
    /// - Parameters:
    ///   - runtime: The LiteRT runtime; nil finds the installed one.
    ///   - notice: Receives the kernel fallback's announcement when it happens (at compilation or at the first run).
    package convenience init(file: ModelFile, settings: RunSettings, runtime: RuntimeLocation?, notice: @escaping (String) -> Void = { _ in }) throws {
        try self.init(file: file, backend: Backend(settings), settings: settings, runtime: runtime, notice: notice)
    }

    private init(file: ModelFile, backend: Backend, settings: RunSettings, runtime: RuntimeLocation?,
                 notice: @escaping (String) -> Void = { _ in }) throws {
        self.file = file
        self.backend = backend
        // LiteRT prepares every operator while compiling, so XNNPACK may refuse the model here already:
        // the runner applies the kernel-fallback rule here and again at the first run.
        runner = try ModelRunner(file: file, settings: settings, runtime: try runtime ?? RuntimeLocation.find(), notice: notice)
    }

    /// The settings the model runs with (the fallback's after a kernel fallback).
    package var settings: RunSettings { session.settings }

    // MARK: Tensors

    /// The model's inputs, in signature order.
    public var inputs: [TensorDescription] { session.compiled.inputs.map { TensorDescription($0.info) } }

    /// The model's outputs, in signature order, with the shapes of the last run.
    public var outputs: [TensorDescription] { session.compiled.outputs.map { TensorDescription($0.info) } }

    /// The index of the input called `name`.
    /// - Throws: `InterpreterError.unknownInputName` listing the inputs.
    public func inputIndex(named name: String) throws -> Int {
        let names = session.compiled.inputs.map(\.info.name)
        guard let index = names.firstIndex(of: name) else { throw InterpreterError.unknownInputName(name: name, available: names) }
        return index
    }

    /// Copies `values` into input `index`; their type must be the tensor's element type.
    /// - Throws: `InterpreterError.invalidInputIndex`, `.elementTypeMismatch`, `.valueCountMismatch`.
    public func copy<Element: TensorElement>(_ values: [Element], toInputAt index: Int = 0) throws {
        let buffer = try inputBuffer(index)
        let info = buffer.info
        guard info.elementType == Element.elementType else {
            throw InterpreterError.elementTypeMismatch(tensor: info.name, tensorType: info.elementType.description, valueType: "\(Element.self)")
        }
        guard values.count == info.elementCount else {
            throw InterpreterError.valueCountMismatch(tensor: info.name, expected: info.elementCount, given: values.count)
        }
        try values.withUnsafeBytes { try buffer.write($0) }
    }

    /// Copies raw bytes (the tensor's elements in memory order) into input `index`.
    /// - Throws: `InterpreterError.invalidInputIndex`; `LiteRTError.inputSizeMismatch` when the size differs from the tensor's.
    public func copy(_ data: Data, toInputAt index: Int = 0) throws {
        let buffer = try inputBuffer(index)
        try data.withUnsafeBytes { try buffer.write($0) }
    }

    /// Copies real values into input `index`, quantizing them when the tensor is quantized
    /// (rounded, clipped to the element type's range) and converting them to its element type otherwise.
    /// - Throws: `InterpreterError.invalidInputIndex`, `.valueCountMismatch`, `.notNumeric`.
    public func copy(quantizing values: [Float], toInputAt index: Int = 0) throws {
        let buffer = try inputBuffer(index)
        let info = buffer.info
        guard values.count == info.elementCount else {
            throw InterpreterError.valueCountMismatch(tensor: info.name, expected: info.elementCount, given: values.count)
        }
        let bytes = TensorCoding.encode(numbers: values.map(Double.init), for: info)
        guard bytes.count == info.byteCount else {
            throw InterpreterError.notNumeric(tensor: info.name, elementType: info.elementType.description)
        }
        try bytes.withUnsafeBytes { try buffer.write($0) }
    }

    // MARK: Running

    /// Runs the model once on the current inputs and returns how long the run took; on the GPU it returns
    /// when the outputs are ready, and the duration includes waiting for them.
    ///
    /// The duration is taken on a monotonic clock around the runtime's run (and, on the GPU, the wait for the
    /// outputs), not around copying inputs or reading outputs; ``lastInvocationDuration`` keeps it. The first
    /// run is slower: delegates finish preparing on it, and the kernel-fallback rule may compile the model
    /// again there (see ``kernelFallback``; that compilation is not part of the duration).
    /// - Returns: The run's duration.
    /// - Throws: `LiteRTError.callFailed` with the runtime's log when the run fails, `.sessionEnded` on
    ///   every run after a failed one; `EdgeBenchError.xnnpackCannotPrepare` when XNNPACK cannot prepare
    ///   a model whose kernels were chosen, `.xnnpackCannotPrepareRequiredOperators` when only XNNPACK can run it.
    @discardableResult
    public func invoke() throws -> Duration {
        let duration = try runner.run()
        lastInvocationDuration = duration
        invocationCount += 1
        return duration
    }

    // MARK: Outputs

    /// A copy of output `index`'s elements; their type must be the tensor's element type.
    /// - Throws: `InterpreterError.invalidOutputIndex`, `.elementTypeMismatch`.
    public func output<Element: TensorElement>(at index: Int = 0, as type: Element.Type = Element.self) throws -> [Element] {
        let buffer = try outputBuffer(index)
        let info = buffer.info
        guard info.elementType == Element.elementType else {
            throw InterpreterError.elementTypeMismatch(tensor: info.name, tensorType: info.elementType.description, valueType: "\(Element.self)")
        }
        let count = info.elementCount
        return try buffer.withBytes { raw in
            [Element](unsafeUninitializedCapacity: count) { destination, initialized in
                UnsafeMutableRawBufferPointer(destination).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(count * MemoryLayout<Element>.stride)))
                initialized = count
            }
        }
    }

    /// A copy of output `index`'s bytes, in memory order.
    /// - Throws: `InterpreterError.invalidOutputIndex`.
    public func outputData(at index: Int = 0) throws -> Data {
        try outputBuffer(index).withBytes { Data($0) }
    }

    /// Output `index` as real values: quantized elements are dequantized with the tensor's scale and
    /// zero point, other numbers converted.
    /// - Throws: `InterpreterError.invalidOutputIndex`, `.notNumeric`.
    public func dequantizedOutput(at index: Int = 0) throws -> [Float] {
        try realOutput(at: index).map(Float.init)
    }

    func realOutput(at index: Int) throws -> [Double] {
        let buffer = try outputBuffer(index)
        guard let values = try buffer.withBytes({ TensorCoding.decode($0, as: buffer.info) }) else {
            throw InterpreterError.notNumeric(tensor: buffer.info.name, elementType: buffer.info.elementType.description)
        }
        return values
    }

    /// The runtime's own description of input `index` (per-channel scales included), for the tool's encoders.
    func inputTensorInfo(at index: Int) throws -> TensorInfo { try inputBuffer(index).info }

    private func inputBuffer(_ index: Int) throws -> TensorBuffer {
        let inputs = session.compiled.inputs
        guard inputs.indices.contains(index) else { throw InterpreterError.invalidInputIndex(index: index, count: inputs.count) }
        return inputs[index]
    }

    private func outputBuffer(_ index: Int) throws -> TensorBuffer {
        let outputs = session.compiled.outputs
        guard outputs.indices.contains(index) else { throw InterpreterError.invalidOutputIndex(index: index, count: outputs.count) }
        return outputs[index]
    }
}

/// An interpreter owns C buffers that LiteRT uses while running: it must not cross isolation domains.
@available(*, unavailable, message: "An Interpreter is used from one thread at a time; keep it in an actor to share it")
extension Interpreter: Sendable {}
