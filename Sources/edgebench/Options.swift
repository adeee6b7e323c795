import ArgumentParser
import EdgeBench
import EdgeTPU
import LiteRT
import Presentation

extension CPUKernels: ExpressibleByArgument {}
extension Backend: ExpressibleByArgument {}
extension GPUPrecision: ExpressibleByArgument {}

/// `--format` on every command that reports (`table` is accepted for `text`, as `OutputFormat(argument:)` says).
extension OutputFormat: ExpressibleByArgument {}

extension OutputFormat {
    /// Refuses (exit 64) a format that this command does not write.
    /// - Throws: `ValidationError` naming the command and the formats it writes.
    func require(_ supported: [OutputFormat], command: String) throws {
        guard supported.contains(self) else {
            throw ValidationError("\(command) writes \(OutputFormat.alternatives(supported)), not \(rawValue) (--format).")
        }
    }
}

/// Flags shared by every command that runs a model.
///
/// Values are kept as written and parsed by `SettingValue` (the one check of each range, shared with configuration
/// keys); nil means "not given", so keys on a configuration fill it and an explicit flag that contradicts a key is
/// refused. `--backend`, `--threads` and `--kernels` take comma-separated lists in `bench` (a sweep); the commands
/// that run one configuration call `requireSingleValues()`.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "Where to run: \(Backend.allCases.map(\.rawValue).joined(separator: ", ")) (default: cpu; bench: a comma-separated sweep).")
    var backend: String?

    @Option(parsing: .unconditional, help: "CPU threads, \(SettingValue.threadRange.lowerBound)...\(SettingValue.threadRange.upperBound) (default: all cores up to 4 with xnnpack, 1 with builtin/reference; bench: a list, e.g. 1,2).")
    var threads: String?

    @Option(help: "CPU kernels: xnnpack (fast, default), builtin (TFLite's optimized kernels) or reference (slow, simple); bench: a list.")
    var kernels: String?

    @Option(name: .customLong("gpu-precision"), help: "GPU arithmetic: fp32, fp16 or mixed (fp16 with fp32 accumulation); default: the accelerator's (fp16).")
    var gpuPrecision: String?

    @Flag(name: .customLong("gpu-fallback"), help: "Run ops the GPU cannot run on the CPU instead of failing (GPU backend).")
    var gpuFallback = false

    @Option(name: .customLong("edgetpu-performance"), help: "Edge TPU clock: low, medium, high or max (libedgetpu's Performance option).")
    var edgetpuPerformance: String?

    @Option(name: .customLong("usb-queue"), parsing: .unconditional, help: "Edge TPU USB bulk-in queue length (Usb.MaxBulkInQueueLength, \(SettingValue.usbQueueRange.lowerBound)...\(SettingValue.usbQueueRange.upperBound)).")
    var usbQueue: String?

    @Flag(name: .customLong("force-edgetpu"), help: "Use a libedgetpu whose pairing with LiteRT 2.3.0 edgebench cannot classify (risk of crashes; see the README).")
    var forceEdgeTPU = false

    @Option(name: .customLong("input-shape"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Give an input a concrete shape, NAME_OR_INDEX=D1,D2,... (repeatable); a dynamic (-1) dimension left unset becomes 1.",
                               valueName: "name-or-index=dims"))
    var inputShape: [String] = []

    func validate() throws {
        do { _ = try flags() } catch { throw ValidationError(error.localizedDescription) }
        for text in inputShape {
            do { _ = try InputShape.parse(text) } catch { throw ValidationError(error.localizedDescription) }
        }
    }

    /// The flags as typed values, each checked by its domain; lists as given (bench sweeps them).
    /// - Throws: `SettingError` naming the flag and the allowed values.
    func flags() throws -> ConfigurationFlags {
        ConfigurationFlags(
            backends: try backend.map { try SettingValue.list($0, setting: "--backend") { try SettingValue.named($0, as: Backend.self, setting: "--backend") } },
            threads: try threads.map { try SettingValue.list($0, setting: "--threads") { try SettingValue.threads($0, setting: "--threads") } },
            kernels: try kernels.map { try SettingValue.list($0, setting: "--kernels") { try SettingValue.named($0, as: CPUKernels.self, setting: "--kernels") } },
            precision: try gpuPrecision.map { try SettingValue.named($0, as: GPUPrecision.self, setting: "--gpu-precision") },
            fallback: gpuFallback ? true : nil,
            performance: try edgetpuPerformance.map { try SettingValue.named($0, as: EdgeTPUPerformance.self, setting: "--edgetpu-performance") },
            usbQueue: try usbQueue.map { try SettingValue.usbQueue($0, setting: "--usb-queue") },
            forceEdgeTPU: forceEdgeTPU ? true : nil,
            inputShapes: try inputShape.map(InputShape.parse))
    }

    /// Refuses lists in `--backend`, `--threads` and `--kernels` (for the commands that run one configuration).
    func requireSingleValues() throws {
        do {
            let given = try flags()
            _ = try SettingValue.single(given.backends, text: backend, setting: "--backend")
            _ = try SettingValue.single(given.threads, text: threads, setting: "--threads")
            _ = try SettingValue.single(given.kernels, text: kernels, setting: "--kernels")
        } catch {
            throw ValidationError(error.localizedDescription)
        }
    }

    /// The settings the flags alone give (validated already, so parsing cannot fail here).
    var settings: RunSettings {
        let given = (try? flags()) ?? ConfigurationFlags()
        var settings = RunSettings(backend: given.backends?.first ?? .cpu, threads: given.threads?.first, kernels: given.kernels?.first ?? .xnnpack,
                                   gpuPrecision: given.precision, gpuFallback: gpuFallback, edgetpuPerformance: given.performance,
                                   usbQueueLength: given.usbQueue, forceEdgeTPU: forceEdgeTPU)
        // Without --kernels, a model XNNPACK cannot prepare falls back to builtin.
        settings.kernelsChosen = given.kernels != nil
        settings.inputShapes = given.inputShapes
        return settings
    }

    /// Resolves the one configuration of `classify`/`run`: keys on the argument win over defaults, and a flag
    /// that contradicts one is a usage error.
    func configuration(for argument: String) throws -> BenchConfiguration {
        let parsed = try ConfigurationArgument.parse(argument)
        let configuration = try parsed.resolved(flags: try flags())
        return configuration
    }


    /// Finds the runtime, installing it with a one-line notice when missing.
    func runtime() throws -> RuntimeLocation {
        try RuntimeLocation.findOrInstall { Terminal.notice($0) }
    }
}
