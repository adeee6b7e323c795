import Foundation
import LiteRT
import Results

/// A model compiled for one backend and ready to run, with the timings of getting there.
///
/// Not thread-safe (it owns a `CompiledModel`), so not `Sendable`.
public final class Session {
    public let file: ModelFile
    public let runtime: RuntimeLocation
    public let settings: RunSettings
    public let compiled: CompiledModel
    public let phases: PhaseTimings
    /// The phases of `phases` as durations: loading the runtime and making the backend's environment,
    /// loading the model, compiling it.
    public let runtimeLoadDuration: Duration, modelLoadDuration: Duration, compileDuration: Duration
    /// Notes about this session worth showing (e.g. nothing will be delegated to the Edge TPU).
    public private(set) var notes: [String]
    /// Set when the built-in kernels replaced XNNPACK because it could not prepare the model
    /// (the kernels were not chosen): the reason, recorded in results.
    public private(set) var kernelFallback: String?
    /// The process's resident memory at each phase of getting ready (`/proc/self/status`).
    public private(set) var memory: MemoryPhases
    /// The backend's timing rule, read once: whether a run waits for the outputs (the GPU).
    private let runWaitsForOutputs: Bool

    /// Loads the runtime, the model and compiles it.
    /// - Parameter profiling: Compile with LiteRT's per-operator profiler on (`compiled.profiler()`); only for
    ///   a profiled pass, never for a timed one.
    /// - Throws: `EdgeBenchError` (runtime missing, Edge TPU model on CPU, backend unavailable, XNNPACK cannot
    ///   prepare the model), `EdgeTPUError`, `LiteRTError` from the runtime (each as the backend's driver diagnoses it).
    public init(file: ModelFile, settings: RunSettings, runtime: RuntimeLocation? = nil, profiling: Bool = false) throws {
        let driver = settings.backend.driver
        try driver.checkModel(file)
        // LiteRT accepts a model whose custom operators it lacks and fails only at the first run, unnamed.
        try CustomOperatorSupport.check(file, settings: settings)
        let clock = ContinuousClock()
        let start = clock.now
        let runtime = try runtime ?? RuntimeLocation.find()
        var memory = MemoryPhases(beforeLoad: ProcessMemory.read())
        let library = try runtime.load()
        let environment = try driver.makeEnvironment(settings: settings, runtime: runtime, library: library)
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
        var options = driver.compilationOptions(for: settings)
        options.profiling = profiling
        // LiteRT prepares every op while allocating tensors, inside compilation here: the driver diagnoses a failure.
        compiled = try driver.compile(model, options: options, settings: settings, inputShapes: shapes.resize)
        let done = clock.now
        memory.afterCompile = ProcessMemory.read()
        self.memory = memory
        self.file = file
        self.runtime = runtime
        self.settings = settings
        runWaitsForOutputs = driver.runWaitsForOutputs
        notes = shapes.notes + driver.notes(for: file)
        runtimeLoadDuration = loaded - start
        modelLoadDuration = modelLoaded - loaded
        compileDuration = done - modelLoaded
        phases = PhaseTimings(runtimeLoadMs: runtimeLoadDuration.milliseconds, modelLoadMs: modelLoadDuration.milliseconds,
                              compileMs: compileDuration.milliseconds)
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
    /// - Throws: The runtime's failure as the backend's driver diagnoses it (`EdgeBenchError.xnnpackCannotPrepare`, …).
    public func firstRun() throws {
        do {
            try compiled.runCapturingLog()
            try waitForOutputs()
            if memory.afterFirstRun == nil { memory.afterFirstRun = ProcessMemory.read() }
        } catch {
            throw settings.backend.driver.diagnose(error, model: file.name, settings: settings)
        }
    }

    private func waitForOutputs() throws {
        guard runWaitsForOutputs, let output = compiled.outputs.first else { return }
        _ = try output.withBytes { $0.first }
    }

    /// Opens a session and runs it once under edgebench's one kernel-fallback rule (`ModelRunner`).
    /// - Parameter prepareInputs: Fills the inputs before the first run.
    /// - Returns: The session, already past its first run, and the first run's duration.
    public static func openRunningFirst(file: ModelFile, settings: RunSettings, runtime: RuntimeLocation?,
                                        prepareInputs: (Session) throws -> Void, notice: (String) -> Void) throws -> (Session, Duration) {
        try withoutActuallyEscaping(notice) { notice in
            // The runner does not outlive this call: only the session is returned.
            let runner = try ModelRunner(file: file, settings: settings, runtime: runtime, notice: notice)
            try prepareInputs(runner.session)
            let firstRun = try runner.run()
            return (runner.session, firstRun)
        }
    }

    /// After `error`, a new session with the settings the backend's fallback rule gives (the CPU: XNNPACK → built-in
    /// kernels), announced through `notice` and recorded in `kernelFallback`.
    /// - Returns: The new session (not yet run), or nil when the rule does not apply and `error` stands.
    /// - Throws: A clearer error when the rule applies but cannot work (`EdgeBenchError.xnnpackCannotPrepareRequiredOperators`).
    static func fallbackSession(after error: Error, file: ModelFile, settings: RunSettings, runtime: RuntimeLocation?,
                                notice: (String) -> Void) throws -> Session? {
        guard let fallback = try settings.backend.driver.fallback(after: error, file: file, settings: settings) else { return nil }
        notice(fallback.reason)
        let retry = try Session(file: file, settings: fallback.settings, runtime: runtime)
        retry.kernelFallback = fallback.reason
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
