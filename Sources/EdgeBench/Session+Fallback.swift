import Foundation
import LiteRT

/// A model opened for running under edgebench's one kernel-fallback rule, applied in the one place it is:
/// when the model compiles, and again at its first run (some delegates finish preparing only there).
///
/// When the backend's driver has a fallback for a failure (the CPU: XNNPACK cannot prepare the model and the
/// kernels were not chosen → the built-in kernels, 1 thread unless threads were given), the model is compiled
/// again with those settings, the reason is announced through `notice` and recorded in the session's
/// `kernelFallback`, and inputs already written are carried over. Chosen kernels never change.
///
/// Every command that runs a model (classify, run, bench, compare, demo, accuracy) and the library's
/// `Interpreter` open models through it. Not thread-safe: it owns a `Session`.
public final class ModelRunner {
    /// The session that runs the model: the fallback's after a fallback.
    public private(set) var session: Session
    /// How many times the model was compiled: 1, or 2 after a fallback. Running never compiles.
    public private(set) var compilationCount: Int
    /// Whether the first run happened.
    public private(set) var hasRun = false
    private let notice: (String) -> Void

    /// Loads the runtime and the model and compiles it, applying the fallback rule to a failed compilation.
    /// - Parameters:
    ///   - runtime: The LiteRT runtime; nil finds the installed one.
    ///   - notice: Receives the fallback's announcement when it happens.
    /// - Throws: As `Session.init`, or the clearer error when the fallback cannot work.
    public init(file: ModelFile, settings: RunSettings, runtime: RuntimeLocation?, notice: @escaping (String) -> Void = { _ in }) throws {
        self.notice = notice
        do {
            session = try Session(file: file, settings: settings, runtime: runtime)
            compilationCount = 1
        } catch {
            guard let retry = try Session.fallbackSession(after: error, file: file, settings: settings, runtime: runtime,
                                                          notice: notice) else { throw error }
            session = retry
            compilationCount = 2
        }
    }

    /// Runs the model once on its current inputs and returns how long the run took, timed by the one rule
    /// (`Session.timedRun()`: on the GPU, run + output read). The first run applies the fallback rule again.
    /// - Throws: The runtime's failure as the backend's driver diagnoses it; `LiteRTError.sessionEnded` after a failed run.
    public func run() throws -> Duration {
        let clock = ContinuousClock()
        guard !hasRun else {
            let start = clock.now
            try session.timedRun()
            return clock.now - start
        }
        var start = clock.now
        do {
            try session.firstRun()
        } catch {
            guard let retry = try Session.fallbackSession(after: error, file: session.file, settings: session.settings,
                                                          runtime: session.runtime, notice: notice) else { throw error }
            compilationCount += 1
            // Carry over what the caller already wrote.
            for (old, new) in zip(session.compiled.inputs, retry.compiled.inputs) {
                try old.withBytes { try new.write($0) }
            }
            session = retry
            start = clock.now
            try session.firstRun()
        }
        hasRun = true
        return clock.now - start
    }
}
