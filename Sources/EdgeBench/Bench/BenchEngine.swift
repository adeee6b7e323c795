import Benchmarking
import Crypto
import Foundation
import LiteRT
import Results

/// Options of one benchmark run.
public struct BenchOptions: Sendable {
    public var warmup = 10
    public var runs = 50
    public var minTime = 1.0
    public var maxTime: Double?
    /// Stop once every median's 95% CI half-width is under this fraction (adaptive mode).
    public var targetRelativeCI: Double?
    public var input: BenchInput = .random
    /// Time decode → resize → quantize → run → dequantize → top-k per iteration (needs image input).
    public var endToEnd = false
    /// Inputs used to check output agreement against the baseline (nil: the measured input).
    public var agreementInput: BenchInput?
    /// Profiled runs per configuration in a separate pass after the measurement (`--profile`); nil: no profile.
    public var profileRuns: Int?

    public init() {}
}

/// Measures configurations side by side: each is loaded and compiled once (phases timed), run once
/// (first run), warmed up, then all are measured interleaved in rounds; outputs are compared with
/// the first configuration's; traps are reported.
public final class BenchEngine {
    public let options: BenchOptions
    public var shouldStop: () -> Bool = { false }
    public var progress: (String) -> Void = { _ in }

    public init(options: BenchOptions) {
        self.options = options
    }

    private struct Prepared {
        var configuration: BenchConfiguration
        var session: Session
        var firstRunMs: Double
        var warmupMs: Double
        var body: () throws -> Void
        var sha256: String
    }

    /// `shouldStop` became true before the first steady-state round: there is nothing to report.
    public struct StoppedBeforeMeasuring: Error, Equatable {}

    /// Runs the benchmark.
    /// - Throws: the configuration's own error when the only configuration cannot run;
    ///   `EdgeBenchError.nothingToMeasure` when none of several can (with each one's reason and exit status);
    ///   `StoppedBeforeMeasuring` when `shouldStop` turned true before any sample; runtime errors from a body
    ///   during measurement.
    public func run(_ configurations: [BenchConfiguration], runtime: RuntimeLocation?) throws -> BenchReport {
        var results: [BenchReport.Result] = []
        var prepared: [(index: Int, value: Prepared)] = []
        var hashes: [String: String] = [:]
        var unrunnable: [UnrunnableConfiguration] = []
        var failures: [Error] = []
        for (index, configuration) in configurations.enumerated() {
            if shouldStop() { throw StoppedBeforeMeasuring() }
            progress("preparing \(configuration.label)")
            do {
                let value = try prepare(configuration, runtime: runtime, hashes: &hashes)
                prepared.append((index, value))
                results.append(placeholder(configuration, sha: value.sha256, available: true, reason: nil))
            } catch let error as StoppedBeforeMeasuring {
                throw error
            } catch {
                failures.append(error)
                let reason = Self.firstLine(of: error)
                results.append(placeholder(configuration, sha: hashes[configuration.modelPath], available: false, reason: reason))
                // An error no module classifies failed while running the model.
                unrunnable.append(UnrunnableConfiguration(label: configuration.label, reason: reason,
                                                          status: ErrorClassification.exitStatus(for: error) ?? .runtimeFailure))
            }
        }
        guard !prepared.isEmpty else {
            // One configuration: its own error says more, and keeps its exit status (e.g. 3 for a bad model).
            if configurations.count == 1, let only = failures.first { throw only }
            throw EdgeBenchError.nothingToMeasure(reasons: unrunnable)
        }
        if shouldStop() { throw StoppedBeforeMeasuring() }

        let labels = prepared.map(\.value.configuration.label)
        let runner = InterleavedRunner(
            rule: StoppingRule(minimumRuns: options.runs, minimumTime: options.minTime, maximumTime: options.maxTime,
                               targetRelativeCI: options.targetRelativeCI),
            shouldStop: shouldStop,
            progress: { [progress] state in
                let eta = state.remaining.map { String(format: ", ETA %.1f s", $0) } ?? ""
                progress("round \(state.round) of \(labels.count) configuration\(labels.count == 1 ? "" : "s")\(eta)")
            })
        let outcome = try runner.measure(prepared.map(\.value.body))
        if outcome.interrupted && outcome.rounds == 0 { throw StoppedBeforeMeasuring() }

        let baselineSamples = outcome.samples.first ?? []
        for (slot, entry) in prepared.enumerated() {
            let samples = outcome.samples[slot]
            var result = results[entry.index]
            let statistics = LatencyStatistics(samples: samples)
            result.samples = samples.count
            result.latencyMs = statistics.map(BenchReport.Latency.init)
            result.coefficientOfVariation = statistics?.coefficientOfVariation
            result.firstRunMs = entry.value.firstRunMs
            let phases = entry.value.session.phases
            result.initMs = phases.runtimeLoadMs + phases.modelLoadMs + phases.compileMs
            result.phases = BenchReport.Phases(
                runtimeLoadMs: phases.runtimeLoadMs, modelLoadMs: phases.modelLoadMs, compileMs: phases.compileMs,
                firstRunMs: entry.value.firstRunMs, warmupMs: entry.value.warmupMs, warmupRuns: options.warmup,
                steadyStateMs: Double(samples.reduce(0, +)) / 1e6)
            result.percentiles = statistics.map { _ in Self.percentileCurve(samples) }
            if slot > 0 { result.speedup = PairedRatio(baseline: baselineSamples, candidate: samples) }
            if entry.value.configuration.settings.backend.driver.reportsAcceleration {
                result.acceleration = (try? entry.value.session.compiled.isFullyAccelerated()).map {
                    $0 ? "fully accelerated" : "partially accelerated (some ops run on the CPU)"
                }
            }
            let session = entry.value.session
            result.kernels = session.settings.kernels.rawValue
            result.threads = session.settings.effectiveThreads
            result.label = BenchConfiguration(modelPath: entry.value.configuration.modelPath, settings: session.settings).label
            result.kernelFallback = session.kernelFallback
            result.inputShapes = session.compiled.inputs.map { "\($0.info.name)=" + $0.info.shape.map(String.init).joined(separator: ",") }
            result.memory = BenchReport.Memory(phases: session.memory, model: session.file.format)
            results[entry.index] = result
        }

        try addAgreement(prepared.map(\.value), results: &results, indices: prepared.map(\.index))
        let profileWarnings = addProfiles(prepared.map(\.value), results: &results, indices: prepared.map(\.index), runtime: runtime)
        let runtimeLocation = prepared.first?.value.session.runtime ?? runtime
        var report = BenchReport(
            created: ISO8601DateFormatter().string(from: Date()),
            environment: MachineFingerprint.current(runtime: runtimeLocation, edgetpuRuntime: MachineFingerprint.edgetpuRuntime(for: configurations)),
            settings: BenchReport.Settings(warmup: options.warmup, runs: options.runs, minTimeS: options.minTime,
                                           maxTimeS: options.maxTime, input: options.input.description,
                                           agreementInput: (options.agreementInput ?? options.input).agreementDescription, endToEnd: options.endToEnd,
                                           rounds: outcome.rounds, stopReason: outcome.stopReason, interrupted: outcome.interrupted,
                                           inputPaths: options.input.storedPaths),
            results: results, warnings: [], verdict: nil)
        report.warnings = prepared.flatMap { [$0.value.session.kernelFallback].compactMap { $0 } + $0.value.session.notes } + BenchAnalysis.coCompilationNotes(configurations)
            + BenchAnalysis.warnings(for: report) + profileWarnings
        report.verdict = BenchAnalysis.verdict(for: report)
        return report
    }

    private func placeholder(_ configuration: BenchConfiguration, sha: String?, available: Bool, reason: String?) -> BenchReport.Result {
        BenchReport.Result(
            label: configuration.label, model: configuration.modelPath, modelSHA256: sha,
            configuration: configuration.canonicalText,
            backend: configuration.settings.backend.rawValue, device: configuration.settings.device?.description,
            threads: configuration.settings.effectiveThreads, kernels: configuration.settings.kernels.rawValue,
            available: available, unavailableReason: reason, initMs: nil, firstRunMs: nil, phases: nil, latencyMs: nil,
            samples: 0, coefficientOfVariation: nil, speedup: nil, agreement: nil, percentiles: nil, acceleration: nil)
    }

    private func prepare(_ configuration: BenchConfiguration, runtime: RuntimeLocation?, hashes: inout [String: String]) throws -> Prepared {
        let file = try ModelFile(path: configuration.modelPath)
        let sha = hashes[configuration.modelPath] ?? SHA256.hash(data: file.bytes).map { String(format: "%02x", $0) }.joined()
        hashes[configuration.modelPath] = sha
        let input = options.input
        let (session, firstRunDuration) = try Session.openRunningFirst(
            file: file, settings: configuration.settings, runtime: runtime,
            prepareInputs: { session in
                let inputs = session.compiled.inputs
                let initial = try input.bytes(for: inputs.map(\.info), model: file.name)
                for (buffer, bytes) in zip(inputs, initial) { try bytes.withUnsafeBytes { try buffer.write($0) } }
            },
            notice: { _ in })
        let firstRun = firstRunDuration.milliseconds
        let clock = ContinuousClock()

        let body: () throws -> Void
        if options.endToEnd, case let .images(paths) = options.input, !paths.isEmpty {
            body = try Self.endToEndBody(session: session, images: paths)
        } else {
            // One timing rule for every command (GPU: run + output read), owned by Session.
            body = { try session.timedRun() }
        }
        let warmStart = clock.now
        for _ in 0..<options.warmup {
            // A stop request during a long warm-up ends the run before any sample.
            if shouldStop() { throw StoppedBeforeMeasuring() }
            try body()
        }
        let warmup = (clock.now - warmStart).milliseconds
        return Prepared(configuration: configuration, session: session, firstRunMs: firstRun, warmupMs: warmup, body: body, sha256: sha)
    }

    /// decode → resize → quantize → run → dequantize → top-k, cycling through the images.
    private static func endToEndBody(session: Session, images: [String]) throws -> () throws -> Void {
        guard let input = session.compiled.inputs.first else { throw EdgeBenchError.notAnImageModel(model: session.file.name, detail: "it has no inputs") }
        _ = try TensorCoding.imageSize(of: input.info, model: session.file.name)
        var next = 0
        return {
            let bytes = try BenchInput.encodedImage(images[next % images.count], for: input.info, model: session.file.name)
            next += 1
            try bytes.withUnsafeBytes { try input.write($0) }
            try session.timedRun()
            _ = try session.outputValues(0).topK(5)
        }
    }

    private func addAgreement(_ prepared: [Prepared], results: inout [BenchReport.Result], indices: [Int]) throws {
        guard prepared.count > 1 else { return }
        let agreementInput = options.agreementInput ?? options.input
        let count: Int
        if case let .images(paths) = agreementInput { count = max(paths.count, 1) } else { count = 1 }
        var agree = Array(repeating: 0, count: prepared.count)
        var maxDiff: [Double?] = Array(repeating: 0, count: prepared.count)
        for imageIndex in 0..<count {
            var outputs: [[Double]?] = []
            for entry in prepared {
                let session = entry.session
                do {
                    let bytes = try agreementInput.bytes(for: session.compiled.inputs.map(\.info), model: session.file.name, imageIndex: imageIndex)
                    for (buffer, data) in zip(session.compiled.inputs, bytes) { try data.withUnsafeBytes { try buffer.write($0) } }
                    try session.compiled.run()
                    outputs.append(try session.outputValues(0))
                } catch {
                    outputs.append(nil)
                }
            }
            guard let baseline = outputs[0] else { continue }
            for slot in 1..<prepared.count {
                guard let values = outputs[slot] else { maxDiff[slot] = nil; continue }
                if Self.argmax(values) == Self.argmax(baseline) { agree[slot] += 1 }
                if values.count == baseline.count, let current = maxDiff[slot] {
                    maxDiff[slot] = max(current, zip(values, baseline).map { abs($0 - $1) }.max() ?? 0)
                } else {
                    maxDiff[slot] = nil
                }
            }
        }
        for slot in 1..<prepared.count {
            results[indices[slot]].agreement = BenchReport.Agreement(top1Agree: agree[slot], inputs: count, maxAbsDiff: maxDiff[slot])
        }
    }

    /// The profiled pass (after the measurement, so it never perturbs it): one profiler-enabled compile per
    /// configuration, then the per-operator diff against the baseline. A configuration that cannot be profiled
    /// keeps its latency figures and gets a warning.
    private func addProfiles(_ prepared: [Prepared], results: inout [BenchReport.Result], indices: [Int], runtime: RuntimeLocation?) -> [String] {
        guard let runs = options.profileRuns, !shouldStop() else { return [] }
        var warnings: [String] = []
        for (slot, entry) in prepared.enumerated() {
            guard !shouldStop() else { break }
            progress("profiling \(entry.configuration.label)")
            let session = entry.session
            do {
                let inputs = try options.input.bytes(for: session.compiled.inputs.map(\.info), model: session.file.name)
                results[indices[slot]].profile = try OperatorProfiler.profile(file: session.file, settings: session.settings, runtime: runtime ?? session.runtime,
                                                                              inputs: inputs, runs: runs)
            } catch {
                warnings.append("no profile of \(entry.configuration.label): \(Self.firstLine(of: error))")
            }
        }
        if let baseline = results[indices[0]].profile {
            for slot in prepared.indices.dropFirst() {
                if let candidate = results[indices[slot]].profile {
                    results[indices[slot]].profileDiff = BenchReport.ProfileDiff(baseline: baseline, candidate: candidate)
                }
            }
        }
        return warnings
    }

    static func argmax(_ values: [Double]) -> Int? {
        values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }
    }

    static func percentileCurve(_ samples: [UInt64]) -> [[Double]] {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return [] }
        return [0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100].map { percentile in
            let rank = min(Int((percentile / 100 * Double(sorted.count - 1)).rounded()), sorted.count - 1)
            return [percentile, Double(sorted[rank]) / 1e6]
        }
    }

    static func firstLine(of error: Error) -> String {
        let text = ErrorClassification.message(for: error)
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}
