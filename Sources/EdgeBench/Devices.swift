import EdgeTPU
import Foundation
import LiteRT
import ModelFormat

/// What `edgebench devices` reports: the LiteRT runtime and its accelerators, the Edge TPU runtime and
/// its devices, and whether the GPU accelerator finds an adapter. JSON keys are a contract.
public struct DeviceReport: Sendable, Codable {
    public struct LiteRTInfo: Sendable, Codable {
        public var path: String
        public var version: String?
        public var accelerators: [String]
    }

    public struct GPUInfo: Sendable, Codable {
        /// libLiteRtWebGpuAccelerator.so next to the runtime, if present.
        public var acceleratorLibrary: String?
        /// Whether LiteRT registered the GPU accelerator.
        public var registered: Bool
        /// Whether a tiny model compiled on the GPU (an adapter was found).
        public var usable: Bool
        /// The adapter Dawn selected, when its log names it.
        public var adapter: String?
        /// Why the GPU is not usable, when it is not.
        public var problem: String?
        /// The Vulkan driver selection in effect (VK_DRIVER_FILES), if any.
        public var vulkanDriverFiles: String?

        enum CodingKeys: String, CodingKey {
            case registered, usable, adapter, problem
            case acceleratorLibrary = "accelerator_library", vulkanDriverFiles = "vk_driver_files"
        }
    }

    public var litert: LiteRTInfo?
    /// Why the LiteRT runtime could not be used, when it could not.
    public var litertProblem: String?
    public var edgetpu: EdgeTPURuntimeInfo?
    public var edgetpuProblem: String?
    public var gpu: GPUInfo?

    enum CodingKeys: String, CodingKey {
        case litert, edgetpu, gpu
        case litertProblem = "litert_problem", edgetpuProblem = "edgetpu_problem"
    }

    /// Looks at everything; nothing here throws — a missing piece is reported as a problem.
    /// - Parameter runtimeProblem: Why `runtime` is nil, when finding it failed for another reason than absence.
    public static func probe(runtime: RuntimeLocation?, runtimeProblem: String? = nil, probeGPU: Bool = true) -> DeviceReport {
        var report = DeviceReport()
        if let runtime {
            do {
                let library = try runtime.load()
                let environment = try Environment(library: library, runtimeLibraryDirectory: runtime.directory)
                let accelerators = try environment.accelerators()
                report.litert = LiteRTInfo(path: runtime.path, version: runtime.version,
                                           accelerators: accelerators.map { "\($0.name) (\($0.hardware.names.joined(separator: "+")))" })
                var gpu = GPUInfo(acceleratorLibrary: runtime.gpuAcceleratorPath, registered: accelerators.contains { $0.hardware.contains(.gpu) },
                                  usable: false, adapter: nil, problem: nil,
                                  vulkanDriverFiles: ProcessInfo.processInfo.environment["VK_DRIVER_FILES"])
                if let problem = GPUBackend.unavailability(runtime: runtime, accelerators: accelerators) {
                    gpu.problem = problem
                } else if probeGPU {
                    probeAdapter(library: library, runtime: runtime, into: &gpu)
                    // The probe raised LiteRT's (process-wide) log level to read the adapter line; lower it again.
                    _ = try? Environment(library: library, logSeverity: .error)
                }
                report.gpu = gpu
            } catch {
                report.litertProblem = ErrorClassification.message(for: error)
            }
        } else {
            report.litertProblem = runtimeProblem ?? "LiteRT runtime not installed (run `edgebench runtime install`)"
        }
        do {
            report.edgetpu = try EdgeTPULibrary.locate().runtimeInfo()
        } catch {
            report.edgetpuProblem = ErrorClassification.message(for: error)
        }
        return report
    }

    /// Compiles a one-op float model (y = x + x) for the GPU only: it compiles exactly when an adapter is usable.
    private static func probeAdapter(library: LiteRTLibrary, runtime: RuntimeLocation, into gpu: inout GPUInfo) {
        do {
            let bytes = try probeModel()
            let environment = try Environment(library: library, runtimeLibraryDirectory: runtime.directory, logSeverity: .info)
            let model = try Model(bytes: bytes, name: "gpu-probe", environment: environment)
            let compiled = try CompiledModel(model: model, options: CompilationOptions(hardware: .gpu))
            gpu.usable = true
            gpu.adapter = adapterName(in: compiled.compileLog)
        } catch let LiteRTError.callFailed(_, _, _, log) {
            gpu.problem = GPUBackend.logSaysNoAdapter(log)
                ? GPUBackend.noAdapterProblem()
                : "the GPU accelerator could not compile a test model"
            gpu.adapter = adapterName(in: log)
        } catch {
            gpu.problem = ErrorClassification.message(for: error)
        }
    }

    static func adapterName(in log: String) -> String? {
        for line in log.split(separator: "\n") where line.localizedCaseInsensitiveContains("adapter") && !line.contains("No adapters") {
            if let range = line.range(of: "adapter:", options: .caseInsensitive) {
                return line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    static func probeModel() throws -> [UInt8] {
        let input = TFLiteWriter.Tensor(name: "x", type: .float32, shape: [1, 4])
        let output = TFLiteWriter.Tensor(name: "y", type: .float32, shape: [1, 4])
        let add = TFLiteWriter.Operator(.add, inputs: [0, 0], outputs: [1], options: .add(activation: .none))
        let subgraph = TFLiteWriter.Subgraph(tensors: [input, output], inputs: [0], outputs: [1], operators: [add])
        let model = TFLiteWriter.Model(description: "edgebench GPU probe", subgraphs: [subgraph],
                                       signatures: [.init(key: "serving_default", inputs: [.init(name: "x", tensorIndex: 0)], outputs: [.init(name: "y", tensorIndex: 1)])])
        return try TFLiteWriter.serialize(model)
    }
}
