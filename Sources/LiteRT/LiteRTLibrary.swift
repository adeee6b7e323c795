import CLiteRT
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one gateway to `libLiteRt.so`: the library handle and every function edgebench calls,
/// resolved once with `dlsym`. A missing symbol fails the load with one clear error.
///
/// Thread safety: immutable after loading; the function pointers may be called from any thread
/// (LiteRT's own objects are not thread-safe — see the owning classes).
public final class LiteRTLibrary: @unchecked Sendable {
    /// The file that was loaded.
    public let path: String
    private let handle: UnsafeMutableRawPointer

    let createEnvironment: EBLiteRtCreateEnvironmentFn
    let destroyEnvironment: EBLiteRtDestroyEnvironmentFn
    let getNumAccelerators: EBLiteRtGetNumAcceleratorsFn
    let getAccelerator: EBLiteRtGetAcceleratorFn
    let getAcceleratorName: EBLiteRtGetAcceleratorNameFn
    let getAcceleratorHardwareSupport: EBLiteRtGetAcceleratorHardwareSupportFn

    let createModelFromFile: EBLiteRtCreateModelFromFileFn
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

    /// The names of every C function edgebench resolves; the installer checks a downloaded
    /// library against this list before accepting it.
    public static let requiredSymbols: [String] = [
        "LiteRtCreateEnvironment", "LiteRtDestroyEnvironment", "LiteRtGetNumAccelerators",
        "LiteRtGetAccelerator", "LiteRtGetAcceleratorName", "LiteRtGetAcceleratorHardwareSupport",
        "LiteRtCreateModelFromFile", "LiteRtCreateModelFromBuffer", "LiteRtDestroyModel",
        "LiteRtGetNumModelSignatures", "LiteRtGetModelSignature", "LiteRtGetSignatureKey",
        "LiteRtGetNumSignatureInputs", "LiteRtGetNumSignatureOutputs",
        "LiteRtGetSignatureInputTensorByIndex", "LiteRtGetSignatureOutputTensorByIndex",
        "LiteRtGetTensorName", "LiteRtGetTensorTypeId", "LiteRtGetRankedTensorType",
        "LiteRtGetQuantizationTypeId", "LiteRtGetPerTensorQuantization",
        "LiteRtGetPerChannelQuantization", "LiteRtCreateOptions", "LiteRtDestroyOptions",
        "LiteRtSetOptionsHardwareAccelerators", "LiteRtCreateOpaqueOptions",
        "LiteRtDestroyOpaqueOptions", "LiteRtAddOpaqueOptions", "LiteRtCreateCompiledModel",
        "LiteRtDestroyCompiledModel", "LiteRtGetCompiledModelInputBufferRequirements",
        "LiteRtGetCompiledModelOutputBufferRequirements", "LiteRtRunCompiledModel",
        "LiteRtCompiledModelIsFullyAccelerated", "LiteRtGetCompiledModelInputTensorLayout",
        "LiteRtGetCompiledModelOutputTensorLayouts", "LiteRtCompiledModelResizeInputTensor",
        "LiteRtGetTensorBufferRequirementsBufferSize", "LiteRtCreateManagedTensorBufferFromRequirements",
        "LiteRtDestroyTensorBuffer", "LiteRtGetTensorBufferSize", "LiteRtGetTensorBufferType",
        "LiteRtLockTensorBuffer", "LiteRtUnlockTensorBuffer",
        "LiteRtCompiledModelGetProfiler", "LiteRtStartProfiler", "LiteRtStopProfiler", "LiteRtResetProfiler",
        "LiteRtGetNumProfilerEvents", "LiteRtGetProfilerEvents",
    ]

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var loaded: [String: LiteRTLibrary] = [:]

    /// Loads (once per path) the LiteRT runtime library at `path`.
    /// - Parameter path: A path to `libLiteRt.so`.
    /// - Returns: The loaded library; the same instance for the same path.
    /// - Throws: `LiteRTError.cannotLoadLibrary` when `dlopen` fails,
    ///   `LiteRTError.missingSymbol` when the file is not LiteRT 2.3.0.
    public static func load(path: String) throws -> LiteRTLibrary {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let library = loaded[path] { return library }
        let library = try LiteRTLibrary(path: path)
        loaded[path] = library
        return library
    }

    private init(path: String) throws {
        // RTLD_LOCAL keeps LiteRT's many symbols out of the global namespace (libedgetpu has its own).
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw LiteRTError.cannotLoadLibrary(path: path, reason: reason)
        }
        self.path = path
        self.handle = handle
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let address = dlsym(handle, name) else {
                throw LiteRTError.missingSymbol(name: name, path: path)
            }
            return unsafeBitCast(address, to: type)
        }
        do {
            createEnvironment = try symbol("LiteRtCreateEnvironment", as: EBLiteRtCreateEnvironmentFn.self)
            destroyEnvironment = try symbol("LiteRtDestroyEnvironment", as: EBLiteRtDestroyEnvironmentFn.self)
            getNumAccelerators = try symbol("LiteRtGetNumAccelerators", as: EBLiteRtGetNumAcceleratorsFn.self)
            getAccelerator = try symbol("LiteRtGetAccelerator", as: EBLiteRtGetAcceleratorFn.self)
            getAcceleratorName = try symbol("LiteRtGetAcceleratorName", as: EBLiteRtGetAcceleratorNameFn.self)
            getAcceleratorHardwareSupport = try symbol("LiteRtGetAcceleratorHardwareSupport", as: EBLiteRtGetAcceleratorHardwareSupportFn.self)
            createModelFromFile = try symbol("LiteRtCreateModelFromFile", as: EBLiteRtCreateModelFromFileFn.self)
            createModelFromBuffer = try symbol("LiteRtCreateModelFromBuffer", as: EBLiteRtCreateModelFromBufferFn.self)
            destroyModel = try symbol("LiteRtDestroyModel", as: EBLiteRtDestroyModelFn.self)
            getNumModelSignatures = try symbol("LiteRtGetNumModelSignatures", as: EBLiteRtGetNumModelSignaturesFn.self)
            getModelSignature = try symbol("LiteRtGetModelSignature", as: EBLiteRtGetModelSignatureFn.self)
            getSignatureKey = try symbol("LiteRtGetSignatureKey", as: EBLiteRtGetSignatureKeyFn.self)
            getNumSignatureInputs = try symbol("LiteRtGetNumSignatureInputs", as: EBLiteRtGetNumSignatureIOFn.self)
            getNumSignatureOutputs = try symbol("LiteRtGetNumSignatureOutputs", as: EBLiteRtGetNumSignatureIOFn.self)
            getSignatureInputTensorByIndex = try symbol("LiteRtGetSignatureInputTensorByIndex", as: EBLiteRtGetSignatureIOTensorByIndexFn.self)
            getSignatureOutputTensorByIndex = try symbol("LiteRtGetSignatureOutputTensorByIndex", as: EBLiteRtGetSignatureIOTensorByIndexFn.self)
            getTensorName = try symbol("LiteRtGetTensorName", as: EBLiteRtGetTensorNameFn.self)
            getTensorTypeId = try symbol("LiteRtGetTensorTypeId", as: EBLiteRtGetTensorTypeIdFn.self)
            getRankedTensorType = try symbol("LiteRtGetRankedTensorType", as: EBLiteRtGetRankedTensorTypeFn.self)
            getQuantizationTypeId = try symbol("LiteRtGetQuantizationTypeId", as: EBLiteRtGetQuantizationTypeIdFn.self)
            getPerTensorQuantization = try symbol("LiteRtGetPerTensorQuantization", as: EBLiteRtGetPerTensorQuantizationFn.self)
            getPerChannelQuantization = try symbol("LiteRtGetPerChannelQuantization", as: EBLiteRtGetPerChannelQuantizationFn.self)
            createOptions = try symbol("LiteRtCreateOptions", as: EBLiteRtCreateOptionsFn.self)
            destroyOptions = try symbol("LiteRtDestroyOptions", as: EBLiteRtDestroyOptionsFn.self)
            setOptionsHardwareAccelerators = try symbol("LiteRtSetOptionsHardwareAccelerators", as: EBLiteRtSetOptionsHardwareAcceleratorsFn.self)
            createOpaqueOptions = try symbol("LiteRtCreateOpaqueOptions", as: EBLiteRtCreateOpaqueOptionsFn.self)
            destroyOpaqueOptions = try symbol("LiteRtDestroyOpaqueOptions", as: EBLiteRtDestroyOpaqueOptionsFn.self)
            addOpaqueOptions = try symbol("LiteRtAddOpaqueOptions", as: EBLiteRtAddOpaqueOptionsFn.self)
            createCompiledModel = try symbol("LiteRtCreateCompiledModel", as: EBLiteRtCreateCompiledModelFn.self)
            destroyCompiledModel = try symbol("LiteRtDestroyCompiledModel", as: EBLiteRtDestroyCompiledModelFn.self)
            getCompiledModelInputBufferRequirements = try symbol("LiteRtGetCompiledModelInputBufferRequirements", as: EBLiteRtGetCompiledModelBufferRequirementsFn.self)
            getCompiledModelOutputBufferRequirements = try symbol("LiteRtGetCompiledModelOutputBufferRequirements", as: EBLiteRtGetCompiledModelBufferRequirementsFn.self)
            runCompiledModel = try symbol("LiteRtRunCompiledModel", as: EBLiteRtRunCompiledModelFn.self)
            compiledModelIsFullyAccelerated = try symbol("LiteRtCompiledModelIsFullyAccelerated", as: EBLiteRtCompiledModelIsFullyAcceleratedFn.self)
            getCompiledModelInputTensorLayout = try symbol("LiteRtGetCompiledModelInputTensorLayout", as: EBLiteRtGetCompiledModelInputTensorLayoutFn.self)
            getCompiledModelOutputTensorLayouts = try symbol("LiteRtGetCompiledModelOutputTensorLayouts", as: EBLiteRtGetCompiledModelOutputTensorLayoutsFn.self)
            compiledModelResizeInputTensor = try symbol("LiteRtCompiledModelResizeInputTensor", as: EBLiteRtCompiledModelResizeInputTensorFn.self)
            getRequirementsBufferSize = try symbol("LiteRtGetTensorBufferRequirementsBufferSize", as: EBLiteRtGetRequirementsBufferSizeFn.self)
            createManagedTensorBufferFromRequirements = try symbol("LiteRtCreateManagedTensorBufferFromRequirements", as: EBLiteRtCreateManagedTensorBufferFromRequirementsFn.self)
            destroyTensorBuffer = try symbol("LiteRtDestroyTensorBuffer", as: EBLiteRtDestroyTensorBufferFn.self)
            getTensorBufferSize = try symbol("LiteRtGetTensorBufferSize", as: EBLiteRtGetTensorBufferSizeFn.self)
            getTensorBufferType = try symbol("LiteRtGetTensorBufferType", as: EBLiteRtGetTensorBufferTypeFn.self)
            lockTensorBuffer = try symbol("LiteRtLockTensorBuffer", as: EBLiteRtLockTensorBufferFn.self)
            unlockTensorBuffer = try symbol("LiteRtUnlockTensorBuffer", as: EBLiteRtUnlockTensorBufferFn.self)
            compiledModelGetProfiler = try symbol("LiteRtCompiledModelGetProfiler", as: EBLiteRtCompiledModelGetProfilerFn.self)
            startProfiler = try symbol("LiteRtStartProfiler", as: EBLiteRtProfilerActionFn.self)
            stopProfiler = try symbol("LiteRtStopProfiler", as: EBLiteRtProfilerActionFn.self)
            resetProfiler = try symbol("LiteRtResetProfiler", as: EBLiteRtProfilerActionFn.self)
            getNumProfilerEvents = try symbol("LiteRtGetNumProfilerEvents", as: EBLiteRtGetNumProfilerEventsFn.self)
            getProfilerEvents = try symbol("LiteRtGetProfilerEvents", as: EBLiteRtGetProfilerEventsFn.self)
        } catch {
            // The handle stays open on purpose (leaked): never dlclose a library once loaded. Its constructors
            // have run and may have registered exit-time destructors or started threads; unloading its code
            // under them crashes the process at exit (issue 12, item 4).
            throw error
        }
    }

    /// Resolves an entry point that this table does not hold, for modules that extend LiteRT
    /// (the Edge TPU accelerator registers itself through LiteRT's accelerator API).
    /// - Returns: The symbol's address, or nil when the library does not export it.
    public func rawSymbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(handle, name) }

    /// Throws `LiteRTError.callFailed` unless `status` is OK.
    @inline(__always)
    func check(_ status: Int32, _ function: String, _ context: @autoclosure () -> String, log: String = "") throws {
        guard status != 0 else { return }
        throw LiteRTError.callFailed(function: function, status: LiteRTStatus(rawValue: status), context: context(), log: log)
    }
}
