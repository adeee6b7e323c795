import Foundation
import LiteRT
import Results

/// One configuration's session and running tallies during an accuracy pass (used on the pipeline's one
/// inference task only).
final class Lane {
    let configuration: BenchConfiguration
    let file: ModelFile
    private(set) var session: Session?
    private(set) var openError: Error?
    private(set) var failure: (message: String, status: ExitStatus)?
    private(set) var notes: [String] = []
    private(set) var normalization: InputNormalization?
    private(set) var input: TensorInfo?
    private(set) var outputClasses: Int?
    /// 1 when output 0 is a background class the labels lack.
    private(set) var offset = 0

    /// Per image (by dataset index): the predicted top-5 label indices, and whether a tie decided top-1.
    private(set) var outcomes: [Int: (top5: [Int], tie: Bool)] = [:]
    private var inferenceTotal = Duration.zero
    private var deltaSum = 0.0, deltaCount = 0, deltaMax = 0.0, deltaComparable = true
    private(set) var latency: LatencySummary?

    /// How this lane's images are decoded (with --fast-decode, the baseline runs a second time on exact decodes).
    let decoding: ImageDecoding

    init(configuration: BenchConfiguration, file: ModelFile, decoding: ImageDecoding) {
        self.configuration = configuration
        self.file = file
        self.decoding = decoding
    }

    var plan: EncodingPlan? {
        guard session != nil, let input, let normalization else { return nil }
        return EncodingPlan(input: input, normalization: normalization, decoding: decoding)
    }

    func open(runtime: RuntimeLocation?, labels: Labels?, notice: (String) -> Void) throws {
        let normalization = file.embeddedNormalization ?? .pycoralDefault
        let (session, _) = try Session.openRunningFirst(
            file: file, settings: configuration.settings, runtime: runtime,
            prepareInputs: { session in
                let input = try session.compiled.inputs.first.orThrow(EdgeBenchError.notAnImageModel(model: self.file.name, detail: "it has no inputs"))
                _ = try TensorCoding.imageSize(of: input.info, model: self.file.name)
                let zeros = [UInt8](repeating: 0, count: input.info.byteCount ?? 0)
                try zeros.withUnsafeBytes { try input.write($0) }
            },
            notice: notice)
        guard let output = session.compiled.outputs.first?.info else {
            throw EdgeBenchError.unsupportedOutput(model: file.name, detail: "it has no outputs")
        }
        try Classifier.checkScoreVector(name: output.name, shape: output.shape, model: file.name)
        let classes = output.shape.last ?? 0
        outputClasses = classes
        if let labels {
            if classes == labels.count + 1 { offset = 1 } else if classes != labels.count {
                notes.append("\(file.name) has \(classes) output classes but the labels have \(labels.count) entries; labels may be offset")
            }
        }
        notes.append(contentsOf: session.notes)
        self.normalization = normalization
        self.input = session.compiled.inputs.first?.info
        self.session = session
    }

    func fail(_ error: Error) {
        if session == nil && openError == nil { openError = error }
        failure = (ErrorClassification.message(for: error), ErrorClassification.exitStatus(for: error) ?? .runtimeFailure)
        session = nil
    }

    /// "ok"; "unavailable" when the backend cannot run here (listed, as compare lists it; the others still run);
    /// "failed" when the configuration failed (its exit code ends the command).
    var status: String {
        guard let failure else { return "ok" }
        return openError != nil && failure.status == .unavailable ? "unavailable" : "failed"
    }

    /// Runs one image and records its outcome; returns the label-space scores (nil once the configuration failed).
    func infer(_ bytes: [UInt8], imageIndex: Int, truth: Int, clock: ContinuousClock) -> [Double]? {
        guard let session else { return nil }
        do {
            try bytes.withUnsafeBytes { try session.compiled.inputs[0].write($0) }
            let start = clock.now
            try session.timedRun()
            inferenceTotal += clock.now - start
            let scores = Array(try session.outputValues(0).dropFirst(offset))
            // The background output is not ranked: a label-space prediction is always a label.
            let ranked = scores.topK(5, threshold: -.infinity)
            let tie = ranked.count > 1 && ranked[0].score == ranked[1].score
            outcomes[imageIndex] = (ranked.map(\.index), tie)
            return scores
        } catch {
            fail(error)
            return nil
        }
    }

    func accumulateDelta(_ baseline: [Double], _ scores: [Double]) {
        guard baseline.count == scores.count else { deltaComparable = false; return }
        for (a, b) in zip(baseline, scores) {
            let delta = abs(a - b)
            deltaSum += delta
            deltaMax = max(deltaMax, delta)
        }
        deltaCount += scores.count
    }

    /// Top-1 agreement with `other` over the images both evaluated.
    func agreement(with other: Lane) -> Proportion {
        var paired = 0, agree = 0
        for (index, outcome) in outcomes {
            guard let theirs = other.outcomes[index]?.top5.first else { continue }
            paired += 1
            if outcome.top5.first == theirs { agree += 1 }
        }
        return Proportion(successes: agree, total: paired)
    }

    func measureLatency(runs: Int) {
        guard let session, runs > 0 else { return }
        do {
            let timings = try session.timedRuns(runs, includingFirst: false).map(\.milliseconds).sorted()
            let middle = timings.count / 2
            let median = timings.count % 2 == 1 ? timings[middle] : (timings[middle - 1] + timings[middle]) / 2
            let pipelineMean = outcomes.isEmpty ? nil : inferenceTotal.milliseconds / Double(outcomes.count)
            var summary = LatencySummary(invokeRuns: runs, invokeMedianMs: median, invokeMinMs: timings[0], pipelineMeanMs: pipelineMean)
            // The nearest-rank 90th percentile, as bench's summary quantiles.
            summary.invokeP90Ms = timings[min(timings.count - 1, max(0, Int((0.9 * Double(timings.count)).rounded(.up)) - 1))]
            summary.invokeMeanMs = timings.reduce(0, +) / Double(timings.count)
            latency = summary
        } catch {
            fail(error)
        }
    }

    func summary(baseline: Lane?, baselineDecodesFast: Bool, imageNames: [String], truths: [Int], labels: Labels?, skippedCount: Int, total: Int) -> ConfigurationAccuracy {
        let evaluated = outcomes.count
        var top1 = 0, top5 = 0, ties = 0
        var perClass: [Int: (images: Int, correct: Int)] = [:]
        for (index, outcome) in outcomes {
            let truth = truths[index]
            let correct = outcome.top5.first == truth
            if correct { top1 += 1 }
            if outcome.top5.contains(truth) { top5 += 1 }
            if outcome.tie { ties += 1 }
            perClass[truth, default: (0, 0)].images += 1
            if correct { perClass[truth, default: (0, 0)].correct += 1 }
        }
        let classes = perClass.keys.sorted().map { index in
            ClassAccuracy(index: index, label: labels?[index], top1: Proportion(successes: perClass[index]!.correct, total: perClass[index]!.images))
        }
        var comparison: BaselineComparison?
        if let baseline {
            var paired = 0, agree = 0, baselineOnly = 0, otherOnly = 0
            var disagreements: [Disagreement] = []
            for index in outcomes.keys.sorted() {
                guard let mine = outcomes[index]?.top5.first, let theirs = baseline.outcomes[index]?.top5.first else { continue }
                paired += 1
                let truth = truths[index]
                if mine == theirs { agree += 1 } else {
                    func name(_ i: Int) -> ClassName { ClassName(index: i, label: labels?[i]) }
                    disagreements.append(Disagreement(image: imageNames[index], truth: name(truth), baseline: name(theirs), other: name(mine)))
                }
                if theirs == truth && mine != truth { baselineOnly += 1 }
                if mine == truth && theirs != truth { otherOnly += 1 }
            }
            let comparable = deltaComparable && deltaCount > 0
            comparison = BaselineComparison(
                pairedImages: paired, agreement: Proportion(successes: agree, total: paired),
                mcnemar: McNemarTest(baselineOnlyCorrect: baselineOnly, otherOnlyCorrect: otherOnly),
                meanAbsDelta: comparable ? deltaSum / Double(deltaCount) : nil, maxAbsDelta: comparable ? deltaMax : nil,
                disagreements: disagreements)
        }
        let settings = session?.settings ?? configuration.settings
        return ConfigurationAccuracy(
            configuration: configuration.canonicalText,
            label: BenchConfiguration(modelPath: configuration.modelPath, settings: settings).label + (decoding == .exact && baselineDecodesFast ? " (exact decode)" : ""),
            decoder: decoding, model: configuration.modelPath, backend: settings.backend.rawValue,
            threads: settings.backend == .cpu ? settings.effectiveThreads : nil, kernels: settings.backend == .cpu ? settings.kernels.rawValue : nil,
            status: status, error: failure?.message, exitCode: failure.map { $0.status.rawValue },
            normalization: normalization, outputClasses: outputClasses, classOffset: offset,
            evaluated: evaluated, skipped: skippedCount, failed: failure == nil ? 0 : max(0, total - skippedCount - evaluated),
            top1: Proportion(successes: top1, total: evaluated), top5: Proportion(successes: top5, total: evaluated),
            tiesDecidingTop1: ties, latency: latency, perClass: classes, vsBaseline: comparison)
    }
}
