/// The result of `RegressionCheck.compare`: one comparison per matched result and the overall status.
public struct CheckOutcome: Sendable {
    /// The decision for one result, or for the whole check.
    public enum Verdict: String, Sendable, Codable {
        case regression
        case improvement
        case withinThreshold = "within threshold"
    }

    /// One current result against its baseline result.
    public struct Comparison: Sendable {
        public var label: String
        public var baselineLabel: String
        /// True when paired by label, false when by configuration (model, backend, threads, kernels, device).
        public var matchedByLabel: Bool
        /// The metric in the baseline and current run, ms.
        public var baselineValue: Double
        public var currentValue: Double
        /// current / baseline (> 1: slower).
        public var ratio: Double
        /// 95% interval of the ratio (see `RegressionCheck.Metric.intervalMethod`).
        public var lower: Double
        public var upper: Double
        public var baselineSamples: Int
        public var currentSamples: Int
        public var verdict: Verdict
    }

    /// A result that has nothing to be compared with, and why.
    public struct NotCompared: Sendable, Equatable {
        public var label: String
        public var reason: String
    }

    public var metric: RegressionCheck.Metric
    /// The threshold as a fraction (0.05: 5%).
    public var maxRegression: Double
    public var comparisons: [Comparison]
    public var notCompared: [NotCompared]
    /// Caveats: different environments, too few samples for p90.
    public var notes: [String]
    /// Labels of the baseline and current results, in report order (for "nothing to compare").
    public var baselineLabels: [String] = []
    public var currentLabels: [String] = []
    /// Baseline results that no current result matched: configurations the current run left out.
    public var missingFromCurrent: [String] = []
    /// The machines of both runs and whether `--any-machine` allowed them to differ; nil when not known (a library
    /// caller that did not say).
    public var machines: CheckMachines? = nil

    /// Why this outcome cannot be a verdict, if it cannot: nothing was compared, or (unless `allowMissing`) the
    /// current run lacks some of the baseline's configurations.
    public func problem(allowMissing: Bool) -> CheckError? {
        if comparisons.isEmpty { return .nothingToCompare(baseline: baselineLabels, current: currentLabels) }
        if !allowMissing && !missingFromCurrent.isEmpty { return .missingFromCurrent(labels: missingFromCurrent) }
        return nil
    }

    /// Regression if any result regressed, else improvement if any improved, else within threshold.
    public var status: Verdict {
        if comparisons.contains(where: { $0.verdict == .regression }) { return .regression }
        if comparisons.contains(where: { $0.verdict == .improvement }) { return .improvement }
        return .withinThreshold
    }

    /// The process exit status for `status`, as package-benchmark's threshold check uses them.
    public static let regressionExitStatus: Int32 = 2
    public static let improvementExitStatus: Int32 = 4

    /// 0 within threshold, 2 regression, 4 significant improvement.
    public var exitStatus: Int32 {
        switch status {
        case .withinThreshold: 0
        case .regression: Self.regressionExitStatus
        case .improvement: Self.improvementExitStatus
        }
    }
}
