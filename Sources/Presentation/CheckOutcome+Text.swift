import Foundation
import ModelFormat
import Reports

extension CheckOutcome {
    /// A plain-text table for terminals and CI logs.
    public func renderText() -> String {
        var text = String(format: "Regression check of %@ latency, threshold %@\n", metric.rawValue, Self.percent(maxRegression, signed: false))
        if comparisons.isEmpty {
            text += "No configuration could be compared.\n"
        } else {
            let width = min(max(comparisons.map(\.label.count).max() ?? 0, "configuration".count), 72)
            func pad(_ value: String, _ count: Int) -> String {
                let clipped = value.count > count ? String(value.prefix(count - 1)) + "…" : value
                return clipped + String(repeating: " ", count: max(count - clipped.count, 0))
            }
            func right(_ value: String, _ count: Int) -> String { String(repeating: " ", count: max(count - value.count, 0)) + value }
            text += pad("configuration", width) + "  " + right("baseline ms", 11) + "  " + right("current ms", 11) + "  "
                + right("change", 8) + "  " + pad("95% CI", 19) + "  verdict\n"
            for comparison in comparisons {
                text += pad(TerminalText.escape(comparison.label), width) + "  " + right(Milliseconds.format(comparison.baselineValue), 11) + "  "
                    + right(Milliseconds.format(comparison.currentValue), 11) + "  " + right(Self.percent(comparison.ratio - 1, signed: true), 8)
                    + "  " + pad(Self.interval(comparison), 19) + "  " + comparison.verdict.rawValue
                    + (comparison.matchedByLabel ? "" : " (matched by configuration: \(comparison.baselineLabel))") + "\n"
            }
        }
        for item in notCompared { text += "not compared: \(item.label): \(item.reason)\n" }
        for note in notes { text += "note: \(note)\n" }
        if let crossMachine = machines?.crossMachineNote { text += "machines: \(crossMachine)\n" }
        text += "method: change = current/baseline; 95% CI: \(metric.intervalMethod)\n"
        text += "result: \(Self.summary(status)) (exit status \(exitStatus))\n"
        return TerminalText.escape(text, keepingLineBreaks: true)
    }

    /// A Markdown table for pull-request comments.
    public func renderMarkdown() -> String {
        var text = "### Regression check: \(metric.rawValue) latency, threshold \(Self.percent(maxRegression, signed: false))\n\n"
        text += "**\(Self.summary(status))** (exit status \(exitStatus))\n\n"
        if !comparisons.isEmpty {
            text += "| configuration | baseline ms | current ms | change | 95% CI | verdict |\n|---|---:|---:|---:|---|---|\n"
            for comparison in comparisons {
                let mark = switch comparison.verdict {
                case .regression: "🔴 regression"
                case .improvement: "🟢 improvement"
                case .withinThreshold: "within threshold"
                }
                text += "| \(MarkdownText.cell(comparison.label)) | \(Milliseconds.format(comparison.baselineValue)) | "
                    + "\(Milliseconds.format(comparison.currentValue)) | \(Self.percent(comparison.ratio - 1, signed: true)) | "
                    + "\(Self.interval(comparison)) | \(mark) |\n"
            }
        }
        if !notCompared.isEmpty {
            text += "\nNot compared:\n" + notCompared.map { "- \(MarkdownText.cell($0.label)): \(MarkdownText.cell($0.reason))" }.joined(separator: "\n") + "\n"
        }
        if !notes.isEmpty { text += "\n" + notes.map { "- ⚠️ " + MarkdownText.cell($0) }.joined(separator: "\n") + "\n" }
        if let crossMachine = machines?.crossMachineNote { text += "\n**Machines:** \(MarkdownText.cell(crossMachine))\n" }
        text += "\n<sub>change = current/baseline − 1; 95% CI: \(MarkdownText.cell(metric.intervalMethod))</sub>\n"
        return TerminalText.escape(text, keepingLineBreaks: true)
    }

    static func summary(_ status: Verdict) -> String {
        switch status {
        case .withinThreshold: "within threshold"
        case .regression: "REGRESSION"
        case .improvement: "significant improvement"
        }
    }

    static func percent(_ fraction: Double, signed: Bool) -> String {
        guard fraction.isFinite else { return fraction > 0 ? "+∞" : "−∞" }
        return String(format: signed ? "%+.1f%%" : "%.1f%%", fraction * 100)
    }

    static func interval(_ comparison: Comparison) -> String {
        "\(percent(comparison.lower - 1, signed: true)) … \(percent(comparison.upper - 1, signed: true))"
    }

}
