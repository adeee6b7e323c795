import Foundation
import ModelFormat
import Results

extension BenchReport {
    /// A Markdown table with the verdict and environment, for pull-request comments.
    public func renderMarkdown() -> String {
        var text = "| configuration | p50 ms (95% CI) | p90 ms | p99 ms | cv | n | speedup | top-1 |\n"
        text += "|---|---|---|---|---|---|---|---|\n"
        for result in results {
            guard result.available, let latency = result.latencyMs else {
                text += "| \(MarkdownText.cell(result.label)) | unavailable: \(MarkdownText.cell(result.unavailableReason ?? "?")) | | | | | | |\n"
                continue
            }
            func ms(_ value: Double) -> String { Milliseconds.format(value) }
            text += String(format: "| %@ | %@ (%@–%@) | %@ | %@ | %.1f%% | %d | %@ | %@ |\n",
                           MarkdownText.cell(result.label), ms(latency.p50), ms(latency.p50CI[0]), ms(latency.p50CI[1]), ms(latency.p90), ms(latency.p99),
                           (result.coefficientOfVariation ?? 0) * 100, result.samples,
                           result.speedup.map { String(format: "%.2fx (%.2f–%.2f)", $0.median, $0.lower, $0.upper) } ?? "baseline",
                           result.agreement.map { "\($0.top1Agree)/\($0.inputs)" } ?? "-")
        }
        text += renderProfileMarkdown()
        if let verdict { text += "\n**Verdict:** \(verdict).\n" }
        if !warnings.isEmpty { text += "\n" + warnings.map { "- ⚠️ " + MarkdownText.cell($0) }.joined(separator: "\n") + "\n" }
        text += "\n<sub>\(environment.cpuModel), \(environment.logicalCores) cores, governor \(environment.governor), \(environment.os), LiteRT \(environment.litertVersion ?? "?"), edgebench \(environment.edgebenchVersion)</sub>\n"
        return TerminalText.escape(text, keepingLineBreaks: true)
    }
}
