import Foundation

/// Which CPU kernels LiteRT uses (`kernel_mode` in the CPU options payload).
public enum CPUKernels: String, Sendable, CaseIterable, Codable {
    /// XNNPACK, LiteRT's default and fastest CPU path.
    case xnnpack
    /// TensorFlow Lite's built-in optimized kernels (no delegate).
    case builtin
    /// Reference kernels: simple and slow; useful to check results.
    case reference
}

/// GPU arithmetic precision (`precision` in the "gpu_options" payload).
public enum GPUPrecision: String, Sendable, CaseIterable, Codable {
    case `default`, fp16, fp32, mixed

    var payloadValue: Int {
        switch self {
        case .default: return 0
        case .fp16: return 1
        case .fp32: return 2
        case .mixed: return 3
        }
    }
}

/// How to compile a model: the hardware to use and per-accelerator settings.
public struct CompilationOptions: Hashable, Sendable {
    public var hardware: HardwareSet
    /// CPU threads; nil leaves LiteRT's default.
    public var threads: Int?
    /// CPU kernels; nil leaves LiteRT's default (XNNPACK).
    public var kernels: CPUKernels?
    /// GPU precision; nil leaves the accelerator's default.
    public var gpuPrecision: GPUPrecision?
    /// Whether the compiled model records per-operator events (`CompiledModel.profiler()`); off for
    /// every timed measurement, so the latency figures never carry the profiler's cost.
    public var profiling: Bool

    public init(hardware: HardwareSet = .cpu, threads: Int? = nil, kernels: CPUKernels? = nil, gpuPrecision: GPUPrecision? = nil,
                profiling: Bool = false) {
        self.hardware = hardware
        self.threads = threads
        self.kernels = kernels
        self.gpuPrecision = gpuPrecision
        self.profiling = profiling
    }

    /// The TOML payload of the CPU options, or nil when nothing is set.
    ///
    /// LiteRT 2.3.0 reads CPU settings from opaque options; the XNNPACK path looks them up under
    /// "xnnpack" and the built-in/reference path under "cpu_delegate", so the same payload is added
    /// under both identifiers — otherwise threads and kernel mode are silently ignored.
    public var cpuPayload: String? {
        var lines: [String] = []
        if let kernels { lines.append("kernel_mode = \"\(kernels.rawValue)\"") }
        if let threads { lines.append("num_threads = \(threads)") }
        return lines.isEmpty ? nil : lines.joined(separator: "\n") + "\n"
    }

    /// The TOML payload of the GPU options, or nil when nothing is set.
    public var gpuPayload: String? {
        gpuPrecision.map { "precision = \($0.payloadValue)\n" }
    }

    /// The opaque-option identifiers and payloads to attach, in order.
    var opaquePayloads: [(identifier: String, payload: String)] {
        var result: [(String, String)] = []
        if let cpu = cpuPayload {
            result.append((OpaqueOptionIdentifier.xnnpack, cpu))
            result.append((OpaqueOptionIdentifier.cpuDelegate, cpu))
        }
        if let gpu = gpuPayload { result.append((OpaqueOptionIdentifier.gpu, gpu)) }
        // LiteRT's runtime options are a TOML string; its helper that builds it is not exported.
        if profiling { result.append((OpaqueOptionIdentifier.runtime, "enable_profiling = true\n")) }
        return result
    }
}

/// The identifiers under which LiteRT 2.3.0's accelerators look up their opaque options.
enum OpaqueOptionIdentifier {
    /// Read by the XNNPACK CPU path.
    static let xnnpack = "xnnpack"
    /// Read by the built-in and reference CPU kernels.
    static let cpuDelegate = "cpu_delegate"
    /// Read by the WebGPU accelerator.
    static let gpu = "gpu_options"
    /// LiteRT's runtime options (profiling).
    static let runtime = "runtime_options_string"
}
