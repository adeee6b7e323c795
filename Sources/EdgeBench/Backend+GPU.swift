import Foundation
import LiteRT

/// LiteRT's GPU accelerator (WebGPU over Vulkan, `libLiteRtWebGpuAccelerator.so` next to the runtime).
///
/// GPU numbers are never replaced by CPU numbers: a missing accelerator or adapter is "unavailable" (exit 69).
/// A GPU run returns before the work is done, so a timed run is run + output read.
public struct GPUBackend: BackendDriver {
    public var backend: Backend { .gpu }
    public var runWaitsForOutputs: Bool { true }

    public func summary(of settings: RunSettings) -> String {
        "gpu \(settings.gpuPrecision?.rawValue ?? "default")\(settings.gpuFallback ? "+cpu fallback" : "")"
    }

    public func deviceText(for settings: RunSettings) -> String { "gpu" }

    public func placement(kernels: CPUKernels) -> String { "on the GPU" }

    public func relevant(_ settings: RunSettings) -> RunSettings { settings.withoutEdgeTPUSettings }

    /// The GPU takes LiteRT's GPU custom operators whatever the CPU fallback's kernels (checked: the selfie
    /// model runs with --gpu-fallback --kernels builtin).
    public func providedCustomOperators(kernels: CPUKernels) -> Set<String> { CustomOperatorSupport.gpuAcceleratorOperators }

    /// Why the GPU accelerator is not registered in an environment made from `runtime`, or nil when it is:
    /// the one check of GPU availability (compiling, and `edgebench devices`).
    /// - Parameter accelerators: The accelerators LiteRT registered, or nil when no environment was made yet.
    public static func unavailability(runtime: RuntimeLocation, accelerators: [Environment.Accelerator]?) -> String? {
        guard runtime.gpuAcceleratorPath != nil else {
            return "libLiteRtWebGpuAccelerator.so is not next to \(runtime.path); run `edgebench runtime install` to fetch it."
        }
        if let accelerators, !accelerators.contains(where: { $0.hardware.contains(.gpu) }) {
            return "LiteRT did not register its GPU accelerator from \(runtime.directory) (registered: \(accelerators.map(\.name).joined(separator: ", ")))."
        }
        return nil
    }

    /// Whether LiteRT's log says no GPU adapter could be used (no Vulkan driver, or one WebGPU rejects).
    public static func logSaysNoAdapter(_ log: String) -> Bool {
        log.contains("No adapters found") || log.contains("Found no drivers")
    }

    /// What is wrong when no GPU adapter can be used, and what to do: the one message for compiling and `edgebench devices`.
    public static func noAdapterProblem(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let driverFiles = environment["VK_DRIVER_FILES"] ?? environment["VK_ICD_FILENAMES"]
        let driver = driverFiles.map { "VK_DRIVER_FILES=\($0)" } ?? "the system's Vulkan drivers"
        return "no usable GPU adapter (looked at \(driver)). Install a Vulkan driver (a GPU's driver, or Mesa 25's lavapipe for a software GPU) and libvulkan1, or select one with VK_DRIVER_FILES."
    }

    public func makeEnvironment(settings: RunSettings, runtime: RuntimeLocation, library: LiteRTLibrary) throws -> Environment {
        // LiteRT registers its GPU accelerator only when told where the accelerator library is.
        if let reason = Self.unavailability(runtime: runtime, accelerators: nil) {
            throw EdgeBenchError.backendUnavailable(backend: "gpu", reason: reason)
        }
        let environment = try Environment(library: library, runtimeLibraryDirectory: runtime.directory)
        if let reason = Self.unavailability(runtime: runtime, accelerators: try environment.accelerators()) {
            throw EdgeBenchError.backendUnavailable(backend: "gpu", reason: reason)
        }
        return environment
    }

    public func compilationOptions(for settings: RunSettings) -> CompilationOptions {
        CompilationOptions(hardware: settings.gpuFallback ? [.gpu, .cpu] : .gpu, threads: settings.effectiveThreads,
                           kernels: settings.kernels, gpuPrecision: settings.gpuPrecision)
    }

    /// A failed GPU compilation says what is missing (an adapter; `--gpu-fallback` for operators the GPU cannot
    /// run); anything else gets the CPU part's diagnosis.
    public func diagnose(_ error: Error, model: String, settings: RunSettings) -> Error {
        guard case let LiteRTError.callFailed(function, status, _, log) = error, function == "LiteRtCreateCompiledModel" else {
            return XNNPACKDiagnosis.explain(error, model: model)
        }
        let trimmedLog = log.trimmingCharacters(in: .whitespacesAndNewlines)
        if Self.logSaysNoAdapter(log) || log.contains("adapter") || status == .runtimeFailure {
            return EdgeBenchError.backendUnavailable(backend: "gpu",
                reason: Self.noAdapterProblem() + " GPU numbers are never replaced by CPU numbers.\nRuntime log:\n" + trimmedLog)
        }
        if !settings.gpuFallback && status == .compilation {
            return EdgeBenchError.backendUnavailable(backend: "gpu",
                reason: "the model has ops the GPU cannot run; add --gpu-fallback to run those on the CPU.\nRuntime log:\n" + trimmedLog)
        }
        return XNNPACKDiagnosis.explain(
            LiteRTError.callFailed(function: "LiteRtCreateCompiledModel", status: status, context: "compile for the GPU", log: log), model: model)
    }
}
