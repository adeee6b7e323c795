import EdgeTPU
import Foundation
import LiteRT

/// Where a model runs.
public enum Backend: String, Sendable, CaseIterable, Codable {
    /// The desktop CPU through LiteRT (XNNPACK, built-in or reference kernels).
    case cpu
    /// LiteRT's GPU accelerator (WebGPU over Vulkan).
    case gpu
    /// A Coral Edge TPU through libedgetpu's delegate.
    case edgetpu

    /// Everything edgebench knows about this backend; the only `switch` on `Backend`.
    public var driver: any BackendDriver {
        switch self {
        case .cpu: CPUBackend()
        case .gpu: GPUBackend()
        case .edgetpu: EdgeTPUBackend()
        }
    }
}

/// Everything that decides how a model is compiled and run.
public struct RunSettings: Sendable, Hashable, Codable {
    public var backend: Backend
    /// CPU threads; nil picks `effectiveThreads`' default.
    public var threads: Int?
    public var kernels: CPUKernels
    /// Which Edge TPU (pycoral's "usb", "usb:0", "pci", ":0"); nil = any (`.any` is stored as nil, so both compare equal).
    public var device: EdgeTPUDeviceSelector? {
        didSet { if device == .any { device = nil } }
    }
    /// GPU precision (GPU backend only).
    public var gpuPrecision: GPUPrecision?
    /// Let ops the GPU cannot run fall back to the CPU (GPU backend only).
    public var gpuFallback: Bool
    /// Edge TPU clock (libedgetpu's "Performance"); nil = not chosen (libedgetpu's max).
    public var edgetpuPerformance: EdgeTPUPerformance?
    /// Edge TPU USB bulk-in queue length (libedgetpu's "Usb.MaxBulkInQueueLength").
    public var usbQueueLength: Int?
    /// Use a libedgetpu whose ABI pairing with LiteRT cannot be classified (at the user's risk).
    public var forceEdgeTPU: Bool
    /// Concrete shapes for inputs (`--input-shape`); dynamic dimensions left without one become 1.
    public var inputShapes: [InputShape] = []
    /// Whether the kernels were chosen by the user (a flag or key). When they were not, a model that
    /// XNNPACK cannot prepare falls back to the built-in kernels, announced and recorded.
    public var kernelsChosen = false

    public init(backend: Backend = .cpu, threads: Int? = nil, kernels: CPUKernels = .xnnpack, device: EdgeTPUDeviceSelector? = nil,
                gpuPrecision: GPUPrecision? = nil, gpuFallback: Bool = false, edgetpuPerformance: EdgeTPUPerformance? = nil,
                usbQueueLength: Int? = nil, forceEdgeTPU: Bool = false) {
        self.backend = backend
        self.threads = threads
        self.kernels = kernels
        self.device = device == .any ? nil : device
        self.gpuPrecision = gpuPrecision
        self.gpuFallback = gpuFallback
        self.edgetpuPerformance = edgetpuPerformance
        self.usbQueueLength = usbQueueLength
        self.forceEdgeTPU = forceEdgeTPU
    }

    /// These settings without the ones their backend ignores (GPU precision on the CPU, Edge TPU clock on the GPU…),
    /// so a sweep does not measure one thing twice under two names and canonical text lists what mattered.
    public var relevantToBackend: RunSettings { backend.driver.relevant(self) }

    /// These settings with the GPU's settings at their defaults.
    var withoutGPUSettings: RunSettings {
        var settings = self
        settings.gpuPrecision = nil
        settings.gpuFallback = false
        return settings
    }

    /// These settings with the Edge TPU's settings at their defaults.
    var withoutEdgeTPUSettings: RunSettings {
        var settings = self
        settings.device = nil
        settings.edgetpuPerformance = nil
        settings.usbQueueLength = nil
        settings.forceEdgeTPU = false
        return settings
    }

    /// The thread count actually requested from LiteRT.
    ///
    /// XNNPACK scales with cores, so it gets every core (up to 4); built-in and reference kernels
    /// get 1, because their multi-threading is often slower (about 3x at 2 threads on a 2-vCPU machine).
    public var effectiveThreads: Int {
        if let threads { return threads }
        return kernels == .xnnpack ? min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4) : 1
    }

    /// A short human description, e.g. "cpu xnnpack 2 threads".
    public var summary: String { backend.driver.summary(of: self) }

    var compilationOptions: CompilationOptions { backend.driver.compilationOptions(for: self) }
}
