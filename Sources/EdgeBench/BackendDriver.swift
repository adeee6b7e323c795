import Foundation
import LiteRT

/// What edgebench knows about one backend, in one place per backend (`Backend+CPU.swift`, `Backend+GPU.swift`,
/// `Backend+EdgeTPU.swift`): what it needs from the machine, how a model is compiled for it, how its failures
/// read to a user, and how its settings are described.
///
/// `Backend.driver` is the only place that switches on the closed `Backend` enum; everything else asks the driver.
public protocol BackendDriver: Sendable {
    /// The backend this driver describes.
    var backend: Backend { get }

    // MARK: Description

    /// A short human description of `settings`, e.g. "cpu xnnpack 2 threads", "gpu fp16", "edgetpu@usb:0".
    func summary(of settings: RunSettings) -> String
    /// The device part of a configuration's canonical text: "cpu", "gpu", or the Edge TPU selector ("usb:0", "edgetpu").
    func deviceText(for settings: RunSettings) -> String
    /// Where a model's operators run, for messages: "on the GPU", "on the CPU with builtin kernels".
    func placement(kernels: CPUKernels) -> String
    /// `settings` without the ones this backend ignores (GPU precision on the CPU, Edge TPU clock on the GPU…).
    func relevant(_ settings: RunSettings) -> RunSettings
    /// Whether results say how much of the model the accelerator took (fully or partially accelerated).
    var reportsAcceleration: Bool { get }

    // MARK: Environment needs

    /// Refuses a model this backend cannot run at all, before anything is loaded.
    /// - Throws: `EdgeBenchError.edgeTPUModelOnCPU` for a model compiled for the Edge TPU outside the Edge TPU backend.
    func checkModel(_ file: ModelFile) throws
    /// The custom operators (beyond the builtin resolver's) this backend provides with `kernels` on its CPU part.
    func providedCustomOperators(kernels: CPUKernels) -> Set<String>
    /// Creates the LiteRT environment this backend needs (an accelerator registered, a library found).
    /// - Throws: `EdgeBenchError.backendUnavailable` (exit 69) naming what is missing and what to do; `EdgeTPUError`.
    func makeEnvironment(settings: RunSettings, runtime: RuntimeLocation, library: LiteRTLibrary) throws -> Environment
    /// Notes worth showing about running `file` on this backend (e.g. nothing will be delegated to the Edge TPU).
    func notes(for file: ModelFile) -> [String]

    // MARK: Compilation

    /// The LiteRT compilation options for `settings`.
    func compilationOptions(for settings: RunSettings) -> CompilationOptions
    /// Compiles `model` in the environment `makeEnvironment` made.
    /// - Throws: The backend's diagnosis of the failure (see `diagnose(_:file:settings:)`).
    func compile(_ model: Model, options: CompilationOptions, settings: RunSettings, inputShapes: [Int: [Int]]) throws -> CompiledModel

    // MARK: Failure diagnosis

    /// Turns a runtime failure (at compilation or at the first run) of the model named `model` into the error
    /// the user reads, with its exit code.
    func diagnose(_ error: Error, model: String, settings: RunSettings) -> Error
    /// The settings to retry with after `error`, and the reason to announce and record, when this backend has a
    /// fallback rule for it (the CPU's XNNPACK → built-in kernels); nil when `error` stands.
    /// - Throws: A clearer error when the rule applies but cannot work (an operator only XNNPACK implements).
    func fallback(after error: Error, file: ModelFile, settings: RunSettings) throws -> (settings: RunSettings, reason: String)?

    // MARK: Running

    /// Whether a run must wait for the outputs to count as done (the GPU returns before the work is done).
    var runWaitsForOutputs: Bool { get }
}

extension BackendDriver {
    /// Accelerators report their coverage (the CPU has none to report: `CPUBackend` says false).
    public var reportsAcceleration: Bool { true }
    public var runWaitsForOutputs: Bool { false }
    public func notes(for file: ModelFile) -> [String] { [] }

    /// Edge TPU models run only on the Edge TPU backend.
    public func checkModel(_ file: ModelFile) throws {
        if file.edgeTPUSubgraphCount > 0 {
            throw EdgeBenchError.edgeTPUModelOnCPU(model: file.name, customOps: file.edgeTPUSubgraphCount)
        }
    }

    /// The XNNPACK delegate implements a few custom operators; the other CPU kernels do not.
    public func providedCustomOperators(kernels: CPUKernels) -> Set<String> {
        kernels == .xnnpack ? CustomOperatorSupport.xnnpackDelegateOperators : []
    }

    public func fallback(after error: Error, file: ModelFile, settings: RunSettings) throws -> (settings: RunSettings, reason: String)? { nil }

    /// The diagnosis every backend shares: XNNPACK (the CPU part's kernels) could not prepare a node.
    public func diagnose(_ error: Error, model: String, settings: RunSettings) -> Error {
        XNNPACKDiagnosis.explain(error, model: model)
    }

    /// Compiles in the environment as it is, diagnosing a failure.
    public func compile(_ model: Model, options: CompilationOptions, settings: RunSettings, inputShapes: [Int: [Int]]) throws -> CompiledModel {
        do {
            return try CompiledModel(model: model, options: options, inputShapes: inputShapes)
        } catch {
            throw diagnose(error, model: model.name, settings: settings)
        }
    }
}

/// Reads XNNPACK's "failed to prepare" line out of LiteRT's log.
enum XNNPACKDiagnosis {
    /// `EdgeBenchError.xnnpackCannotPrepare` when `error`'s log says XNNPACK could not prepare a node, else `error`.
    /// (LiteRT prepares every operator while allocating tensors: inside compilation, or at the first run.)
    static func explain(_ error: Error, model: String) -> Error {
        if case let LiteRTError.callFailed(_, _, _, log) = error, let detail = prepareFailure(in: log) {
            return EdgeBenchError.xnnpackCannotPrepare(model: model, detail: detail)
        }
        return error
    }

    /// The failing node when the log says XNNPACK could not prepare
    /// ("Node number 72 (TfLiteXNNPackDelegate) failed to prepare").
    static func prepareFailure(in log: String) -> String? {
        guard let line = log.split(separator: "\n").first(where: { $0.contains("TfLiteXNNPackDelegate") && $0.contains("failed to prepare") }) else {
            return nil
        }
        let text = line.replacingOccurrences(of: "ERROR: ", with: "").trimmingCharacters(in: .whitespaces)
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}
