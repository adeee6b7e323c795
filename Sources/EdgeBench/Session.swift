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
/// Not thread-safe (it owns a `CompiledModel`).
public final class Session: @unchecked Sendable {
    public let file: ModelFile
    public let runtime: RuntimeLocation
    public let settings: RunSettings
    public let compiled: CompiledModel
    public let phases: PhaseTimings

    /// Loads the runtime, the model and compiles it.
    /// - Throws: `EdgeBenchError` (runtime missing, Edge TPU model on CPU), `LiteRTError` from the runtime.
    public init(file: ModelFile, settings: RunSettings, runtime: RuntimeLocation? = nil) throws {
        if settings.backend != .edgetpu && file.edgeTPUSubgraphCount > 0 {
            throw EdgeBenchError.edgeTPUModelOnCPU(model: file.name, customOps: file.edgeTPUSubgraphCount)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let runtime = try runtime ?? RuntimeLocation.find()
        let library = try runtime.load()
        let environment = try BackendEnvironment.make(for: settings, runtime: runtime, library: library)
        let loaded = clock.now
        let model = try Model(bytes: file.bytes, name: file.name, environment: environment)
        let modelLoaded = clock.now
        compiled = try BackendEnvironment.compile(model, settings: settings, runtime: runtime)
        let done = clock.now
        self.file = file
        self.runtime = runtime
        self.settings = settings
        phases = PhaseTimings(runtimeLoadMs: (loaded - start).milliseconds,
                              modelLoadMs: (modelLoaded - loaded).milliseconds,
                              compileMs: (done - modelLoaded).milliseconds)
    }

    public var model: Model { compiled.model }

    /// Runs `count` times and returns each run's duration; the first run captures the runtime's log
    /// so that a failure there (LiteRT prepares ops on the first run) explains itself.
    public func timedRuns(_ count: Int) throws -> [Duration] {
        let clock = ContinuousClock()
        var timings: [Duration] = []
        timings.reserveCapacity(count)
        for index in 0..<count {
            let start = clock.now
            if index == 0 { try compiled.runCapturingLog() } else { try compiled.run() }
            timings.append(clock.now - start)
        }
        return timings
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
