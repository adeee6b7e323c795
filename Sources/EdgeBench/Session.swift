import Foundation
import LiteRT

/// How long each phase of getting a model ready took, in milliseconds.
public struct PhaseTimings: Sendable, Codable, Equatable {
    public var runtimeLoadMs: Double
    public var modelLoadMs: Double
    public var compileMs: Double

    enum CodingKeys: String, CodingKey {
        case runtimeLoadMs = "runtime_load_ms", modelLoadMs = "model_load_ms", compileMs = "compile_ms"
    }
}

/// A model compiled for one backend and ready to run, with the timings of getting there.
///
/// Not thread-safe (it owns a `CompiledModel`), so not `Sendable`.
public final class Session {
    public let file: ModelFile
    public let runtime: RuntimeLocation
    public let settings: RunSettings
    public let compiled: CompiledModel
    public let phases: PhaseTimings
    /// Notes about this session worth showing (e.g. nothing will be delegated to the Edge TPU).
    public private(set) var notes: [String]
    /// Set when the built-in kernels replaced XNNPACK because it could not prepare the model
    /// (the kernels were not chosen): the reason, recorded in results.
    public private(set) var kernelFallback: String?
    /// The process's resident memory at each phase of getting ready (`/proc/self/status`).
    public private(set) var memory: MemoryPhases

    /// Loads the runtime, the model and compiles it.
    /// - Parameter profiling: Compile with LiteRT's per-operator profiler on (`compiled.profiler()`); only for
    ///   a profiled pass, never for a timed one.
    /// - Throws: `EdgeBenchError` (runtime missing, Edge TPU model on CPU), `LiteRTError` from the runtime.
    public init(file: ModelFile, settings: RunSettings, runtime: RuntimeLocation? = nil, profiling: Bool = false) throws {
        if settings.backend != .edgetpu && file.edgeTPUSubgraphCount > 0 {
            throw EdgeBenchError.edgeTPUModelOnCPU(model: file.name, customOps: file.edgeTPUSubgraphCount)
        }
        // LiteRT accepts a model whose custom operators it lacks and fails only at the first run, unnamed.
        try CustomOperatorSupport.check(file, settings: settings)
        let clock = ContinuousClock()
        let start = clock.now
        let runtime = try runtime ?? RuntimeLocation.find()
        var memory = MemoryPhases(beforeLoad: ProcessMemory.read())
        let library = try runtime.load()
        let environment = try BackendEnvironment.make(for: settings, runtime: runtime, library: library)
        let loaded = clock.now
        let model: Model
        do {
            model = try Model(bytes: file.bytes, name: file.name, environment: environment)
        } catch let LiteRTError.callFailed(_, _, _, log) where log.contains("Variable tensors not yet supported") {
            throw EdgeBenchError.unsupportedModel(model: file.name,
                detail: "it keeps state in variable tensors (a stateful LSTM/RNN), which LiteRT's CompiledModel API does not support yet")
        }
        let modelLoaded = clock.now
        memory.afterModelLoad = ProcessMemory.read()
        let shapes = try InputShapePlan(inputs: model.inputs, overrides: settings.inputShapes, model: file.name)
        do {
            compiled = try BackendEnvironment.compile(model, settings: settings, runtime: runtime, inputShapes: shapes.resize, profiling: profiling)
        } catch let error as LiteRTError {
            // LiteRT prepares every op while allocating tensors, inside compilation here.
            if case let .callFailed(_, _, _, log) = error, let detail = Session.xnnpackPrepareFailure(in: log) {
                throw EdgeBenchError.xnnpackCannotPrepare(model: file.name, detail: detail)
            }
            throw error
        }
        let done = clock.now
        memory.afterCompile = ProcessMemory.read()
        self.memory = memory
        self.file = file
        self.runtime = runtime
        self.settings = settings
        var notes = shapes.notes
        if settings.backend == .edgetpu && file.edgeTPUSubgraphCount == 0 {
            notes.append("\(file.name) is not compiled for the Edge TPU (no edgetpu-custom-op): nothing will be delegated; every op runs on the CPU. Compile it with the Edge TPU Compiler, or use its _edgetpu.tflite build.")
        }
        self.notes = notes
        phases = PhaseTimings(runtimeLoadMs: (loaded - start).milliseconds,
                              modelLoadMs: (modelLoaded - loaded).milliseconds,
                              compileMs: (done - modelLoaded).milliseconds)
    }

    public var model: Model { compiled.model }

    /// Runs `count` times and returns each run's duration, each timed by `timedRun()`'s rule; the
    /// first run captures the runtime's log so that a failure there explains itself.
    /// - Throws: `EdgeBenchError.xnnpackCannotPrepare` when XNNPACK rejects the model, else the runtime's error.
    public func timedRuns(_ count: Int, includingFirst: Bool = true) throws -> [Duration] {
        let clock = ContinuousClock()
        var timings: [Duration] = []
        timings.reserveCapacity(count)
        for index in 0..<count {
            let start = clock.now
            if index == 0 && includingFirst { try firstRun() } else { try timedRun() }
            timings.append(clock.now - start)
        }
        return timings
    }

    /// One run as every command times it: on the GPU, LiteRT returns before the work is done and
    /// reading an output waits for it, so a GPU run is run + output read; CPU and Edge TPU runs are
    /// synchronous.
    public func timedRun() throws {
        try compiled.run()
        try waitForOutputs()
    }

    /// The first run, where delegates finish preparing (timed like `timedRun()`).
    public func firstRun() throws {
        do {
            try compiled.runCapturingLog()
            try waitForOutputs()
            if memory.afterFirstRun == nil { memory.afterFirstRun = ProcessMemory.read() }
        } catch let error as LiteRTError {
            if case let .callFailed(_, _, _, log) = error, let detail = Session.xnnpackPrepareFailure(in: log) {
                throw EdgeBenchError.xnnpackCannotPrepare(model: file.name, detail: detail)
            }
            throw error
        }
    }

    private func waitForOutputs() throws {
        guard settings.backend == .gpu, let output = compiled.outputs.first else { return }
        _ = try output.withBytes { $0.first }
    }

    /// The failing node when the log says XNNPACK could not prepare
    /// ("Node number 72 (TfLiteXNNPackDelegate) failed to prepare").
    static func xnnpackPrepareFailure(in log: String) -> String? {
        guard let line = log.split(separator: "\n").first(where: { $0.contains("TfLiteXNNPackDelegate") && $0.contains("failed to prepare") }) else {
            return nil
        }
        let text = line.replacingOccurrences(of: "ERROR: ", with: "").trimmingCharacters(in: .whitespaces)
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    /// Opens a session and runs it once, applying edgebench's one kernel-fallback rule: when XNNPACK
    /// cannot prepare the model and the kernels were not chosen (`settings.kernelsChosen`), the
    /// built-in kernels (1 thread unless threads were given) take over, announced through `notice`
    /// and recorded in `kernelFallback`. Chosen kernels never change: the clear error is thrown.
    /// - Parameter prepareInputs: Fills the inputs before the first run.
    /// - Returns: The session, already past its first run, and the first run's duration.
    public static func openRunningFirst(file: ModelFile, settings: RunSettings, runtime: RuntimeLocation?,
                                        prepareInputs: (Session) throws -> Void, notice: (String) -> Void) throws -> (Session, Duration) {
        let clock = ContinuousClock()
        do {
            let session = try Session(file: file, settings: settings, runtime: runtime)
            try prepareInputs(session)
            let start = clock.now
            try session.firstRun()
            return (session, clock.now - start)
        } catch {
            guard let retry = try fallbackSession(after: error, file: file, settings: settings, runtime: runtime, notice: notice) else { throw error }
            try prepareInputs(retry)
            let again = clock.now
            try retry.firstRun()
            return (retry, clock.now - again)
        }
    }

    /// The kernel-fallback rule of `openRunningFirst`, for callers that run first later (the library's
    /// `Interpreter`): after a first run failed with `error`, a new session on the built-in kernels when
    /// the rule applies, announced through `notice` and recorded in `kernelFallback`.
    /// - Returns: The new session (not yet run), or nil when the rule does not apply and `error` stands.
    /// - Throws: A clearer `EdgeBenchError.xnnpackCannotPrepare` when only XNNPACK implements an op of the model.
    public static func fallbackSession(after error: Error, file: ModelFile, settings: RunSettings, runtime: RuntimeLocation?,
                                       notice: (String) -> Void) throws -> Session? {
        guard case let EdgeBenchError.xnnpackCannotPrepare(model, detail) = error,
              !settings.kernelsChosen, settings.kernels == .xnnpack, settings.backend == .cpu else { return nil }
        // The built-in kernels cannot take over a model that needs an op only XNNPACK implements.
        let xnnpackOnly = CustomOperatorSupport.operatorsRequiringXNNPACK(in: file.format)
        if !xnnpackOnly.isEmpty {
            throw EdgeBenchError.xnnpackCannotPrepare(model: model, detail: detail
                + "; the built-in kernels cannot stand in, because \(xnnpackOnly.map(\.name).joined(separator: ", ")) is implemented only by XNNPACK (or the GPU: try --backend gpu)")
        }
        let reason = "XNNPACK cannot prepare \(model) (\(detail)); falling back to --kernels builtin"
        notice(reason)
        var fallback = settings
        fallback.kernels = .builtin
        fallback.threads = settings.threads ?? 1
        let retry = try Session(file: file, settings: fallback, runtime: runtime)
        retry.kernelFallback = reason
        return retry
    }

    /// The dequantized values of output `index`.
    public func outputValues(_ index: Int = 0) throws -> [Double] {
        guard compiled.outputs.indices.contains(index) else {
            throw LiteRTError.invalidTensorIndex(index: index, count: compiled.outputs.count)
        }
        let buffer = compiled.outputs[index]
        guard let values = try buffer.withBytes({ TensorCoding.decode($0, as: buffer.info) }) else {
            throw EdgeBenchError.unsupportedOutput(model: file.name, detail: "output '\(buffer.info.name)' is \(buffer.info.elementType)")
        }
        return values
    }
}

extension Duration {
    /// The duration in milliseconds as a floating-point number.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
