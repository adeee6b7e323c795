import CLiteRT
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one gateway to `libLiteRt.so`: the library handle and every function edgebench calls,
/// resolved once with `dlsym`. A missing symbol fails the load with one clear error.
///
/// Thread safety: immutable after loading, so it is `Sendable`; the function pointers may be called from any
/// thread (LiteRT's own objects are not thread-safe — see the owning classes, none of which is `Sendable`).
public final class LiteRTLibrary: Sendable {
    /// The file that was loaded.
    public let path: String
    /// The `dlopen` handle's bit pattern: an opaque token, never closed and never dereferenced here, only handed
    /// back to `dlsym` (kept as an integer so the immutable table is `Sendable` without an escape hatch).
    private let handleBits: UInt

    let createEnvironment: EBLiteRtCreateEnvironmentFn
    let destroyEnvironment: EBLiteRtDestroyEnvironmentFn
    let getNumAccelerators: EBLiteRtGetNumAcceleratorsFn
    let getAccelerator: EBLiteRtGetAcceleratorFn
    let getAcceleratorName: EBLiteRtGetAcceleratorNameFn
    let getAcceleratorHardwareSupport: EBLiteRtGetAcceleratorHardwareSupportFn

    let createModelFromBuffer: EBLiteRtCreateModelFromBufferFn
    let destroyModel: EBLiteRtDestroyModelFn
    let getNumModelSignatures: EBLiteRtGetNumModelSignaturesFn
    let getModelSignature: EBLiteRtGetModelSignatureFn
    let getSignatureKey: EBLiteRtGetSignatureKeyFn
    let getNumSignatureInputs: EBLiteRtGetNumSignatureIOFn
    let getNumSignatureOutputs: EBLiteRtGetNumSignatureIOFn
    let getSignatureInputTensorByIndex: EBLiteRtGetSignatureIOTensorByIndexFn
    let getSignatureOutputTensorByIndex: EBLiteRtGetSignatureIOTensorByIndexFn
    let getTensorName: EBLiteRtGetTensorNameFn
    let getTensorTypeId: EBLiteRtGetTensorTypeIdFn
    let getRankedTensorType: EBLiteRtGetRankedTensorTypeFn
    let getQuantizationTypeId: EBLiteRtGetQuantizationTypeIdFn
    let getPerTensorQuantization: EBLiteRtGetPerTensorQuantizationFn
    let getPerChannelQuantization: EBLiteRtGetPerChannelQuantizationFn

    let createOptions: EBLiteRtCreateOptionsFn
    let destroyOptions: EBLiteRtDestroyOptionsFn
    let setOptionsHardwareAccelerators: EBLiteRtSetOptionsHardwareAcceleratorsFn
    let createOpaqueOptions: EBLiteRtCreateOpaqueOptionsFn
    let destroyOpaqueOptions: EBLiteRtDestroyOpaqueOptionsFn
    let addOpaqueOptions: EBLiteRtAddOpaqueOptionsFn

    let createCompiledModel: EBLiteRtCreateCompiledModelFn
    let destroyCompiledModel: EBLiteRtDestroyCompiledModelFn
    let getCompiledModelInputBufferRequirements: EBLiteRtGetCompiledModelBufferRequirementsFn
    let getCompiledModelOutputBufferRequirements: EBLiteRtGetCompiledModelBufferRequirementsFn
    let runCompiledModel: EBLiteRtRunCompiledModelFn
    let compiledModelIsFullyAccelerated: EBLiteRtCompiledModelIsFullyAcceleratedFn
    let getCompiledModelInputTensorLayout: EBLiteRtGetCompiledModelInputTensorLayoutFn
    let getCompiledModelOutputTensorLayouts: EBLiteRtGetCompiledModelOutputTensorLayoutsFn
    let compiledModelResizeInputTensor: EBLiteRtCompiledModelResizeInputTensorFn

    let getRequirementsBufferSize: EBLiteRtGetRequirementsBufferSizeFn

    let createManagedTensorBufferFromRequirements: EBLiteRtCreateManagedTensorBufferFromRequirementsFn
    let destroyTensorBuffer: EBLiteRtDestroyTensorBufferFn
    let getTensorBufferSize: EBLiteRtGetTensorBufferSizeFn
    let getTensorBufferType: EBLiteRtGetTensorBufferTypeFn
    let lockTensorBuffer: EBLiteRtLockTensorBufferFn
    let unlockTensorBuffer: EBLiteRtUnlockTensorBufferFn

    let compiledModelGetProfiler: EBLiteRtCompiledModelGetProfilerFn
    let startProfiler: EBLiteRtProfilerActionFn
    let stopProfiler: EBLiteRtProfilerActionFn
    let resetProfiler: EBLiteRtProfilerActionFn
    let getNumProfilerEvents: EBLiteRtGetNumProfilerEventsFn
    let getProfilerEvents: EBLiteRtGetProfilerEventsFn

    /// The C name of every resolved function, by its address, for messages.
    private let names: [UInt: String]

    /// The C name of a function of this table (`LiteRtRunCompiledModel`), for messages.
    func name<Function>(of function: Function) -> String {
        names[unsafeBitCast(function, to: UInt.self)] ?? "a LiteRT function"
    }

    /// Every library loaded so far, by the path it was asked for.
    private static let loaded = Mutex<[String: LiteRTLibrary]>([:])

    /// Loads (once per path) the LiteRT runtime library at `path`.
    /// - Parameter path: A path to `libLiteRt.so`.
    /// - Returns: The loaded library; the same instance for the same path.
    /// - Throws: `LiteRTError.cannotLoadLibrary` when `dlopen` fails,
    ///   `LiteRTError.missingSymbol` when the file is not LiteRT 2.3.0.
    public static func load(path: String) throws -> LiteRTLibrary {
        try loaded.withLock { cache in
            if let library = cache[path] { return library }
            let library = try LiteRTLibrary(path: path)
            cache[path] = library
            return library
        }
    }

    private init(path: String) throws {
        // RTLD_LOCAL keeps LiteRT's many symbols out of the global namespace (libedgetpu has its own).
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw LiteRTError.cannotLoadLibrary(path: path, reason: reason)
        }
        self.path = path
        handleBits = UInt(bitPattern: handle)
        // Each C name is written once, here: the function type comes from the property it is assigned to, and
        // messages get the name back from the address (`name(of:)`).
        var names: [UInt: String] = [:]
        func symbol<T>(_ name: String) throws -> T {
            guard let address = dlsym(handle, name) else {
                throw LiteRTError.missingSymbol(name: name, path: path)
            }
            names[UInt(bitPattern: address)] = name
            return unsafeBitCast(address, to: T.self)
        }
        do {
            createEnvironment = try symbol("LiteRtCreateEnvironment")
            destroyEnvironment = try symbol("LiteRtDestroyEnvironment")
            getNumAccelerators = try symbol("LiteRtGetNumAccelerators")
            getAccelerator = try symbol("LiteRtGetAccelerator")
            getAcceleratorName = try symbol("LiteRtGetAcceleratorName")
            getAcceleratorHardwareSupport = try symbol("LiteRtGetAcceleratorHardwareSupport")
            createModelFromBuffer = try symbol("LiteRtCreateModelFromBuffer")
            destroyModel = try symbol("LiteRtDestroyModel")
            getNumModelSignatures = try symbol("LiteRtGetNumModelSignatures")
            getModelSignature = try symbol("LiteRtGetModelSignature")
            getSignatureKey = try symbol("LiteRtGetSignatureKey")
            getNumSignatureInputs = try symbol("LiteRtGetNumSignatureInputs")
            getNumSignatureOutputs = try symbol("LiteRtGetNumSignatureOutputs")
            getSignatureInputTensorByIndex = try symbol("LiteRtGetSignatureInputTensorByIndex")
            getSignatureOutputTensorByIndex = try symbol("LiteRtGetSignatureOutputTensorByIndex")
            getTensorName = try symbol("LiteRtGetTensorName")
            getTensorTypeId = try symbol("LiteRtGetTensorTypeId")
            getRankedTensorType = try symbol("LiteRtGetRankedTensorType")
            getQuantizationTypeId = try symbol("LiteRtGetQuantizationTypeId")
            getPerTensorQuantization = try symbol("LiteRtGetPerTensorQuantization")
            getPerChannelQuantization = try symbol("LiteRtGetPerChannelQuantization")
            createOptions = try symbol("LiteRtCreateOptions")
            destroyOptions = try symbol("LiteRtDestroyOptions")
            setOptionsHardwareAccelerators = try symbol("LiteRtSetOptionsHardwareAccelerators")
            createOpaqueOptions = try symbol("LiteRtCreateOpaqueOptions")
            destroyOpaqueOptions = try symbol("LiteRtDestroyOpaqueOptions")
            addOpaqueOptions = try symbol("LiteRtAddOpaqueOptions")
            createCompiledModel = try symbol("LiteRtCreateCompiledModel")
            destroyCompiledModel = try symbol("LiteRtDestroyCompiledModel")
            getCompiledModelInputBufferRequirements = try symbol("LiteRtGetCompiledModelInputBufferRequirements")
            getCompiledModelOutputBufferRequirements = try symbol("LiteRtGetCompiledModelOutputBufferRequirements")
            runCompiledModel = try symbol("LiteRtRunCompiledModel")
            compiledModelIsFullyAccelerated = try symbol("LiteRtCompiledModelIsFullyAccelerated")
            getCompiledModelInputTensorLayout = try symbol("LiteRtGetCompiledModelInputTensorLayout")
            getCompiledModelOutputTensorLayouts = try symbol("LiteRtGetCompiledModelOutputTensorLayouts")
            compiledModelResizeInputTensor = try symbol("LiteRtCompiledModelResizeInputTensor")
            getRequirementsBufferSize = try symbol("LiteRtGetTensorBufferRequirementsBufferSize")
            createManagedTensorBufferFromRequirements = try symbol("LiteRtCreateManagedTensorBufferFromRequirements")
            destroyTensorBuffer = try symbol("LiteRtDestroyTensorBuffer")
            getTensorBufferSize = try symbol("LiteRtGetTensorBufferSize")
            getTensorBufferType = try symbol("LiteRtGetTensorBufferType")
            lockTensorBuffer = try symbol("LiteRtLockTensorBuffer")
            unlockTensorBuffer = try symbol("LiteRtUnlockTensorBuffer")
            compiledModelGetProfiler = try symbol("LiteRtCompiledModelGetProfiler")
            startProfiler = try symbol("LiteRtStartProfiler")
            stopProfiler = try symbol("LiteRtStopProfiler")
            resetProfiler = try symbol("LiteRtResetProfiler")
            getNumProfilerEvents = try symbol("LiteRtGetNumProfilerEvents")
            getProfilerEvents = try symbol("LiteRtGetProfilerEvents")
        } catch {
            // The handle stays open on purpose (leaked): never dlclose a library once loaded. Its constructors
            // have run and may have registered exit-time destructors or started threads; unloading its code
            // under them crashes the process at exit (issue 12, item 4).
            throw error
        }
        self.names = names
    }

    /// Resolves an entry point that this table does not hold, for modules that extend LiteRT
    /// (the Edge TPU accelerator registers itself through LiteRT's accelerator API).
    /// - Returns: The symbol's address, or nil when the library does not export it.
    public func rawSymbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(UnsafeMutableRawPointer(bitPattern: handleBits), name) }

    /// Throws `LiteRTError.callFailed`, naming `function` (a function of this table), unless `status` is OK.
    @inline(__always)
    func check<Function>(_ status: Int32, from function: Function, _ context: @autoclosure () -> String, log: String = "") throws {
        guard status != LiteRTStatus.ok.rawValue else { return }
        throw LiteRTError.callFailed(function: name(of: function), status: LiteRTStatus(rawValue: status), context: context(), log: log)
    }
}
