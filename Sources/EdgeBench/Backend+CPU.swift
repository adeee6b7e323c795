import Foundation
import LiteRT

/// The desktop CPU through LiteRT: XNNPACK, the built-in or the reference kernels.
///
/// Its one fallback rule: when XNNPACK cannot prepare the model and the kernels were not chosen, the built-in
/// kernels (1 thread unless threads were given) take over — unless the model needs an operator only XNNPACK
/// implements, which gets the clear error instead.
public struct CPUBackend: BackendDriver {
    public var backend: Backend { .cpu }
    public var reportsAcceleration: Bool { false }

    public func summary(of settings: RunSettings) -> String {
        let threads = settings.effectiveThreads
        return "cpu \(settings.kernels.rawValue) \(threads) thread\(threads == 1 ? "" : "s")"
    }

    public func deviceText(for settings: RunSettings) -> String { "cpu" }

    public func placement(kernels: CPUKernels) -> String { "on the CPU with \(kernels.rawValue) kernels" }

    public func relevant(_ settings: RunSettings) -> RunSettings { settings.withoutGPUSettings.withoutEdgeTPUSettings }

    public func makeEnvironment(settings: RunSettings, runtime: RuntimeLocation, library: LiteRTLibrary) throws -> Environment {
        try Environment(library: library)
    }

    public func compilationOptions(for settings: RunSettings) -> CompilationOptions {
        CompilationOptions(hardware: .cpu, threads: settings.effectiveThreads, kernels: settings.kernels)
    }

    public func fallback(after error: Error, file: ModelFile, settings: RunSettings) throws -> (settings: RunSettings, reason: String)? {
        guard case let EdgeBenchError.xnnpackCannotPrepare(model, detail) = error,
              !settings.kernelsChosen, settings.kernels == .xnnpack else { return nil }
        // The built-in kernels cannot take over a model that needs an op only XNNPACK implements.
        let xnnpackOnly = CustomOperatorSupport.operatorsRequiringXNNPACK(in: file.format)
        if !xnnpackOnly.isEmpty {
            throw EdgeBenchError.xnnpackCannotPrepareRequiredOperators(model: model, detail: detail, operators: xnnpackOnly.map(\.name))
        }
        var fallback = settings
        fallback.kernels = .builtin
        fallback.threads = settings.threads ?? 1
        return (fallback, "XNNPACK cannot prepare \(model) (\(detail)); falling back to --kernels builtin")
    }
}
