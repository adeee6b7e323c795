import Foundation
import LiteRT

/// One thing to measure: a model on a backend with its settings.
public struct BenchConfiguration: Sendable, Hashable, Codable {
    public var modelPath: String
    public var settings: RunSettings

    public init(modelPath: String, settings: RunSettings) {
        self.modelPath = modelPath
        self.settings = settings
    }

    public var modelName: String { (modelPath as NSString).lastPathComponent }

    /// "model.tflite cpu xnnpack 2 threads".
    public var label: String { "\(modelName) \(settings.summary)" }

    /// Parses a configuration written as `MODEL[@DEVICE][:key=value,...]`.
    ///
    /// DEVICE is `cpu`, `gpu`, `edgetpu`, or an Edge TPU selector in pycoral's syntax (`usb`, `usb:0`,
    /// `pci`, `pci:0`, `:0`); the model is split from it on the last '@'. Options: `threads=N`,
    /// `kernels=xnnpack|builtin|reference`, `precision=fp32|fp16|mixed` and `fallback=true` (GPU).
    /// - Parameter defaults: Settings used where the text says nothing.
    /// - Throws: `EdgeBenchError.invalidConfiguration` naming what is wrong.
    public static func parse(_ text: String, defaults: RunSettings = RunSettings()) throws -> BenchConfiguration {
        // Trailing ":key=value" groups are options; what is left is MODEL[@DEVICE].
        var pieces = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var optionTexts: [String] = []
        while pieces.count > 1, let last = pieces.last, last.contains("=") {
            optionTexts.insert(last, at: 0)
            pieces.removeLast()
        }
        let head = pieces.joined(separator: ":")
        var settings = defaults
        var model = head
        if let at = head.lastIndex(of: "@") {
            model = String(head[..<at])
            let device = String(head[head.index(after: at)...])
            switch device {
            case "cpu": settings.backend = .cpu
            case "gpu": settings.backend = .gpu
            case "edgetpu", "": settings.backend = .edgetpu; settings.device = nil
            default:
                guard isEdgeTPUSelector(device) else {
                    throw EdgeBenchError.invalidConfiguration(text: text, detail: "unknown device '\(device)' (use cpu, gpu, edgetpu, usb, usb:N, pci, pci:N or :N)")
                }
                settings.backend = .edgetpu
                settings.device = device
            }
        }
        guard !model.isEmpty else { throw EdgeBenchError.invalidConfiguration(text: text, detail: "no model path") }
        for option in optionTexts.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw EdgeBenchError.invalidConfiguration(text: text, detail: "'\(option)' is not key=value") }
            let (key, value) = (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
            switch key {
            case "threads":
                guard let threads = Int(value), (1...256).contains(threads) else {
                    throw EdgeBenchError.invalidConfiguration(text: text, detail: "threads must be 1...256, not '\(value)'")
                }
                settings.threads = threads
            case "kernels":
                guard let kernels = CPUKernels(rawValue: value) else {
                    throw EdgeBenchError.invalidConfiguration(text: text, detail: "kernels must be xnnpack, builtin or reference, not '\(value)'")
                }
                settings.kernels = kernels
                settings.kernelsChosen = true
            case "precision":
                guard let precision = GPUPrecision(rawValue: value) else {
                    throw EdgeBenchError.invalidConfiguration(text: text, detail: "precision must be fp32, fp16 or mixed, not '\(value)'")
                }
                settings.gpuPrecision = precision
            case "fallback":
                settings.gpuFallback = ["1", "true", "yes"].contains(value.lowercased())
            case "backend":
                guard let backend = Backend(rawValue: value) else {
                    throw EdgeBenchError.invalidConfiguration(text: text, detail: "backend must be cpu, gpu or edgetpu, not '\(value)'")
                }
                settings.backend = backend
            default:
                throw EdgeBenchError.invalidConfiguration(text: text, detail: "unknown option '\(key)' (threads, kernels, precision, fallback, backend)")
            }
        }
        return BenchConfiguration(modelPath: model, settings: settings)
    }

    /// Resolves a model argument of `classify`/`run`: an existing file is taken as it is; otherwise
    /// `MODEL@DEVICE[:key=value]` is parsed as a configuration.
    public static func resolve(modelArgument text: String, defaults: RunSettings) throws -> BenchConfiguration {
        if FileManager.default.fileExists(atPath: text) { return BenchConfiguration(modelPath: text, settings: defaults) }
        return try parse(text, defaults: defaults)
    }

    static func isEdgeTPUSelector(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        let type = parts[0]
        guard ["usb", "pci", ""].contains(type) else { return false }
        if parts.count == 2 { return Int(parts[1]).map { $0 >= 0 } ?? false }
        return !type.isEmpty
    }

    /// Every combination of models × backends × threads × kernels (`edgebench bench`).
    public static func sweep(models: [String], backends: [Backend], threads: [Int?], kernels: [CPUKernels],
                             defaults: RunSettings = RunSettings()) throws -> [BenchConfiguration] {
        var result: [BenchConfiguration] = []
        for model in models {
            let base = try parse(model, defaults: defaults)
            let explicitBackend = model.contains("@") || model.contains("backend=")
            for backend in explicitBackend ? [base.settings.backend] : backends {
                for thread in threads {
                    for kernel in kernels {
                        var settings = base.settings
                        settings.backend = backend
                        if let thread { settings.threads = thread }
                        settings.kernels = kernel
                        let configuration = BenchConfiguration(modelPath: base.modelPath, settings: settings)
                        if !result.contains(configuration) { result.append(configuration) }
                    }
                }
            }
        }
        return result
    }
}
