import Results
import EdgeTPU
import Foundation
import LiteRT
import ModelFormat

/// A Coral Edge TPU: libedgetpu's delegate registered as a LiteRT accelerator (module EdgeTPU's
/// `EdgeTPUSession`), in an environment made only for the Edge TPU; the operators the Edge TPU Compiler
/// left on the CPU run with the CPU kernels.
public struct EdgeTPUBackend: BackendDriver {
    public var backend: Backend { .edgetpu }

    public func summary(of settings: RunSettings) -> String {
        "edgetpu\(settings.device.map { "@" + $0.description } ?? "")"
    }

    public func deviceText(for settings: RunSettings) -> String { settings.device.map(\.description) ?? "edgetpu" }

    public func placement(kernels: CPUKernels) -> String { "on the Edge TPU backend (CPU part with \(kernels.rawValue) kernels)" }

    public func relevant(_ settings: RunSettings) -> RunSettings { settings.withoutGPUSettings }

    /// Any model may run here; one not compiled for the Edge TPU runs wholly on the CPU (see `notes(for:)`).
    public func checkModel(_ file: ModelFile) throws {}

    public func providedCustomOperators(kernels: CPUKernels) -> Set<String> {
        (kernels == .xnnpack ? CustomOperatorSupport.xnnpackDelegateOperators : []).union([TFLiteModel.edgeTPUCustomCode])
    }

    public func notes(for file: ModelFile) -> [String] {
        guard file.edgeTPUSubgraphCount == 0 else { return [] }
        return ["\(file.name) is not compiled for the Edge TPU (no edgetpu-custom-op): nothing will be delegated; every op runs on the CPU. Compile it with the Edge TPU Compiler, or use its _edgetpu.tflite build."]
    }

    /// libedgetpu's options for `settings` (any device, max clock when not chosen).
    public static func options(for settings: RunSettings) -> EdgeTPUOptions {
        EdgeTPUOptions(selector: settings.device ?? .any, performance: settings.edgetpuPerformance ?? .max,
                       usbMaxBulkInQueueLength: settings.usbQueueLength, force: settings.forceEdgeTPU)
    }

    /// Finds libedgetpu and registers its delegate in a new environment.
    /// - Throws: `EdgeTPUError.libraryNotFound` and the other library failures (exit 69); the pairing gate's refusal.
    public func makeEnvironment(settings: RunSettings, runtime: RuntimeLocation, library: LiteRTLibrary) throws -> Environment {
        let edgetpu = try EdgeTPULibrary.locate()
        return try EdgeTPUSession(runtime: library, library: edgetpu, options: Self.options(for: settings)).environment
    }

    public func compilationOptions(for settings: RunSettings) -> CompilationOptions {
        CompilationOptions(hardware: .cpu, threads: settings.effectiveThreads, kernels: settings.kernels)
    }

    /// Compiles through the environment's `EdgeTPUSession`, which turns the delegate's recorded failure
    /// (no device, …) into the error.
    public func compile(_ model: Model, options: CompilationOptions, settings: RunSettings, inputShapes: [Int: [Int]]) throws -> CompiledModel {
        do {
            guard let session = EdgeTPUSession(registeredIn: model.environment) else {
                return try CompiledModel(model: model, options: options, inputShapes: inputShapes)
            }
            return try session.compile(model, options: options, inputShapes: inputShapes)
        } catch {
            throw diagnose(error, model: model.name, settings: settings)
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
