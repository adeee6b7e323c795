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
/// Inputs and outputs are sized for the shapes LiteRT settles on after allocation, which may differ
/// from the file's (dynamic dimensions, outputs whose shape an op sets). After a failed run the
/// object refuses further runs.
/// Not thread-safe, so not `Sendable`: run one compiled model from one thread at a time.
public final class CompiledModel {
    public let model: Model
    public let options: CompilationOptions
    let handle: OpaquePointer
    public let inputs: [TensorBuffer]
    public let outputs: [TensorBuffer]
    /// What the runtime printed while compiling and allocating (delegate notices, warnings).
    public let compileLog: String
    /// Whether some output's shape is only known at run time (checked after every run).
    public let outputsShapedAtRunTime: Bool
    /// Why the session ended, once a run failed: no further run is attempted.
    private var failure: String?
    // Handle arrays passed to every run, allocated once so a run allocates nothing.
    private let inputHandles: UnsafeMutablePointer<OpaquePointer?>
    private let outputHandles: UnsafeMutablePointer<OpaquePointer?>

    /// Compiles `model` and makes one buffer per input and output, sized for the shapes LiteRT
    /// settles on after allocating tensors.
    ///
    /// The order of calls matters (verified on LiteRT 2.3.0, see the project's notes on dynamic
    /// shapes): inputs are resized first, then the output layouts are read with allocation enabled —
    /// which runs every op's Prepare, so outputs whose shape is set at run time (rank 0 in the file)
    /// get their real shape — and only then are buffer requirements read, because LiteRT caches a
    /// tensor's byte size at the first requirements query.
    /// - Parameters:
    ///   - model: A loaded model.
    ///   - options: Hardware and accelerator settings.
    ///   - inputShapes: New dimensions for inputs, by input index; every input whose shape has a
    ///     dimension that is not set (-1) must get one here.
    /// - Throws: `LiteRTError.callFailed` with the runtime's log when compilation, resizing or
    ///   allocation fails; `.unresolvedShape` when a shape is still unknown after allocation;
    ///   `.bufferTooSmall` when LiteRT would hand out a buffer smaller than its tensor.
    public init(model: Model, options: CompilationOptions, inputShapes: [Int: [Int]] = [:]) throws {
        self.model = model
        self.options = options
        let environment = model.environment
        let library = environment.library

        var optionsHandle: OpaquePointer?
        try library.check(library.createOptions(&optionsHandle), from: library.createOptions, "create compilation options")
        defer { library.destroyOptions(optionsHandle) }
        try library.check(library.setOptionsHardwareAccelerators(optionsHandle, options.hardware.rawValue),
                          from: library.setOptionsHardwareAccelerators, "select hardware \(options.hardware.names)")
        for (identifier, payload) in options.opaquePayloads {
            var opaque: OpaquePointer?
            // LiteRT takes ownership of the payload and frees it with the destructor.
            let copy = strdup(payload)
            let status = library.createOpaqueOptions(identifier, copy, { free($0) }, &opaque)
            if status != LiteRTStatus.ok.rawValue { free(copy) }
            try library.check(status, from: library.createOpaqueOptions, "create \(identifier) options")
            let added = library.addOpaqueOptions(optionsHandle, opaque)
            if added != LiteRTStatus.ok.rawValue { library.destroyOpaqueOptions(opaque) }
            try library.check(added, from: library.addOpaqueOptions, "add \(identifier) options")
        }

        var compiled: OpaquePointer?
        var log = ""
        let (result, compileOutput) = NativeOutputCapture.run {
            library.createCompiledModel(environment.handle, model.handle, optionsHandle, &compiled)
        }
        log = compileOutput
        let status = (try? result.get()) ?? LiteRTStatus.unknown.rawValue
        guard status == LiteRTStatus.ok.rawValue, let compiled else {
            throw LiteRTError.callFailed(function: library.name(of: library.createCompiledModel), status: LiteRTStatus(rawValue: status),
                                         context: "compile \(model.name) for \(options.hardware.names.joined(separator: "+"))", log: log)
        }
        handle = compiled

        var inputs: [TensorBuffer] = []
        var outputs: [TensorBuffer] = []
        do {
            let resolved = try CompiledModel.allocate(compiled, model: model, inputShapes: inputShapes, log: &log)
            for (index, info) in resolved.inputs.enumerated() {
                inputs.append(try CompiledModel.makeBuffer(compiled, environment: environment, index: index, info: info, input: true))
            }
            for (index, info) in resolved.outputs.enumerated() {
                outputs.append(try CompiledModel.makeBuffer(compiled, environment: environment, index: index, info: info, input: false))
            }
        } catch {
            inputs.removeAll()
            outputs.removeAll()
            library.destroyCompiledModel(compiled)
            throw error
        }
        compileLog = log
        self.inputs = inputs
        self.outputs = outputs
        // Outputs whose shape the file does not fix may change from run to run: check them after each run.
        outputsShapedAtRunTime = zip(model.outputs, outputs).contains { file, buffer in file.shape != buffer.info.shape }
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

    /// Resizes inputs, allocates tensors and returns the shapes LiteRT settled on.
    private static func allocate(_ compiled: OpaquePointer, model: Model, inputShapes: [Int: [Int]],
                                 log: inout String) throws -> (inputs: [TensorInfo], outputs: [TensorInfo]) {
        let library = model.environment.library
        for (index, shape) in inputShapes.sorted(by: { $0.key < $1.key }) {
            guard model.inputs.indices.contains(index) else {
                throw LiteRTError.invalidTensorIndex(index: index, count: model.inputs.count)
            }
            let name = model.inputs[index].name
            guard !shape.isEmpty, shape.count <= Int(EB_LITERT_MAX_RANK), shape.allSatisfy({ (1...Int(Int32.max)).contains($0) }) else {
                throw LiteRTError.unresolvedShape(tensor: name, shape: shape)
            }
            let dimensions = shape.map { Int32($0) }
            let status = dimensions.withUnsafeBufferPointer { library.compiledModelResizeInputTensor(compiled, 0, index, $0.baseAddress, $0.count) }
            try library.check(status, from: library.compiledModelResizeInputTensor, "resize input '\(name)' to \(shape)")
        }
        var inputs: [TensorInfo] = []
        for (index, fileInfo) in model.inputs.enumerated() {
            var layout = EBLiteRtLayout()
            try library.check(library.getCompiledModelInputTensorLayout(compiled, 0, index, &layout),
                              from: library.getCompiledModelInputTensorLayout, "read the shape of input '\(fileInfo.name)'")
            var info = fileInfo
            info.shape = try dimensions(of: layout, tensor: fileInfo.name)
            guard info.shape.allSatisfy({ $0 > 0 }) else { throw LiteRTError.unresolvedShape(tensor: info.name, shape: info.shape) }
            inputs.append(info)
        }
        // Allocation (and each op's Prepare) happens here, so a model the kernels cannot prepare fails
        // here: capture the runtime's explanation.
        let count = model.outputs.count
        var layouts = [EBLiteRtLayout](repeating: EBLiteRtLayout(), count: max(count, 1))
        let (result, allocationLog) = NativeOutputCapture.run {
            layouts.withUnsafeMutableBufferPointer { library.getCompiledModelOutputTensorLayouts(compiled, 0, count, $0.baseAddress, true) }
        }
        log += allocationLog
        let status = (try? result.get()) ?? LiteRTStatus.unknown.rawValue
        if status != LiteRTStatus.ok.rawValue {
            throw LiteRTError.callFailed(function: library.name(of: library.getCompiledModelOutputTensorLayouts), status: LiteRTStatus(rawValue: status),
                                         context: "allocate the tensors of \(model.name)", log: log)
        }
        var outputs: [TensorInfo] = []
        for (index, fileInfo) in model.outputs.enumerated() {
            var info = fileInfo
            info.shape = try dimensions(of: layouts[index], tensor: fileInfo.name)
            // Rank 0 after allocation is a real scalar; in the file it only meant "not known yet".
            guard info.shape.allSatisfy({ $0 > 0 }) else {
                throw LiteRTError.unresolvedShape(tensor: info.name, shape: info.shape)
            }
            outputs.append(info)
        }
        return (inputs, outputs)
    }

    /// The dimensions a layout holds, refusing a rank beyond what the struct has room for.
    private static func dimensions(of layout: EBLiteRtLayout, tensor: String) throws -> [Int] {
        let rank = Int(layout.rankAndFlags & UInt32(EB_LITERT_LAYOUT_RANK_MASK))
        guard rank <= Int(EB_LITERT_MAX_RANK) else {
            throw LiteRTError.unsupportedTensor(name: tensor, detail: "rank \(rank) exceeds \(EB_LITERT_MAX_RANK)")
        }
        return withUnsafeBytes(of: layout.dimensions) { raw in
            (0..<rank).map { Int(raw.load(fromByteOffset: $0 * 4, as: Int32.self)) }
        }
    }

    private static func makeBuffer(_ compiled: OpaquePointer, environment: Environment, index: Int, info: TensorInfo, input: Bool) throws -> TensorBuffer {
        let library = environment.library
        guard let needed = info.byteCount else {
            throw LiteRTError.unsupportedTensor(name: info.name, detail: "type \(info.elementType) has no fixed size")
        }
        var requirements: OpaquePointer?  // owned by the compiled model
        let getter = input ? library.getCompiledModelInputBufferRequirements : library.getCompiledModelOutputBufferRequirements
        try library.check(getter(compiled, 0, index, &requirements),
                          from: getter,
                          "get the buffer requirements of '\(info.name)'")
        var required = 0
        try library.check(library.getRequirementsBufferSize(requirements, &required),
                          from: library.getRequirementsBufferSize, "size the buffer of '\(info.name)'")
        // A buffer smaller than its tensor would be overrun by the run: refuse it, never trim.
        guard required >= needed else { throw LiteRTError.bufferTooSmall(tensor: info.name, shape: info.shape, neededBytes: needed, bufferBytes: required) }
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
                          from: library.createManagedTensorBufferFromRequirements, "allocate the buffer of '\(info.name)'")
        guard let buffer else {
            throw LiteRTError.callFailed(function: library.name(of: library.createManagedTensorBufferFromRequirements), status: .unknown,
                                         context: "allocate the buffer of '\(info.name)'", log: "")
        }
        return try TensorBuffer(environment: environment, handle: buffer, info: info)
    }

    /// Runs the model once on the current input buffers.
    /// - Throws: `LiteRTError.callFailed` when the runtime reports a failure, `.sessionEnded` once a
    ///   run has failed (the runtime's state may be corrupt after a failure), `.bufferTooSmall` when
    ///   an output grew beyond its buffer.
    public func run() throws {
        try run(capturingLog: false)
    }

    /// Runs once while capturing the runtime's log, so that a failure (typically at the first run,
    /// where delegates finish preparing) carries the runtime's explanation.
    /// - Returns: The captured log.
    @discardableResult
    public func runCapturingLog() throws -> String {
        try run(capturingLog: true)
    }

    @discardableResult
    private func run(capturingLog: Bool) throws -> String {
        if let failure { throw LiteRTError.sessionEnded(model: model.name, cause: failure) }
        let library = model.environment.library
        var status: Int32
        var log = ""
        if capturingLog {
            let (result, output) = NativeOutputCapture.run {
                library.runCompiledModel(handle, 0, inputs.count, inputHandles, outputs.count, outputHandles)
            }
            status = (try? result.get()) ?? LiteRTStatus.unknown.rawValue
            log = output
        } else {
            status = library.runCompiledModel(handle, 0, inputs.count, inputHandles, outputs.count, outputHandles)
        }
        if status != LiteRTStatus.ok.rawValue {
            let error = LiteRTError.callFailed(function: library.name(of: library.runCompiledModel), status: LiteRTStatus(rawValue: status),
                                               context: "run \(model.name)", log: log)
            failure = error.localizedDescription
            throw error
        }
        if outputsShapedAtRunTime { try checkOutputsStillFit() }
        return log
    }

    /// Re-reads the output shapes after a run: one that needs more bytes than its buffer ends the
    /// session (LiteRT does not check and would overrun the buffer on the next run).
    private func checkOutputsStillFit() throws {
        let library = model.environment.library
        var layouts = [EBLiteRtLayout](repeating: EBLiteRtLayout(), count: max(outputs.count, 1))
        let status = layouts.withUnsafeMutableBufferPointer {
            library.getCompiledModelOutputTensorLayouts(handle, 0, outputs.count, $0.baseAddress, false)
        }
        do {
            try library.check(status, from: library.getCompiledModelOutputTensorLayouts, "read the output shapes of \(model.name)")
            for (index, buffer) in outputs.enumerated() {
                let shape = try CompiledModel.dimensions(of: layouts[index], tensor: buffer.info.name)
                guard shape != buffer.info.shape else { continue }
                var info = buffer.info
                info.shape = shape
                guard shape.allSatisfy({ $0 >= 0 }), let needed = info.byteCount, needed <= buffer.byteCount else {
                    throw LiteRTError.bufferTooSmall(tensor: info.name, shape: shape, neededBytes: info.byteCount ?? -1, bufferBytes: buffer.byteCount)
                }
                buffer.info = info
            }
        } catch {
            failure = error.localizedDescription
            throw error
        }
    }

    /// Whether every op runs on the requested accelerators (LiteRtCompiledModelIsFullyAccelerated).
    public func isFullyAccelerated() throws -> Bool {
        let library = model.environment.library
        var value = false
        try library.check(library.compiledModelIsFullyAccelerated(handle, &value), from: library.compiledModelIsFullyAccelerated, "query acceleration")
        return value
    }
}
