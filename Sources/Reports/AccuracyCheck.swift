import Results
import Foundation

/// `check` against an accuracy baseline: each configuration's top-1 accuracy now against the baseline's, gated on
/// a drop of more than `maxDrop` (a fraction of the images: 0.01 is one percentage point).
///
/// The verdict is the threshold alone, without McNemar's test: a re-run scores the same images, so a change is
/// not sampling noise about one quantity, and whether it would be "significant" depends only on the dataset's
/// size (a gate requiring significance would pass a real 5-point drop on 50 images). McNemar's test between two
/// models on one dataset is what `edgebench accuracy BASE NEW` reports.
public enum AccuracyCheck {
    /// Pairs configurations by canonical configuration text and decoder, and gives each a verdict.
    public static func compare(baseline: AccuracyReport, current: AccuracyReport, maxDrop: Double) -> AccuracyCheckOutcome {
        var outcome = AccuracyCheckOutcome(maxDrop: maxDrop)
        outcome.baselineLabels = baseline.configurations.map(\.label)
        outcome.currentLabels = current.configurations.map(\.label)
        for base in baseline.configurations {
            guard let now = current.configurations.first(where: { $0.configuration == base.configuration && $0.decoder == base.decoder }) else {
                if base.status == "ok" { outcome.missingFromCurrent.append(base.label) } else {
                    outcome.notCompared.append(.init(label: base.label, reason: "not run in the baseline (\(base.status))"))
                }
                continue
            }
            guard let before = base.top1.value else {
                outcome.notCompared.append(.init(label: base.label, reason: "the baseline evaluated no image (\(base.status))"))
                continue
            }
            guard let after = now.top1.value, now.status == "ok" else {
                outcome.notCompared.append(.init(label: now.label, reason: "the current run evaluated no image or failed (\(now.status)\(now.error.map { ": " + $0 } ?? ""))"))
                continue
            }
            let change = after - before
            // A small tolerance so that 1% of 100 images is "within" a 1% threshold despite rounding.
            let verdict: CheckOutcome.Verdict = change < -maxDrop - 1e-12 ? .regression : change > maxDrop + 1e-12 ? .improvement : .withinThreshold
            outcome.comparisons.append(.init(label: now.label, configuration: base.configuration, baselineTop1: before, currentTop1: after,
                                             baselineImages: base.top1.total, currentImages: now.top1.total, verdict: verdict))
        }
        for now in current.configurations where !baseline.configurations.contains(where: { $0.configuration == now.configuration && $0.decoder == now.decoder }) {
            outcome.notCompared.append(.init(label: now.label, reason: "not in the baseline"))
        }
        if baseline.dataset.absolutePath != current.dataset.absolutePath {
            outcome.notes.append("the datasets differ: baseline \(baseline.dataset.absolutePath), current \(current.dataset.absolutePath)")
        }
        if baseline.dataset.images != current.dataset.images {
            outcome.notes.append("the dataset had \(baseline.dataset.images) images in the baseline and \(current.dataset.images) now")
        }
        if baseline.preprocessing != current.preprocessing {
            outcome.notes.append("the preprocessing differs: baseline \(baseline.preprocessing.summary); current \(current.preprocessing.summary)")
        }
        if baseline.interrupted { outcome.notes.append("the baseline run was interrupted: its figures cover part of the dataset") }
        if let before = baseline.environment?.stableHash, let now = current.environment?.stableHash, before != now {
            outcome.notes.append("the baseline was measured in another environment (machine, runtime or edgebench version)")
        }
        return outcome
    }

    /// Parses `1%` or `0.01` (percentage points of top-1 accuracy, as a fraction of the images).
    /// - Returns: nil unless it is a number in 0…1 (0%…100%).
    public static func parseThreshold(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = trimmed.hasSuffix("%") ? Double(trimmed.dropLast()).map { $0 / 100 } : Double(trimmed)
        guard let value = number, value.isFinite, value >= 0, value <= 1 else { return nil }
        return value
    }
}

/// The result of `AccuracyCheck.compare`.
public struct AccuracyCheckOutcome: Sendable {
    public struct Comparison: Sendable {
        public var label: String
        public var configuration: String
        public var baselineTop1: Double
        public var currentTop1: Double
        public var baselineImages: Int
        public var currentImages: Int
        public var verdict: CheckOutcome.Verdict
        /// current − baseline, a fraction of the images (−0.02: two points lower).
        public var change: Double { currentTop1 - baselineTop1 }
    }

    /// The largest allowed drop of top-1 accuracy, a fraction (0.01: one percentage point).
    public var maxDrop: Double
    public var comparisons: [Comparison] = []
    public var notCompared: [CheckOutcome.NotCompared] = []
    public var notes: [String] = []
    public var baselineLabels: [String] = []
    public var currentLabels: [String] = []
    public var missingFromCurrent: [String] = []

    public static let method = "change = current top-1 − baseline top-1, in percentage points; the threshold alone decides (a re-run scores the same images, so no significance test)"

    public func problem(allowMissing: Bool) -> CheckError? {
        if comparisons.isEmpty { return .nothingToCompare(baseline: baselineLabels, current: currentLabels) }
        if !allowMissing && !missingFromCurrent.isEmpty { return .missingFromCurrent(labels: missingFromCurrent) }
        return nil
    }

    public var status: CheckOutcome.Verdict {
        if comparisons.contains(where: { $0.verdict == .regression }) { return .regression }
        if comparisons.contains(where: { $0.verdict == .improvement }) { return .improvement }
        return .withinThreshold
    }

    public var exitStatus: Int32 {
        switch status {
        case .withinThreshold: 0
        case .regression: CheckOutcome.regressionExitStatus
        case .improvement: CheckOutcome.improvementExitStatus
        }
    }

}
