import CLiteRT
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A model compiled for a set of hardware (`LiteRtCompiledModel`), with one managed buffer per
/// input and output of its first signature.
///
/// Destroy order is handled here once: buffers and the compiled model go first; the `Model`
/// (kept alive by this object) and then its `Environment` go after.
/// Not thread-safe: run one compiled model from one thread at a time.
public final class CompiledModel: @unchecked Sendable {
    public let model: Model
    public let options: CompilationOptions
    let handle: OpaquePointer
    public let inputs: [TensorBuffer]
    public let outputs: [TensorBuffer]
    /// What the runtime printed while compiling (delegate notices, warnings).
    public let compileLog: String
    // Handle arrays passed to every run, allocated once so a run allocates nothing.
    private let inputHandles: UnsafeMutablePointer<OpaquePointer?>
    private let outputHandles: UnsafeMutablePointer<OpaquePointer?>

    /// Compiles `model`.
    /// - Parameters:
    ///   - model: A loaded model.
    ///   - options: Hardware and accelerator settings.
    /// - Throws: `LiteRTError.callFailed` with the runtime's log when compilation fails.
    public init(model: Model, options: CompilationOptions) throws {
        self.model = model
        self.options = options
        let environment = model.environment
        let library = environment.library

        var optionsHandle: OpaquePointer?
        try library.check(library.createOptions(&optionsHandle), "LiteRtCreateOptions", "create compilation options")
        defer { library.destroyOptions(optionsHandle) }
        try library.check(library.setOptionsHardwareAccelerators(optionsHandle, options.hardware.rawValue),
                          "LiteRtSetOptionsHardwareAccelerators", "select hardware \(options.hardware.names)")
        for (identifier, payload) in options.opaquePayloads {
            var opaque: OpaquePointer?
            // LiteRT takes ownership of the payload and frees it with the destructor.
            let copy = strdup(payload)
            let status = library.createOpaqueOptions(identifier, copy, { free($0) }, &opaque)
            if status != 0 { free(copy) }
            try library.check(status, "LiteRtCreateOpaqueOptions", "create \(identifier) options")
            let added = library.addOpaqueOptions(optionsHandle, opaque)
            if added != 0 { library.destroyOpaqueOptions(opaque) }
            try library.check(added, "LiteRtAddOpaqueOptions", "add \(identifier) options")
        }

        var compiled: OpaquePointer?
        let (result, log) = NativeOutputCapture.run {
            library.createCompiledModel(environment.handle, model.handle, optionsHandle, &compiled)
        }
        compileLog = log
        let status = (try? result.get()) ?? LiteRTStatus.unknown.rawValue
        guard status == 0, let compiled else {
            throw LiteRTError.callFailed(function: "LiteRtCreateCompiledModel", status: LiteRTStatus(rawValue: status),
                                         context: "compile \(model.name) for \(options.hardware.names.joined(separator: "+"))", log: log)
        }
        handle = compiled

        var inputs: [TensorBuffer] = []
        var outputs: [TensorBuffer] = []
        do {
            for (index, info) in model.inputs.enumerated() {
                inputs.append(try CompiledModel.makeBuffer(compiled, environment: environment, index: index, info: info, input: true))
            }
            for (index, info) in model.outputs.enumerated() {
                outputs.append(try CompiledModel.makeBuffer(compiled, environment: environment, index: index, info: info, input: false))
            }
        } catch {
            inputs.removeAll()
            outputs.removeAll()
            library.destroyCompiledModel(compiled)
            throw error
        }
        self.inputs = inputs
        self.outputs = outputs
        inputHandles = .allocate(capacity: max(inputs.count, 1))
        outputHandles = .allocate(capacity: max(outputs.count, 1))
        for (index, buffer) in inputs.enumerated() { inputHandles[index] = buffer.handle }
        for (index, buffer) in outputs.enumerated() { outputHandles[index] = buffer.handle }
    }

    deinit {
        inputHandles.deallocate()
        outputHandles.deallocate()
        // Buffers are released after this body; they do not depend on the compiled model.
        model.environment.library.destroyCompiledModel(handle)
    }

    private static func makeBuffer(_ compiled: OpaquePointer, environment: Environment, index: Int, info: TensorInfo, input: Bool) throws -> TensorBuffer {
        let library = environment.library
        guard info.elementType.byteSize != nil, info.shape.allSatisfy({ $0 >= 0 }) else {
            throw LiteRTError.unsupportedTensor(name: info.name, detail: "type \(info.elementType) with shape \(info.shape) has no fixed size")
        }
        var requirements: OpaquePointer?  // owned by the compiled model
        let getter = input ? library.getCompiledModelInputBufferRequirements : library.getCompiledModelOutputBufferRequirements
        try library.check(getter(compiled, 0, index, &requirements),
                          input ? "LiteRtGetCompiledModelInputBufferRequirements" : "LiteRtGetCompiledModelOutputBufferRequirements",
                          "get the buffer requirements of '\(info.name)'")
        var type = EBLiteRtRankedTensorType()
        type.elementType = info.elementType.rawValue
        type.layout.rankAndFlags = UInt32(info.shape.count)
        withUnsafeMutableBytes(of: &type.layout.dimensions) { raw in
            for (axis, dimension) in info.shape.enumerated() {
                raw.storeBytes(of: Int32(clamping: dimension), toByteOffset: axis * 4, as: Int32.self)
            }
        }
        var buffer: OpaquePointer?
        try library.check(library.createManagedTensorBufferFromRequirements(environment.handle, &type, requirements, &buffer),
                          "LiteRtCreateManagedTensorBufferFromRequirements", "allocate the buffer of '\(info.name)'")
        guard let buffer else {
            throw LiteRTError.callFailed(function: "LiteRtCreateManagedTensorBufferFromRequirements", status: .unknown,
                                         context: "allocate the buffer of '\(info.name)'", log: "")
        }
        return try TensorBuffer(environment: environment, handle: buffer, info: info)
    }

    /// Runs the model once on the current input buffers.
    /// - Throws: `LiteRTError.callFailed` when the runtime reports a failure.
    public func run() throws {
        let library = model.environment.library
        let status = library.runCompiledModel(handle, 0, inputs.count, inputHandles, outputs.count, outputHandles)
        if status != 0 {
            throw LiteRTError.callFailed(function: "LiteRtRunCompiledModel", status: LiteRTStatus(rawValue: status),
                                         context: "run \(model.name)", log: "")
        }
    }

    /// Runs once while capturing the runtime's log, so that a failure (typically at the first run,
    /// where LiteRT allocates tensors and prepares ops) carries the runtime's explanation.
    /// - Returns: The captured log.
    @discardableResult
    public func runCapturingLog() throws -> String {
        let library = model.environment.library
        let (result, log) = NativeOutputCapture.run {
            library.runCompiledModel(handle, 0, inputs.count, inputHandles, outputs.count, outputHandles)
        }
        let status = (try? result.get()) ?? LiteRTStatus.unknown.rawValue
        if status != 0 {
            throw LiteRTError.callFailed(function: "LiteRtRunCompiledModel", status: LiteRTStatus(rawValue: status),
                                         context: "run \(model.name)", log: log)
        }
        return log
    }

    /// Whether every op runs on the requested accelerators (LiteRtCompiledModelIsFullyAccelerated).
    public func isFullyAccelerated() throws -> Bool {
        let library = model.environment.library
        var value = false
        try library.check(library.compiledModelIsFullyAccelerated(handle, &value), "LiteRtCompiledModelIsFullyAccelerated", "query acceleration")
        return value
    }
}
