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
                text += "| \(TerminalText.escape(result.label)) | unavailable: \(TerminalText.escape(result.unavailableReason ?? "?")) | | | | | | |\n"
                continue
            }
            text += String(format: "| %@ | %.3f (%.3f–%.3f) | %.3f | %.3f | %.1f%% | %d | %@ | %@ |\n",
                           TerminalText.escape(result.label), latency.p50, latency.p50CI[0], latency.p50CI[1], latency.p90, latency.p99,
                           (result.coefficientOfVariation ?? 0) * 100, result.samples,
                           result.speedup.map { String(format: "%.2fx (%.2f–%.2f)", $0.median, $0.lower, $0.upper) } ?? "baseline",
                           result.agreement.map { "\($0.top1Agree)/\($0.inputs)" } ?? "-")
        }
        text += renderProfileMarkdown()
        if let verdict { text += "\n**Verdict:** \(verdict).\n" }
        if !warnings.isEmpty { text += "\n" + warnings.map { "- ⚠️ " + $0 }.joined(separator: "\n") + "\n" }
        text += "\n<sub>\(environment.cpuModel), \(environment.logicalCores) cores, governor \(environment.governor), \(environment.os), LiteRT \(environment.litertVersion ?? "?"), edgebench \(environment.edgebenchVersion)</sub>\n"
        return TerminalText.escape(text, keepingLineBreaks: true)
    }
}
