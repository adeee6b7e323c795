import Foundation
import Results
import ModelFormat

/// The human-readable forms of an accuracy report: text, CSV and Markdown.
public enum AccuracyText {
    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    static func interval(_ p: Proportion) -> String {
        guard let value = p.value, let lower = p.lower, let upper = p.upper else { return "— (no images)" }
        return String(format: "%5.1f%% [%.1f, %.1f]", value * 100, lower * 100, upper * 100)
    }

    static func pValue(_ p: Double) -> String { p < 0.0001 ? String(format: "%.1e", p) : String(format: "%.4f", p) }

    static func name(_ configuration: ConfigurationAccuracy) -> String {
        TerminalText.escape(configuration.label)
    }

    static func latency(_ configuration: ConfigurationAccuracy) -> String {
        guard let latency = configuration.latency else { return "—" }
        return Milliseconds.format(latency.invokeMedianMs) + " / " + Milliseconds.format(latency.invokeMinMs)
    }

    /// The text table.
    public static func render(_ report: AccuracyReport) -> String {
        var text = "Dataset:       \(report.dataset.path) (\(report.dataset.layout.rawValue), \(report.dataset.images) image\(report.dataset.images == 1 ? "" : "s"), \(report.dataset.classes) classes; labels: \(report.dataset.labelsSource ?? "none"))\n"
        text += "Preprocessing: \(report.preprocessing.summary)\n"
        text += "Ties:          \(report.tieRule)\n"
        if let rate = report.pipeline.imagesPerSecond {
            text += String(format: "Pipeline:      %.2f s, %.1f images/s through every configuration (queue depth %d)\n",
                           report.pipeline.wallSeconds, rate, report.pipeline.queueDepth)
        }
        if !report.dataset.skippedClasses.isEmpty {
            text += "Left out (--skip-unknown): \(report.dataset.skippedClasses.joined(separator: ", "))\n"
        }
        if !report.skipped.isEmpty {
            text += "Skipped \(report.skipped.count) image\(report.skipped.count == 1 ? "" : "s") that could not be decoded:\n"
            for entry in report.skipped { text += "  \(entry.image): \(entry.reason)\n" }
        }
        text += "\n"
        let width = max(14, report.configurations.map { name($0).count }.max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        text += pad("configuration", width) + "  top-1 [95% CI]         top-5 [95% CI]         eval  skip  fail  ties  invoke ms median / min\n"
        for c in report.configurations {
            text += pad(name(c), width) + "  " + pad(interval(c.top1), 21) + "  " + pad(interval(c.top5), 21)
            text += String(format: "  %4d  %4d  %4d  %4d  ", c.evaluated, c.skipped, c.failed, c.tiesDecidingTop1) + latency(c) + "\n"
            if let error = c.error { text += "  \(c.status) (exit \(c.exitCode ?? 1)): \(error)\n" }
        }
        if let baseline = report.configurations.first, report.configurations.count > 1 {
            text += "\nAgainst the baseline \(name(baseline)):\n"
            text += pad("configuration", width) + "  agreement [95% CI]     McNemar b/c  p        mean |Δ|   max |Δ|\n"
            for c in report.configurations.dropFirst() {
                guard let v = c.vsBaseline else { continue }
                let delta = v.meanAbsDelta.map { String(format: "%.6f", $0) } ?? "—"
                let maxDelta = v.maxAbsDelta.map { String(format: "%.6f", $0) } ?? "—"
                text += pad(name(c), width) + "  " + pad(interval(v.agreement), 21) + "  "
                text += pad("\(v.mcnemar.baselineOnlyCorrect)/\(v.mcnemar.otherOnlyCorrect)", 11) + "  " + pad(pValue(v.mcnemar.pValue), 7)
                text += "  " + pad(delta, 9) + "  " + maxDelta + "\n"
            }
            text += "  b: images only the baseline got right, c: only this configuration; p: McNemar's exact test (two-sided)\n"
            if report.agreementMatrix.count > 2 {
                text += "\nTop-1 agreement, every pair (rows and columns in the order above):\n"
                for (i, row) in report.agreementMatrix.enumerated() {
                    text += "  \(i + 1)  " + row.map { pad(percent($0.value), 7) }.joined(separator: " ") + "\n"
                }
            }
            for c in report.configurations.dropFirst() {
                guard let v = c.vsBaseline, !v.disagreements.isEmpty else { continue }
                text += "\nTop-1 disagreements, \(name(c)) vs the baseline:\n"
                for d in v.disagreements {
                    text += "  \(d.image): truth '\(d.truth.text)', baseline '\(d.baseline.text)', this '\(d.other.text)'\n"
                }
            }
        }
        text += "\nPer-class top-1:\n"
        let classes = perClassRows(report)
        for row in classes {
            text += "  " + pad(row.label, 30) + "  " + pad("\(row.images) image\(row.images == 1 ? "" : "s")", 10)
            text += row.accuracies.map { pad(percent($0), 7) }.joined(separator: " ") + "\n"
        }
        if report.configurations.count > 1 {
            text += "  (columns: " + report.configurations.enumerated().map { "\($0.offset + 1) \(name($0.element))" }.joined(separator: "; ") + ")\n"
        }
        for warning in report.warnings { text += "note: \(warning)\n" }
        if report.interrupted { text += "interrupted: the figures cover the images evaluated before the signal (SIGINT or SIGTERM)\n" }
        return TerminalText.escape(text, keepingLineBreaks: true)
    }

    struct ClassRow { var index: Int; var label: String; var images: Int; var accuracies: [Double?] }

    static func perClassRows(_ report: AccuracyReport) -> [ClassRow] {
        var indices: [Int: (label: String?, images: Int)] = [:]
        for c in report.configurations {
            for entry in c.perClass { indices[entry.index] = (entry.label, max(indices[entry.index]?.images ?? 0, entry.top1.total)) }
        }
        return indices.keys.sorted().map { index in
            ClassRow(index: index, label: indices[index]!.label ?? "class \(index)", images: indices[index]!.images,
                     accuracies: report.configurations.map { c in c.perClass.first { $0.index == index }?.top1.value })
        }
    }

    /// One CSV row per configuration.
    public static func csv(_ report: AccuracyReport) -> String {
        let field = CSVText.field
        func number(_ v: Double?) -> String { v.map { String(format: "%.6g", $0) } ?? "" }
        var text = "configuration,decoder,status,evaluated,skipped,failed,top1,top1_lower,top1_upper,top5,top5_lower,top5_upper,ties_deciding_top1,agreement,agreement_lower,agreement_upper,mcnemar_b,mcnemar_c,mcnemar_p,mean_abs_delta,max_abs_delta,invoke_median_ms,invoke_min_ms,preprocessing,interrupted\n"
        for c in report.configurations {
            let v = c.vsBaseline
            let columns: [String] = [
                field(c.configuration), c.decoder.rawValue, c.status, "\(c.evaluated)", "\(c.skipped)", "\(c.failed)",
                number(c.top1.value), number(c.top1.lower), number(c.top1.upper),
                number(c.top5.value), number(c.top5.lower), number(c.top5.upper), "\(c.tiesDecidingTop1)",
                number(v?.agreement.value), number(v?.agreement.lower), number(v?.agreement.upper),
                v.map { "\($0.mcnemar.baselineOnlyCorrect)" } ?? "", v.map { "\($0.mcnemar.otherOnlyCorrect)" } ?? "", number(v?.mcnemar.pValue),
                number(v?.meanAbsDelta), number(v?.maxAbsDelta), number(c.latency?.invokeMedianMs), number(c.latency?.invokeMinMs),
                field(report.preprocessing.summary), report.interrupted ? "true" : "false",
            ]
            text += columns.joined(separator: ",") + "\n"
        }
        return text
    }

    /// Markdown tables.
    public static func markdown(_ report: AccuracyReport) -> String {
        let cell = MarkdownText.cell
        var text = "## Accuracy on \(cell(report.dataset.path))\n\n"
        text += "\(report.dataset.images) images, \(report.dataset.classes) classes (\(report.dataset.layout.rawValue)); preprocessing: \(cell(report.preprocessing.summary)); ties: \(report.tieRule).\n\n"
        text += "| configuration | top-1 [95% CI] | top-5 [95% CI] | evaluated | skipped | failed | ties | invoke ms median / min |\n|---|---|---|---|---|---|---|---|\n"
        for c in report.configurations {
            text += "| \(cell(c.label)) | \(interval(c.top1)) | \(interval(c.top5)) | \(c.evaluated) | \(c.skipped) | \(c.failed) | \(c.tiesDecidingTop1) | \(latency(c)) |\n"
        }
        if report.configurations.count > 1 {
            text += "\n| vs baseline | agreement [95% CI] | McNemar b/c | p | mean \\|Δ\\| | max \\|Δ\\| |\n|---|---|---|---|---|---|\n"
            for c in report.configurations.dropFirst() {
                guard let v = c.vsBaseline else { continue }
                text += "| \(cell(c.label)) | \(interval(v.agreement)) | \(v.mcnemar.baselineOnlyCorrect)/\(v.mcnemar.otherOnlyCorrect) | \(pValue(v.mcnemar.pValue)) | \(v.meanAbsDelta.map { String(format: "%.6f", $0) } ?? "—") | \(v.maxAbsDelta.map { String(format: "%.6f", $0) } ?? "—") |\n"
            }
        }
        if report.interrupted {
            text += "\n**Interrupted**: the figures cover the \(report.configurations.first?.evaluated ?? 0) of \(report.dataset.images) images evaluated before the signal.\n"
        }
        if !report.skipped.isEmpty {
            text += "\nSkipped (could not be decoded):\n\n" + report.skipped.map { "- \(cell($0.image)): \(cell($0.reason))\n" }.joined()
        }
        return text
    }
}

extension AccuracyText {
    /// The report in one of the formats `history show` offers.
    public static func render(_ report: AccuracyReport, format: OutputFormat) throws -> String {
        switch format {
        case .text: render(report)
        case .json: try JSONText.encode(report) + "\n"
        case .csv: csv(report)
        case .markdown: markdown(report)
        }
    }
}
