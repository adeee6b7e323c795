import Benchmarking
import Results
import Foundation

/// Compares a run with a baseline run result by result and decides whether it regressed, in the manner of
/// package-benchmark's threshold check (exit status 0 within threshold, 2 regression, 4 improvement).
///
/// Matching: a current result is paired with the baseline result of the same label; failing that, with the one
/// of the same configuration (model — by SHA-256 when both have one, else by file name — backend, threads,
/// kernels, device). Each baseline result is used once. Results unavailable on either side, new or missing
/// are listed as not compared and do not change the verdict; `CheckOutcome.problem(allowMissing:)` says when
/// the outcome cannot be a verdict at all (nothing compared, or baseline configurations missing).
///
/// Change = current / baseline of the metric (> 1: slower), with a 95% interval:
/// - `p50`: the conservative interval [current.lo / baseline.hi, current.hi / baseline.lo] from the two medians'
///   95% CIs (order statistics). Both intervals at 95% make it wider than a 95% interval of the ratio.
/// - `p90`: the same construction, with each run's p90 interval taken from its percentile curve between the
///   percentiles 90 ∓ 1.96·√(0.9·0.1/n)·100 (the binomial order-statistic interval of a quantile, normal
///   approximation, linear interpolation along the curve). Without a curve the p50 CI's relative width is used.
/// - `mean`: the same construction, with each mean's interval mean ± 1.96·sd/√n (normal approximation).
///
/// Verdict with threshold t (`maxRegression`, a fraction: 0.05 is 5%):
/// - regression: change > 1 + t and the interval's lower bound > 1 (slower beyond the threshold, and
///   significantly slower);
/// - improvement: change < 1 − t and the interval's upper bound < 1 (faster beyond the threshold, and
///   significantly faster);
/// - within threshold otherwise.
/// The overall status is regression if any result regressed, else improvement if any improved.
public enum RegressionCheck {
    /// The latency figure compared.
    public enum Metric: String, Sendable, CaseIterable, Codable {
        case p50, p90, mean

        /// How the metric's 95% interval of the change is computed (printed with the outcome).
        public var intervalMethod: String {
            switch self {
            case .p50: "conservative ratio of the medians' 95% CIs (order statistics): [cur.lo/base.hi, cur.hi/base.lo]"
            case .p90: "conservative ratio of 95% p90 intervals, each from the percentile curve at 90 ∓ 1.96·√(0.09/n)·100 (binomial order statistics)"
            case .mean: "conservative ratio of 95% mean intervals, each mean ± 1.96·sd/√n (normal approximation)"
            }
        }
    }

    /// Compares `current` with `baseline`.
    /// - Parameters:
    ///   - baseline: The reference run.
    ///   - current: The run checked.
    ///   - metric: p50, p90 or mean latency.
    ///   - maxRegression: Allowed slowdown as a fraction (0.05: 5%); also the improvement threshold. Negative
    ///     values are treated as 0.
    /// - Returns: The comparisons, what was not compared, notes, and the overall status.
    public static func compare(baseline: BenchReport, current: BenchReport, metric: Metric, maxRegression: Double) -> CheckOutcome {
        let threshold = max(maxRegression.isFinite ? maxRegression : 0, 0)
        var used = Set<Int>()
        var comparisons: [CheckOutcome.Comparison] = []
        var notCompared: [CheckOutcome.NotCompared] = []
        var notes: [String] = []

        for result in current.results {
            let labelMatch = baseline.results.indices.first { !used.contains($0) && baseline.results[$0].label == result.label }
            let configurationMatch = labelMatch == nil
                ? baseline.results.indices.first { !used.contains($0) && sameConfiguration(baseline.results[$0], result) }
                : nil
            guard let index = labelMatch ?? configurationMatch else {
                notCompared.append(.init(label: result.label, reason: "not in the baseline"))
                continue
            }
            used.insert(index)
            let reference = baseline.results[index]
            guard reference.available, let base = interval(of: reference, metric: metric) else {
                notCompared.append(.init(label: result.label, reason: "unavailable in the baseline"
                    + (reference.unavailableReason.map { ": " + $0 } ?? "")))
                continue
            }
            guard result.available, let now = interval(of: result, metric: metric) else {
                notCompared.append(.init(label: result.label, reason: "unavailable in the current run"
                    + (result.unavailableReason.map { ": " + $0 } ?? "")))
                continue
            }
            let ratio = now.value / base.value
            let lower = base.upper > 0 ? now.lower / base.upper : 0
            let upper = base.lower > 0 ? now.upper / base.lower : .infinity
            let verdict: CheckOutcome.Verdict
            if ratio > 1 + threshold && lower > 1 {
                verdict = .regression
            } else if ratio < 1 - threshold && upper < 1 {
                verdict = .improvement
            } else {
                verdict = .withinThreshold
            }
            comparisons.append(CheckOutcome.Comparison(
                label: result.label, baselineLabel: reference.label, matchedByLabel: labelMatch != nil,
                baselineValue: base.value, currentValue: now.value, ratio: ratio, lower: lower, upper: upper,
                baselineSamples: reference.samples, currentSamples: result.samples, verdict: verdict))
            if metric == .p90 && min(reference.samples, result.samples) < LatencyStatistics.reliableTailSampleCount {
                notes.append("\(result.label): fewer than \(LatencyStatistics.reliableTailSampleCount) samples, p90 is unreliable")
            }
        }
        var missing: [String] = []
        for index in baseline.results.indices where !used.contains(index) {
            let reference = baseline.results[index]
            // A configuration that did not run in the baseline has nothing to be compared with: not measuring it
            // again is no gap in the current run.
            guard reference.available else {
                notCompared.append(.init(label: reference.label, reason: "unavailable in the baseline"
                    + (reference.unavailableReason.map { ": " + $0 } ?? "")))
                continue
            }
            notCompared.append(.init(label: reference.label, reason: "missing from the current run"))
            missing.append(reference.label)
        }
        if baseline.environment.stableHash != current.environment.stableHash {
            let a = baseline.environment, b = current.environment
            notes.append("measured in different environments (baseline: \(a.cpuModel), \(a.logicalCores) cores, \(a.kernel), LiteRT \(a.litertVersion ?? "?"); "
                + "current: \(b.cpuModel), \(b.logicalCores) cores, \(b.kernel), LiteRT \(b.litertVersion ?? "?"))")
        }
        return CheckOutcome(metric: metric, maxRegression: threshold, comparisons: comparisons, notCompared: notCompared, notes: notes,
                            baselineLabels: baseline.results.map(\.label), currentLabels: current.results.map(\.label),
                            missingFromCurrent: missing)
    }

    /// Same model (SHA-256 when both have one, else file name), backend, threads, kernels and device.
    static func sameConfiguration(_ a: BenchReport.Result, _ b: BenchReport.Result) -> Bool {
        let sameModel: Bool
        if let x = a.modelSHA256, let y = b.modelSHA256 {
            sameModel = x == y
        } else {
            sameModel = (a.model as NSString).lastPathComponent == (b.model as NSString).lastPathComponent
        }
        return sameModel && a.backend == b.backend && a.threads == b.threads && a.kernels == b.kernels && a.device == b.device
    }

    /// A result's metric with its 95% interval (ms); nil without latency or with a non-positive value.
    static func interval(of result: BenchReport.Result, metric: Metric) -> (value: Double, lower: Double, upper: Double)? {
        guard let latency = result.latencyMs else { return nil }
        let p50Interval: (Double, Double) = latency.p50CI.count == 2 ? (latency.p50CI[0], latency.p50CI[1]) : (latency.p50, latency.p50)
        let value: Double, lower: Double, upper: Double
        switch metric {
        case .p50:
            (value, lower, upper) = (latency.p50, p50Interval.0, p50Interval.1)
        case .p90:
            value = latency.p90
            if let curve = result.percentiles, let range = quantileInterval(curve: curve, quantile: 0.9, count: result.samples) {
                (lower, upper) = (range.lowerBound, range.upperBound)
            } else if latency.p50 > 0 {
                (lower, upper) = (value * p50Interval.0 / latency.p50, value * p50Interval.1 / latency.p50)
            } else {
                (lower, upper) = (value, value)
            }
        case .mean:
            value = latency.mean
            let half = result.samples > 0 ? Confidence.z95 * latency.stddev / Double(result.samples).squareRoot() : 0
            (lower, upper) = (value - half, value + half)
        }
        guard value > 0, value.isFinite else { return nil }
        return (value, min(lower, value), max(upper, value))
    }

    /// The 95% interval of a quantile from a percentile curve ([percentile, ms] pairs) of `count` samples.
    static func quantileInterval(curve: [[Double]], quantile: Double, count: Int) -> ClosedRange<Double>? {
        let points = curve.filter { $0.count == 2 && $0[0].isFinite && $0[1].isFinite }.sorted { $0[0] < $1[0] }
        guard count > 0, points.count >= 2 else { return nil }
        let half = Confidence.z95 * (quantile * (1 - quantile) / Double(count)).squareRoot()
        let low = interpolate(points, at: max(quantile - half, 0) * 100)
        let high = interpolate(points, at: min(quantile + half, 1) * 100)
        return min(low, high)...max(low, high)
    }

    static func interpolate(_ points: [[Double]], at percentile: Double) -> Double {
        guard let first = points.first, let last = points.last else { return .nan }
        if percentile <= first[0] { return first[1] }
        if percentile >= last[0] { return last[1] }
        for (a, b) in zip(points, points.dropFirst()) where percentile <= b[0] {
            let span = b[0] - a[0]
            return span > 0 ? a[1] + (b[1] - a[1]) * (percentile - a[0]) / span : b[1]
        }
        return last[1]
    }
}
