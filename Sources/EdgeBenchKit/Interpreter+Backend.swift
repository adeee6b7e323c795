import EdgeBench
import EdgeTPU
import LiteRT

extension Interpreter {
    /// Where an interpreter runs its model.
    public enum Backend: Hashable, Sendable {
        /// The CPU through LiteRT.
        /// - Parameters:
        ///   - threads: CPU threads; nil gives XNNPACK every core up to 4, the other kernels 1.
        ///   - kernels: The kernels; nil means XNNPACK, replaced by the built-in kernels (and
        ///     ``Interpreter/kernelFallback`` set) when XNNPACK cannot prepare the model. Kernels that
        ///     are given are never replaced.
        case cpu(threads: Int? = nil, kernels: CPUKernels? = nil)
        /// LiteRT's GPU accelerator (WebGPU over Vulkan).
        /// - Parameters:
        ///   - precision: The arithmetic precision.
        ///   - cpuFallback: Run the operators the GPU cannot run on the CPU instead of refusing the model.
        case gpu(precision: GPUPrecision = .default, cpuFallback: Bool = false)
        /// A Coral Edge TPU through libedgetpu, for models compiled with the Edge TPU Compiler.
        /// - Parameter device: pycoral's device text (`"usb"`, `"usb:0"`, `"pci"`, `":0"`); nil takes any.
        case edgeTPU(device: String? = nil)

        /// The backend that `settings` describe.
        init(_ settings: RunSettings) {
            switch settings.backend {
            case .cpu: self = .cpu(threads: settings.threads, kernels: settings.kernelsChosen ? settings.kernels : nil)
            case .gpu: self = .gpu(precision: settings.gpuPrecision ?? .default, cpuFallback: settings.gpuFallback)
            case .edgetpu: self = .edgeTPU(device: settings.device?.description)
            }
        }

        /// The tool's settings for this backend.
        /// - Throws: `InterpreterError.invalidThreadCount`, `EdgeTPUError.invalidDeviceSelector`.
        func settings() throws -> RunSettings {
            switch self {
            case let .cpu(threads, kernels):
                if let threads, threads < 1 { throw InterpreterError.invalidThreadCount(threads) }
                var settings = RunSettings(backend: .cpu, threads: threads, kernels: kernels ?? .xnnpack)
                settings.kernelsChosen = kernels != nil
                return settings
            case let .gpu(precision, cpuFallback):
                return RunSettings(backend: .gpu, gpuPrecision: precision, gpuFallback: cpuFallback)
            case let .edgeTPU(device):
                return RunSettings(backend: .edgetpu, device: try device.map { try EdgeTPUDeviceSelector(parsing: $0) })
            }
        }
    }

    /// How long each phase of opening an ``Interpreter`` took (the phases `edgebench classify` reports).
    public struct LoadTimings: Hashable, Sendable {
        /// Loading the LiteRT runtime and making the backend's environment (registering an accelerator).
        public let runtimeLoad: Duration
        /// Loading the model's bytes into LiteRT.
        public let modelLoad: Duration
        /// Compiling the model for the backend (LiteRT prepares every operator here).
        public let compile: Duration
    }
}
