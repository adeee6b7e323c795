import EdgeTPU
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

    /// Parses a configuration written as `MODEL[@DEVICE][:key=value,...]` (see `ConfigurationArgument.parse`).
    ///
    /// Keys the text gives win over `defaults`.
    /// - Throws: `EdgeBenchError.invalidConfiguration` or `SettingError` naming what is wrong.
    public static func parse(_ text: String, defaults: RunSettings = RunSettings()) throws -> BenchConfiguration {
        try ConfigurationArgument.parse(text).resolved(flags: ConfigurationFlags(), base: defaults)
    }

    /// Resolves a model argument of `classify`/`run`: an existing file is taken as it is; otherwise
    /// `MODEL@DEVICE[:key=value]` is parsed as a configuration.
    public static func resolve(modelArgument text: String, defaults: RunSettings) throws -> BenchConfiguration {
        try parse(text, defaults: defaults)
    }

    /// Every combination of models × backends × threads × kernels (`edgebench bench`).
    ///
    /// The sweep lists in `flags` apply only to what a model's configuration text does not fix; a fixed value
    /// that no explicit flag allows is a conflict.
    /// - Throws: `SettingError.conflict`, `EdgeBenchError.invalidConfiguration`.
    public static func sweep(models: [String], flags: ConfigurationFlags, base: RunSettings = RunSettings()) throws -> [BenchConfiguration] {
        var result: [BenchConfiguration] = []
        for model in models {
            for configuration in try ConfigurationArgument.parse(model).configurations(flags: flags, base: base)
            where !result.contains(configuration) {
                result.append(configuration)
            }
        }
        return result
    }
}

// MARK: - Canonical text

extension BenchConfiguration {
    /// `MODEL@DEVICE:k=v,...` with every setting that changes what is measured, keys in a fixed order, and `%`,
    /// `@`, `:` and `,` percent-encoded in the model path; `init(canonical:)` reads it back to an equal value.
    ///
    /// Threads are omitted when automatic (`RunSettings.effectiveThreads` decides); the device is always written.
    public var canonicalText: String {
        let device = settings.backend.driver.deviceText(for: settings)
        var keys: [String] = []
        if let threads = settings.threads { keys.append("threads=\(threads)") }
        keys.append("kernels=\(settings.kernels.rawValue)")
        if let precision = settings.gpuPrecision { keys.append("precision=\(precision.rawValue)") }
        if settings.gpuFallback { keys.append("fallback=true") }
        if let performance = settings.edgetpuPerformance { keys.append("performance=\(performance.rawValue)") }
        if let queue = settings.usbQueueLength { keys.append("usb_queue=\(queue)") }
        if settings.forceEdgeTPU { keys.append("force_edgetpu=true") }
        // Absent: the built-in kernels may take over when XNNPACK cannot prepare the model (kernels nobody chose).
        if settings.kernelsChosen { keys.append("kernel_fallback=false") }
        if !settings.inputShapes.isEmpty { keys.append("input_shape=" + InputShapeText.encode(settings.inputShapes)) }
        return Self.encodePath(modelPath) + "@" + device + ":" + keys.joined(separator: ",")
    }

    /// Reads `canonicalText` back; never looks at the filesystem.
    /// - Throws: `EdgeBenchError.invalidConfiguration` for text that is not canonical.
    public init(canonical text: String) throws {
        guard let at = text.firstIndex(of: "@") else {
            throw EdgeBenchError.invalidConfiguration(text: text, detail: "canonical text needs MODEL@DEVICE (an '@' in a path is written %40)")
        }
        let path = try Self.decodePath(String(text[..<at]), in: text)
        guard !path.isEmpty else { throw EdgeBenchError.invalidConfiguration(text: text, detail: "no model path") }
        let keys = try ConfigurationArgument.parseSuffix(String(text[at...]), in: text)
        var settings = keys.applied(to: RunSettings())
        // Canonical text always names the kernels; whether they may fall back is its own key (absent: they may).
        settings.kernelsChosen = !(keys.kernelFallback ?? true)
        self.init(modelPath: path, settings: settings)
    }

    static let encodedInPath: Set<Character> = ["%", "@", ":", ","]

    /// Percent-encodes the characters the configuration syntax uses (`% @ : ,`), nothing else.
    public static func encodePath(_ path: String) -> String {
        var text = ""
        for character in path {
            if encodedInPath.contains(character), let ascii = character.asciiValue {
                text += "%" + String(ascii, radix: 16, uppercase: true)  // all four are above 0x0F: two digits
            } else {
                text.append(character)
            }
        }
        return text
    }

    /// Undoes `encodePath` (any `%XX` is decoded; a `%` without two hex digits is refused).
    static func decodePath(_ text: String, in whole: String) throws -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            let hex = utf8.prefix(2)
            guard hex.count == 2, hex.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }),
                  let value = UInt8(String(decoding: hex, as: UTF8.self), radix: 16) else {
                throw EdgeBenchError.invalidConfiguration(text: whole, detail: "'%' in the model path must start %XX (a '%' itself is %25)")
            }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        guard let path = String(bytes: bytes, encoding: .utf8) else {
            throw EdgeBenchError.invalidConfiguration(text: whole, detail: "the decoded model path is not UTF-8")
        }
        return path
    }
}

// MARK: - What the user wrote

/// The settings a configuration's text fixes explicitly; nil means "not said", so defaults and flags fill it.
public struct ConfigurationKeys: Sendable, Hashable {
    public var backend: Backend?
    /// The Edge TPU chosen with `@usb`, `@pci:0`, …; only read when `backend` is `.edgetpu` (nil there: any).
    public var device: EdgeTPUDeviceSelector?
    public var threads: Int?
    public var kernels: CPUKernels?
    public var precision: GPUPrecision?
    public var fallback: Bool?
    public var performance: EdgeTPUPerformance?
    public var usbQueue: Int?
    public var forceEdgeTPU: Bool?
    /// `kernel_fallback=true|false`: whether the built-in kernels may take over when XNNPACK cannot prepare
    /// the model (nil: only when nobody chose the kernels).
    public var kernelFallback: Bool?
    /// `input_shape=SEL=D1xD2;SEL=…` (see `InputShapeText`).
    public var inputShapes: [InputShape]?

    public init() {}

    /// `settings` with every key given here replacing its value.
    public func applied(to settings: RunSettings) -> RunSettings {
        var result = settings
        if let backend {
            result.backend = backend
            result.device = backend == .edgetpu ? device : nil
        }
        if let threads { result.threads = threads }
        if let kernels { result.kernels = kernels }
        if let precision { result.gpuPrecision = precision }
        if let fallback { result.gpuFallback = fallback }
        if let performance { result.edgetpuPerformance = performance }
        if let usbQueue { result.usbQueueLength = usbQueue }
        if let forceEdgeTPU { result.forceEdgeTPU = forceEdgeTPU }
        if let kernelFallback { result.kernelsChosen = !kernelFallback }
        if let inputShapes { result.inputShapes = inputShapes }
        return result
    }
}

/// The runtime flags given explicitly on the command line; nil means "not given". The first three are lists
/// because `bench` sweeps them; the other commands take one value each.
public struct ConfigurationFlags: Sendable, Hashable {
    public var backends: [Backend]?
    public var threads: [Int]?
    public var kernels: [CPUKernels]?
    public var precision: GPUPrecision?
    /// `--gpu-fallback` (only `true` can be given).
    public var fallback: Bool?
    public var performance: EdgeTPUPerformance?
    public var usbQueue: Int?
    /// `--force-edgetpu` (only `true` can be given).
    public var forceEdgeTPU: Bool?
    /// `--input-shape` values; each applies to every model that has the input it names.
    public var inputShapes: [InputShape] = []

    public init(backends: [Backend]? = nil, threads: [Int]? = nil, kernels: [CPUKernels]? = nil, precision: GPUPrecision? = nil,
                fallback: Bool? = nil, performance: EdgeTPUPerformance? = nil, usbQueue: Int? = nil, forceEdgeTPU: Bool? = nil,
                inputShapes: [InputShape] = []) {
        self.inputShapes = inputShapes
        self.backends = backends
        self.threads = threads
        self.kernels = kernels
        self.precision = precision
        self.fallback = fallback
        self.performance = performance
        self.usbQueue = usbQueue
        self.forceEdgeTPU = forceEdgeTPU
    }
}

/// A configuration argument as written, `MODEL[@DEVICE][:key=value,...]`: the model and the keys it fixes.
public struct ConfigurationArgument: Sendable, Hashable {
    /// The text as given, for messages.
    public var text: String
    public var modelPath: String
    public var keys: ConfigurationKeys

    public init(text: String, modelPath: String, keys: ConfigurationKeys = ConfigurationKeys()) {
        self.text = text
        self.modelPath = modelPath
        self.keys = keys
    }

    /// Parses a configuration argument.
    ///
    /// An argument that names an existing file is that model, whatever it contains (`model@2x.tflite`). Otherwise
    /// the longest prefix that is an existing file and is followed by `@` or `:` is the model
    /// (`model@2x.tflite@gpu`); failing that, trailing `:key=value` groups are keys and the model is split from
    /// DEVICE at the last `@`. DEVICE is `cpu`, `gpu`, `edgetpu`, or an Edge TPU selector in pycoral's syntax
    /// (`usb`, `usb:0`, `pci`, `pci:0`, `:0`). Keys: `threads=N`, `kernels=xnnpack|builtin|reference`,
    /// `precision=fp32|fp16|mixed|default`, `fallback=true|false`, `performance=low|medium|high|max`,
    /// `usb_queue=N`, `force_edgetpu=true|false`, `kernel_fallback=true|false`, `input_shape=SEL=D1xD2x…[;SEL=…]`
    /// (see `InputShapeText`), `backend=cpu|gpu|edgetpu`.
    /// - Parameter isFile: Whether a path names an existing file (not a directory); the filesystem by default.
    /// - Throws: `EdgeBenchError.invalidConfiguration` or `SettingError` naming what is wrong.
    public static func parse(_ text: String, isFile: (String) -> Bool = ConfigurationArgument.isExistingFile) throws -> ConfigurationArgument {
        if isFile(text) { return ConfigurationArgument(text: text, modelPath: text) }
        let cuts = text.indices.filter { text[$0] == "@" || text[$0] == ":" }
        for cut in cuts.reversed() where cut > text.startIndex {
            let prefix = String(text[..<cut])
            guard isFile(prefix) else { continue }
            // The longest existing file decides; a mistake after it is reported as such.
            return ConfigurationArgument(text: text, modelPath: prefix, keys: try parseSuffix(String(text[cut...]), in: text))
        }
        let (head, options) = splitTrailingOptions(text)
        var model = head
        var suffix = options.isEmpty ? "" : ":" + options.joined(separator: ":")
        if let at = head.lastIndex(of: "@") {
            model = String(head[..<at])
            suffix = String(head[at...]) + suffix
        }
        guard !model.isEmpty else { throw EdgeBenchError.invalidConfiguration(text: text, detail: "no model path") }
        // Canonical text pasted from a result file: its percent-encoded path may name the file.
        if model.contains("%"), let decoded = try? BenchConfiguration.decodePath(model, in: text), isFile(decoded) { model = decoded }
        return ConfigurationArgument(text: text, modelPath: model, keys: try parseSuffix(suffix, in: text))
    }

    public static func isExistingFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return !path.isEmpty && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// The configurations this argument stands for: the key values where given, else the flags' (every
    /// combination of their lists), else `base`.
    /// - Throws: `SettingError.conflict` when an explicit flag contradicts a key of this argument.
    public func configurations(flags: ConfigurationFlags, base: RunSettings = RunSettings()) throws -> [BenchConfiguration] {
        try checkConflicts(with: flags)
        var common = base
        if let precision = flags.precision { common.gpuPrecision = precision }
        if let fallback = flags.fallback { common.gpuFallback = fallback }
        if let performance = flags.performance { common.edgetpuPerformance = performance }
        if let usbQueue = flags.usbQueue { common.usbQueueLength = usbQueue }
        if let force = flags.forceEdgeTPU { common.forceEdgeTPU = force }
        common = keys.applied(to: common)
        let backends = keys.backend.map { [$0] } ?? flags.backends ?? [common.backend]
        let threads: [Int?]
        if let fixed = keys.threads { threads = [fixed] } else if let swept = flags.threads { threads = swept.map(Optional.some) } else { threads = [common.threads] }
        let kernels = keys.kernels.map { [$0] } ?? flags.kernels ?? [common.kernels]
        var result: [BenchConfiguration] = []
        for backend in backends {
            for thread in threads {
                for kernel in kernels {
                    var settings = common
                    if keys.backend == nil {
                        settings.backend = backend
                        if backend != .edgetpu { settings.device = nil }
                    }
                    settings.threads = thread
                    settings.kernels = kernel
                    // Kernels nobody chose may fall back to builtin when XNNPACK cannot prepare the model.
                    settings.kernelsChosen = base.kernelsChosen || keys.kernels != nil || flags.kernels != nil
                    if let fallback = keys.kernelFallback { settings.kernelsChosen = !fallback }
                    // A configuration's own input_shape key wins; a flag that contradicts it was refused above.
                    if keys.inputShapes == nil, !flags.inputShapes.isEmpty { settings.inputShapes = flags.inputShapes }
                    let configuration = BenchConfiguration(modelPath: modelPath, settings: settings.relevantToBackend)
                    if !result.contains(configuration) { result.append(configuration) }
                }
            }
        }
        return result
    }

    /// The one configuration of a command that measures one (`classify`, `run`, `compare`).
    public func resolved(flags: ConfigurationFlags, base: RunSettings = RunSettings()) throws -> BenchConfiguration {
        let all = try configurations(flags: flags, base: base)
        guard all.count == 1, let only = all.first else {
            throw SettingError.notASingleValue(setting: "a runtime flag", list: text)
        }
        return only
    }

    /// Refuses an explicit flag whose values do not include the value a key of this argument fixes.
    func checkConflicts(with flags: ConfigurationFlags) throws {
        func check<T: Equatable>(_ key: T?, _ flag: [T]?, keyText: (T) -> String, flagName: String, flagText: ([T]) -> String) throws {
            guard let key, let flag, !flag.contains(key) else { return }
            let shown = flagText(flag)
            throw SettingError.conflict(flag: flagName + (shown.isEmpty ? "" : " " + shown), key: keyText(key), configuration: text)
        }
        func names<T: RawRepresentable>(_ values: [T]) -> String where T.RawValue == String { values.map(\.rawValue).joined(separator: ",") }
        let deviceText = keys.device.map { "@" + $0.description }
        try check(keys.backend, flags.backends, keyText: { deviceText ?? "@\($0.rawValue)" }, flagName: "--backend", flagText: names)
        try check(keys.threads, flags.threads, keyText: { "threads=\($0)" }, flagName: "--threads",
                  flagText: { $0.map(String.init).joined(separator: ",") })
        try check(keys.kernels, flags.kernels, keyText: { "kernels=\($0.rawValue)" }, flagName: "--kernels", flagText: names)
        try check(keys.precision, flags.precision.map { [$0] }, keyText: { "precision=\($0.rawValue)" }, flagName: "--gpu-precision", flagText: names)
        try check(keys.fallback, flags.fallback.map { [$0] }, keyText: { "fallback=\($0)" }, flagName: "--gpu-fallback", flagText: { _ in "" })
        try check(keys.performance, flags.performance.map { [$0] }, keyText: { "performance=\($0.rawValue)" },
                  flagName: "--edgetpu-performance", flagText: names)
        try check(keys.usbQueue, flags.usbQueue.map { [$0] }, keyText: { "usb_queue=\($0)" }, flagName: "--usb-queue",
                  flagText: { $0.map(String.init).joined(separator: ",") })
        try check(keys.forceEdgeTPU, flags.forceEdgeTPU.map { [$0] }, keyText: { "force_edgetpu=\($0)" }, flagName: "--force-edgetpu",
                  flagText: { _ in "" })
        try check(keys.inputShapes, flags.inputShapes.isEmpty ? nil : [flags.inputShapes], keyText: { "input_shape=" + InputShapeText.encode($0) },
                  flagName: "--input-shape", flagText: { $0.flatMap { $0 }.map(\.description).joined(separator: " --input-shape ") })
    }

    /// Trailing `:key=value` groups are keys; what is left is MODEL[@DEVICE].
    static func splitTrailingOptions(_ text: String) -> (head: String, options: [String]) {
        var pieces = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var options: [String] = []
        while pieces.count > 1, let last = pieces.last, last.contains("=") {
            options.insert(last, at: 0)
            pieces.removeLast()
        }
        return (pieces.joined(separator: ":"), options)
    }

    /// Parses what follows the model: `""`, `@DEVICE`, `:k=v,...` or `@DEVICE:k=v,...`.
    static func parseSuffix(_ suffix: String, in text: String) throws -> ConfigurationKeys {
        let (head, options) = splitTrailingOptions(suffix)
        var keys = ConfigurationKeys()
        if !head.isEmpty {
            guard head.hasPrefix("@") else {
                throw EdgeBenchError.invalidConfiguration(text: text, detail: "expected @DEVICE or :key=value after the model, not '\(head)'")
            }
            try parseDevice(String(head.dropFirst()), into: &keys, in: text)
        }
        let deviceBackend = keys.backend
        var seen: Set<String> = []
        func set(_ key: String, _ value: String) throws {
            switch key {
            case "threads": keys.threads = try SettingValue.threads(value, setting: "threads")
            case "kernels": keys.kernels = try SettingValue.named(value, as: CPUKernels.self, setting: "kernels")
            case "precision": keys.precision = try SettingValue.named(value, as: GPUPrecision.self, setting: "precision")
            case "fallback": keys.fallback = try SettingValue.boolean(value, setting: "fallback")
            case "performance": keys.performance = try SettingValue.named(value, as: EdgeTPUPerformance.self, setting: "performance")
            case "usb_queue": keys.usbQueue = try SettingValue.usbQueue(value, setting: "usb_queue")
            case "force_edgetpu": keys.forceEdgeTPU = try SettingValue.boolean(value, setting: "force_edgetpu")
            case "kernel_fallback": keys.kernelFallback = try SettingValue.boolean(value, setting: "kernel_fallback")
            case "input_shape": keys.inputShapes = try InputShapeText.decode(value, in: text)
            case "backend":
                let backend = try SettingValue.named(value, as: Backend.self, setting: "backend")
                if let deviceBackend, deviceBackend != backend {
                    throw EdgeBenchError.invalidConfiguration(text: text, detail: "backend=\(value) contradicts the device after '@'")
                }
                keys.backend = backend
            default:
                throw EdgeBenchError.invalidConfiguration(
                    text: text, detail: "unknown key '\(key)' (threads, kernels, precision, fallback, performance, usb_queue, force_edgetpu, kernel_fallback, input_shape, backend)")
            }
        }
        for option in options.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }) {
            let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else {
                throw EdgeBenchError.invalidConfiguration(text: text, detail: "'\(option)' is not key=value")
            }
            let (key, value) = (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
            guard seen.insert(key).inserted else {
                throw EdgeBenchError.invalidConfiguration(text: text, detail: "'\(key)' is given twice")
            }
            do { try set(key, value) } catch let error as SettingError {
                // The message names the whole argument, and the syntax, as well as the value.
                let detail = error.localizedDescription
                throw EdgeBenchError.invalidConfiguration(text: text, detail: detail.hasSuffix(".") ? String(detail.dropLast()) : detail)
            }
        }
        return keys
    }

    static func parseDevice(_ device: String, into keys: inout ConfigurationKeys, in text: String) throws {
        switch device {
        case "cpu": keys.backend = .cpu
        case "gpu": keys.backend = .gpu
        case "edgetpu", "": keys.backend = .edgetpu
        default:
            guard let selector = try? EdgeTPUDeviceSelector(parsing: device) else {
                throw EdgeBenchError.invalidConfiguration(text: text, detail: "unknown device '\(device)' (use cpu, gpu, edgetpu, usb, usb:N, pci, pci:N or :N)")
            }
            keys.backend = .edgetpu
            keys.device = selector == .any ? nil : selector
        }
    }
}
