import EdgeTPU
import Foundation
import LiteRT
import Results

/// Creates the LiteRT environment and compiled model each backend needs.
enum BackendEnvironment {
    static func make(for settings: RunSettings, runtime: RuntimeLocation, library: LiteRTLibrary) throws -> Environment {
        switch settings.backend {
        case .cpu:
            return try Environment(library: library)
        case .gpu:
            // LiteRT registers its GPU accelerator only when told where the accelerator library is.
            guard runtime.gpuAcceleratorPath != nil else {
                throw EdgeBenchError.backendUnavailable(backend: "gpu",
                    reason: "libLiteRtWebGpuAccelerator.so is not next to \(runtime.path); run `edgebench runtime install` to fetch it.")
            }
            let environment = try Environment(library: library, runtimeLibraryDirectory: runtime.directory)
            let accelerators = try environment.accelerators()
            guard accelerators.contains(where: { $0.hardware.contains(.gpu) }) else {
                throw EdgeBenchError.backendUnavailable(backend: "gpu",
                    reason: "LiteRT did not register its GPU accelerator from \(runtime.directory) (registered: \(accelerators.map(\.name).joined(separator: ", "))).")
            }
            return environment
        case .edgetpu:
            return try EdgeTPUBackend.makeEnvironment(settings: settings, library: library)
        }
    }

    static func compile(_ model: Model, settings: RunSettings, runtime: RuntimeLocation, inputShapes: [Int: [Int]] = [:],
                        profiling: Bool = false) throws -> CompiledModel {
        var options = settings.compilationOptions
        options.profiling = profiling
        if settings.backend == .edgetpu { return try EdgeTPUBackend.compile(model, options: options, inputShapes: inputShapes) }
        do {
            return try CompiledModel(model: model, options: options, inputShapes: inputShapes)
        } catch let error as LiteRTError {
            if settings.backend == .gpu, case let .callFailed(function, status, _, log) = error, function == "LiteRtCreateCompiledModel" {
                throw GPUDiagnosis.explain(status: status, log: log, strict: !settings.gpuFallback)
            }
            throw error
        }
    }
}

/// Turns a failed GPU compilation into a message that says what is missing.
enum GPUDiagnosis {
    static func explain(status: LiteRTStatus, log: String, strict: Bool) -> Error {
        let driverFiles = ProcessInfo.processInfo.environment["VK_DRIVER_FILES"] ?? ProcessInfo.processInfo.environment["VK_ICD_FILENAMES"]
        let driver = driverFiles.map { "VK_DRIVER_FILES=\($0)" } ?? "the system's Vulkan drivers"
        if log.contains("No adapters found") || log.contains("adapter") || status == .runtimeFailure {
            return EdgeBenchError.backendUnavailable(backend: "gpu",
                reason: "no usable GPU adapter (looked at \(driver)). Install a Vulkan driver (a GPU's driver, or Mesa 25's lavapipe for a software GPU) and libvulkan1, or select one with VK_DRIVER_FILES. GPU numbers are never replaced by CPU numbers.\nRuntime log:\n" + log.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if strict && status == .compilation {
            return EdgeBenchError.backendUnavailable(backend: "gpu",
                reason: "the model has ops the GPU cannot run; add --gpu-fallback to run those on the CPU.\nRuntime log:\n" + log.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return LiteRTError.callFailed(function: "LiteRtCreateCompiledModel", status: status, context: "compile for the GPU", log: log)
    }
}

/// The Edge TPU backend: libedgetpu's delegate registered as a LiteRT accelerator (module EdgeTPU),
/// in an environment made only for the Edge TPU.
enum EdgeTPUBackend {
    static func options(for settings: RunSettings) throws -> EdgeTPUOptions {
        EdgeTPUOptions(selector: settings.device ?? .any, performance: settings.edgetpuPerformance ?? .max, usbMaxBulkInQueueLength: settings.usbQueueLength,
                       force: settings.forceEdgeTPU)
    }

    static func makeEnvironment(settings: RunSettings, library: LiteRTLibrary) throws -> Environment {
        let options = try options(for: settings)
        let edgetpu = try EdgeTPULibrary.locate()
        let environment = try Environment(library: library)
        try EdgeTPUAccelerator.register(in: environment, library: edgetpu, options: options)
        return environment
    }

    /// Compiles with the registered accelerator, turning its recorded failure (no device, …) into the error.
    static func compile(_ model: Model, options: CompilationOptions, inputShapes: [Int: [Int]] = [:]) throws -> CompiledModel {
        let accelerator = EdgeTPUAccelerator.registered(in: model.environment)
        accelerator?.resetOutcome()
        do {
            return try CompiledModel(model: model, options: options, inputShapes: inputShapes)
        } catch {
            if let failure = accelerator?.failure { throw failure }
            throw error
        }
    }
}

extension EdgeTPUError: ExitStatusProviding {
    public var exitStatus: ExitStatus {
        switch self {
        case .invalidDeviceSelector, .invalidPerformance, .invalidUsbQueueLength: return .usage
        case .libraryNotFound, .cannotLoadLibrary, .missingSymbol, .missingLiteRTSymbol, .unclassifiedRuntime,
             .noDevice, .cannotOpenDevice: return .unavailable
        case .registrationFailed, .delegateRejected: return .runtimeFailure
        }
    }
}
