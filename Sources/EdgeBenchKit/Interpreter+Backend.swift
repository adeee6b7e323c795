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
}
