import Foundation
import ModelFormat
import Reports
import Results

/// The accuracy check's outcome in every format (the comparison itself is in Reports' AccuracyCheck).
extension AccuracyCheckOutcome {
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
                text += "| \(MarkdownText.cell(c.label)) | \(Self.percent(c.baselineTop1)) (\(c.baselineImages)) | \(Self.percent(c.currentTop1)) (\(c.currentImages)) | \(Self.points(c.change, signed: true)) | \(mark) |\n"
            }
        }
        if !notCompared.isEmpty {
            text += "\nNot compared:\n" + notCompared.map { "- \(MarkdownText.cell($0.label)): \(MarkdownText.cell($0.reason))" }.joined(separator: "\n") + "\n"
        }
        if !notes.isEmpty { text += "\n" + notes.map { "- ⚠️ " + MarkdownText.cell($0) }.joined(separator: "\n") + "\n" }
        text += "\n<sub>\(MarkdownText.cell(Self.method))</sub>\n"
        return TerminalText.escape(text, keepingLineBreaks: true)
    }

    /// The latency check's CSV columns (latency ones empty), then the accuracy ones.
    public func renderCSV() -> String {
        var lines = ["label,baseline_label,matched_by,baseline_ms,current_ms,change,ratio_ci_lower,ratio_ci_upper,baseline_samples,current_samples,verdict,reason,baseline_top1,current_top1,top1_change"]
        for c in comparisons {
            lines.append([c.label, c.configuration, "configuration", "", "", JSONNumber.format(c.change), "", "", String(c.baselineImages),
                          String(c.currentImages), c.verdict.rawValue, "", JSONNumber.format(c.baselineTop1), JSONNumber.format(c.currentTop1),
                          JSONNumber.format(c.change)].map(CSVText.field).joined(separator: ","))
        }
        for item in notCompared {
            lines.append([item.label, "", "", "", "", "", "", "", "", "", "not compared", item.reason, "", "", ""].map(CSVText.field).joined(separator: ","))
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
