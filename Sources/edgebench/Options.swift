import ArgumentParser
import EdgeBench
import LiteRT

extension CPUKernels: ExpressibleByArgument {}
extension Backend: ExpressibleByArgument {}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Flags shared by every command that runs a model.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "Where to run: \(Backend.allCases.map(\.rawValue).joined(separator: ", ")).")
    var backend: Backend = .cpu

    @Option(help: "CPU threads (default: all cores up to 4 with xnnpack, 1 with builtin/reference).")
    var threads: Int?

    @Option(help: "CPU kernels: xnnpack (fast, default), builtin (TFLite's optimized kernels) or reference (slow, simple).")
    var kernels: CPUKernels?

    func validate() throws {
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be between 1 and 256 (got \(threads)).")
        }
    }

    var settings: RunSettings { RunSettings(backend: backend, threads: threads, kernels: kernels ?? .xnnpack) }

    /// Whether --kernels was given (otherwise a model XNNPACK cannot prepare falls back to builtin).
    var kernelsExplicit: Bool { kernels != nil }

    /// Finds the runtime, installing it with a one-line notice when missing.
    func runtime() throws -> RuntimeLocation {
        try RuntimeLocation.findOrInstall { Terminal.notice($0) }
    }
}
