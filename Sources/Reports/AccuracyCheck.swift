import EdgeBench
import Foundation
import ModelFormat

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

    static func points(_ fraction: Double, signed: Bool) -> String {
        String(format: signed ? "%+.1f pp" : "%.1f pp", fraction * 100)
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }

    static func summary(_ status: CheckOutcome.Verdict) -> String {
        switch status {
        case .withinThreshold: "within threshold"
        case .regression: "ACCURACY DROP"
        case .improvement: "accuracy rise beyond the threshold"
        }
    }

    public func renderText() -> String {
        var text = "Accuracy check of top-1, largest allowed drop \(Self.points(maxDrop, signed: false))\n"
        let width = min(max(comparisons.map(\.label.count).max() ?? 0, "configuration".count), 72)
        func pad(_ value: String, _ count: Int) -> String {
            let clipped = value.count > count ? String(value.prefix(count - 1)) + "…" : value
            return clipped + String(repeating: " ", count: max(count - clipped.count, 0))
        }
        func right(_ value: String, _ count: Int) -> String { String(repeating: " ", count: max(count - value.count, 0)) + value }
        if !comparisons.isEmpty {
            text += pad("configuration", width) + "  " + right("baseline", 15) + "  " + right("current", 15) + "  " + right("change", 10) + "  verdict\n"
            for c in comparisons {
                text += pad(TerminalText.escape(c.label), width) + "  " + right("\(Self.percent(c.baselineTop1)) (\(c.baselineImages))", 15) + "  "
                    + right("\(Self.percent(c.currentTop1)) (\(c.currentImages))", 15) + "  " + right(Self.points(c.change, signed: true), 10)
                    + "  " + c.verdict.rawValue + "\n"
            }
        }
        for item in notCompared { text += "not compared: \(item.label): \(item.reason)\n" }
        for note in notes { text += "note: \(note)\n" }
        text += "method: \(Self.method)\n"
        text += "result: \(Self.summary(status)) (exit status \(exitStatus))\n"
        return TerminalText.escape(text, keepingLineBreaks: true)
    }

    public func renderMarkdown() -> String {
        var text = "### Accuracy check: top-1, largest allowed drop \(Self.points(maxDrop, signed: false))\n\n"
        text += "**\(Self.summary(status))** (exit status \(exitStatus))\n\n"
        if !comparisons.isEmpty {
            text += "| configuration | baseline top-1 | current top-1 | change | verdict |\n|---|---:|---:|---:|---|\n"
            for c in comparisons {
                let mark = switch c.verdict {
                case .regression: "🔴 accuracy drop"
                case .improvement: "🟢 rise"
                case .withinThreshold: "within threshold"
                }
                text += "| \(CheckOutcome.cell(c.label)) | \(Self.percent(c.baselineTop1)) (\(c.baselineImages)) | \(Self.percent(c.currentTop1)) (\(c.currentImages)) | \(Self.points(c.change, signed: true)) | \(mark) |\n"
            }
        }
        if !notCompared.isEmpty {
            text += "\nNot compared:\n" + notCompared.map { "- \(CheckOutcome.cell($0.label)): \(CheckOutcome.cell($0.reason))" }.joined(separator: "\n") + "\n"
        }
        if !notes.isEmpty { text += "\n" + notes.map { "- ⚠️ " + CheckOutcome.cell($0) }.joined(separator: "\n") + "\n" }
        text += "\n<sub>\(CheckOutcome.cell(Self.method))</sub>\n"
        return TerminalText.escape(text, keepingLineBreaks: true)
    }

    /// The latency check's CSV columns (latency ones empty), then the accuracy ones.
    public func renderCSV() -> String {
        var lines = ["label,baseline_label,matched_by,baseline_ms,current_ms,change,ratio_ci_lower,ratio_ci_upper,baseline_samples,current_samples,verdict,reason,baseline_top1,current_top1,top1_change"]
        for c in comparisons {
            lines.append([c.label, c.configuration, "configuration", "", "", JSONNumber.format(c.change), "", "", String(c.baselineImages),
                          String(c.currentImages), c.verdict.rawValue, "", JSONNumber.format(c.baselineTop1), JSONNumber.format(c.currentTop1),
                          JSONNumber.format(c.change)].map(CheckOutcome.csvField).joined(separator: ","))
        }
        for item in notCompared {
            lines.append([item.label, "", "", "", "", "", "", "", "", "", "not compared", item.reason, "", "", ""].map(CheckOutcome.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `edgebench.check/1` with `kind` "accuracy": the latency check's keys (latency values null) plus
    /// `max_accuracy_drop` and, per comparison, `baseline_top1`, `current_top1`, `top1_change`.
    public func renderJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(outcome: self)), as: UTF8.self) + "\n"
    }

    private struct Document: Encodable {
        let outcome: AccuracyCheckOutcome
        enum Key: String, CodingKey {
            case schema, kind, metric, maxRegression = "max_regression", maxAccuracyDrop = "max_accuracy_drop", status
            case exitStatus = "exit_status", comparisons, notCompared = "not_compared", notes, method
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(CheckOutcome.schemaName, forKey: .schema)
            try c.encode("accuracy", forKey: .kind)
            try c.encode("top1", forKey: .metric)
            try c.encode(Double?.none, forKey: .maxRegression)
            try c.encode(outcome.maxDrop, forKey: .maxAccuracyDrop)
            try c.encode(outcome.status.rawValue, forKey: .status)
            try c.encode(outcome.exitStatus, forKey: .exitStatus)
            try c.encode(outcome.comparisons.map(ComparisonDocument.init), forKey: .comparisons)
            try c.encode(outcome.notCompared.map { ["label": $0.label, "reason": $0.reason] }, forKey: .notCompared)
            try c.encode(outcome.notes, forKey: .notes)
            try c.encode(AccuracyCheckOutcome.method, forKey: .method)
        }
    }

    private struct ComparisonDocument: Encodable {
        let comparison: Comparison
        enum Key: String, CodingKey {
            case label, baselineLabel = "baseline_label", matchedBy = "matched_by", baselineMs = "baseline_ms", currentMs = "current_ms"
            case ratio, change, ratioCI = "ratio_ci", baselineSamples = "baseline_samples", currentSamples = "current_samples", verdict
            case baselineTop1 = "baseline_top1", currentTop1 = "current_top1", top1Change = "top1_change"
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(comparison.label, forKey: .label)
            try c.encode(comparison.configuration, forKey: .baselineLabel)
            try c.encode("configuration", forKey: .matchedBy)
            try c.encode(Double?.none, forKey: .baselineMs)
            try c.encode(Double?.none, forKey: .currentMs)
            try c.encode(Double?.none, forKey: .ratio)
            try c.encode(comparison.change, forKey: .change)
            try c.encode([Double?.none, Double?.none], forKey: .ratioCI)
            try c.encode(comparison.baselineImages, forKey: .baselineSamples)
            try c.encode(comparison.currentImages, forKey: .currentSamples)
            try c.encode(comparison.verdict.rawValue, forKey: .verdict)
            try c.encode(comparison.baselineTop1, forKey: .baselineTop1)
            try c.encode(comparison.currentTop1, forKey: .currentTop1)
            try c.encode(comparison.change, forKey: .top1Change)
        }
    }
}
