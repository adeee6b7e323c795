import ArgumentParser
import EdgeBench
import LiteRT

extension CPUKernels: ExpressibleByArgument {}
extension Backend: ExpressibleByArgument {}
extension GPUPrecision: ExpressibleByArgument {}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Flags shared by every command that runs a model.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "Where to run: \(Backend.allCases.map(\.rawValue).joined(separator: ", ")).")
    var backend: Backend = .cpu

    @Option(parsing: .unconditional, help: "CPU threads (default: all cores up to 4 with xnnpack, 1 with builtin/reference).")
    var threads: Int?

    @Option(help: "CPU kernels: xnnpack (fast, default), builtin (TFLite's optimized kernels) or reference (slow, simple).")
    var kernels: CPUKernels?

    @Option(name: .customLong("gpu-precision"), help: "GPU arithmetic: fp32, fp16 or mixed (fp16 with fp32 accumulation); default: the accelerator's (fp16).")
    var gpuPrecision: GPUPrecision?

    @Flag(name: .customLong("gpu-fallback"), help: "Run ops the GPU cannot run on the CPU instead of failing (GPU backend).")
    var gpuFallback = false

    @Option(name: .customLong("edgetpu-performance"), help: "Edge TPU clock: low, medium, high or max (libedgetpu's Performance option).")
    var edgetpuPerformance: String?

    @Option(name: .customLong("usb-queue"), help: "Edge TPU USB bulk-in queue length (Usb.MaxBulkInQueueLength, 0...255).")
    var usbQueue: Int?

    @Flag(name: .customLong("force-edgetpu"), help: "Use a libedgetpu whose pairing with LiteRT 2.3.0 edgebench cannot classify (risk of crashes; see the README).")
    var forceEdgeTPU = false

    func validate() throws {
        for text in inputShape {
            do { _ = try InputShape.parse(text) } catch { throw ValidationError(error.localizedDescription) }
        }
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be between 1 and 256 (got \(threads)).")
        }
        if let edgetpuPerformance, !["low", "medium", "high", "max"].contains(edgetpuPerformance) {
            throw ValidationError("--edgetpu-performance must be low, medium, high or max (got \(edgetpuPerformance)).")
        }
        if let usbQueue, !(0...255).contains(usbQueue) {
            throw ValidationError("--usb-queue must be between 0 and 255 (got \(usbQueue)).")
        }
    }

    @Option(name: .customLong("input-shape"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Give an input a concrete shape, NAME_OR_INDEX=D1,D2,... (repeatable); a dynamic (-1) dimension left unset becomes 1.",
                               valueName: "name-or-index=dims"))
    var inputShape: [String] = []

    var settings: RunSettings {
        var settings = RunSettings(backend: backend, threads: threads, kernels: kernels ?? .xnnpack, gpuPrecision: gpuPrecision, gpuFallback: gpuFallback,
                                   edgetpuPerformance: edgetpuPerformance, usbQueueLength: usbQueue, forceEdgeTPU: forceEdgeTPU)
        // Without --kernels, a model XNNPACK cannot prepare falls back to builtin.
        settings.kernelsChosen = kernels != nil
        settings.inputShapes = inputShapes
        return settings
    }

    /// The `--input-shape` values (`validate()` has already refused malformed ones).
    var inputShapes: [InputShape] { inputShape.compactMap { try? InputShape.parse($0) } }

    /// Finds the runtime, installing it with a one-line notice when missing.
    func runtime() throws -> RuntimeLocation {
        try RuntimeLocation.findOrInstall { Terminal.notice($0) }
    }
}
