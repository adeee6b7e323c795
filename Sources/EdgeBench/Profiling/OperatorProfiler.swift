import Foundation
import LiteRT
import ModelFormat
import Results

/// Runs the separate profiled pass of one configuration: a second compiled model with LiteRT's profiler on
/// (the measured one never has it, so latency figures carry none of its cost), one warm-up run, then `runs`
/// profiled runs in batches (the runtime's event buffer has a fixed size and drops events when full).
public enum OperatorProfiler {
    /// Profiled runs per batch: far below the buffer's capacity (about 7,000 MobileNet runs).
    static let batchSize = 50

    /// Profiles `settings` on `file` with the given input bytes.
    /// - Parameters:
    ///   - settings: The settings the configuration was measured with (after any kernel fallback).
    ///   - inputs: Bytes for each input, as the measurement used.
    ///   - runs: Profiled runs (1 or more).
    /// - Returns: The profile.
    /// - Throws: `ProfilingError.profilerUnavailable` when the runtime gives no profiler; the session's errors.
    public static func profile(file: ModelFile, settings: RunSettings, runtime: RuntimeLocation?, inputs: [[UInt8]], runs: Int) throws -> OperatorProfile {
        let session = try Session(file: file, settings: settings, runtime: runtime, profiling: true)
        for (buffer, bytes) in zip(session.compiled.inputs, inputs) { try bytes.withUnsafeBytes { try buffer.write($0) } }
        guard let profiler = try session.compiled.profiler() else {
            throw ProfilingError.profilerUnavailable(model: file.name, reason: "LiteRT compiled it without a profiler")
        }
        try session.firstRun()
        let clock = ContinuousClock()
        var events: [ProfilerEvent] = []
        var wall: [Double] = []
        var remaining = max(runs, 1)
        while remaining > 0 {
            let batch = min(remaining, batchSize)
            // Start clears the buffer; events are read after each batch.
            try profiler.start()
            for _ in 0..<batch {
                let start = clock.now
                try session.timedRun()
                wall.append((clock.now - start).milliseconds)
            }
            try profiler.stop()
            events += try profiler.events()
            try profiler.reset()
            remaining -= batch
        }
        return OperatorProfile(events: events, runs: wall.count, wallMs: wall, model: file.format, backend: settings.backend)
    }
}

/// Why a configuration could not be profiled.
public enum ProfilingError: Error, Equatable, LocalizedError, ExitStatusProviding {
    /// The compiled model has no profiler although profiling was requested.
    case profilerUnavailable(model: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .profilerUnavailable(model, reason):
            return "cannot profile \(model): \(reason). Run without --profile, or check that the runtime is LiteRT 2.3.0 (`edgebench runtime`)."
        }
    }

    public var exitStatus: ExitStatus { .unavailable }
}
