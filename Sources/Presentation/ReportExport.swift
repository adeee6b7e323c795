import Foundation
import Reports

/// Exports of the result history (reports themselves have `renderMarkdown()` / `renderCSV()`).
public enum ReportExport {
    /// A Markdown table of history entries, one row per result, oldest first as given.
    /// - Parameter entries: From `ResultHistory.list(model:)`.
    /// - Returns: The table, or a line saying the history is empty.
    public static func markdown(_ entries: [HistoryEntry]) -> String {
        guard !entries.isEmpty else { return "_No recorded results._\n" }
        var text = "| run | created | configuration | p50 ms | p90 ms | mean ms | n | environment |\n|---:|---|---|---:|---:|---:|---:|---|\n"
        for entry in entries {
            func ms(_ value: Double?) -> String { Milliseconds.format(value, missing: "–") }
            let configuration = MarkdownText.cell(entry.label) + (entry.available ? "" : " (unavailable)")
            text += "| \(entry.runID) | \(MarkdownText.cell(entry.created)) | \(configuration) | \(ms(entry.p50Ms)) | \(ms(entry.p90Ms)) | "
                + "\(ms(entry.meanMs)) | \(entry.samples) | `\(entry.environmentHash.prefix(12))` |\n"
        }
        return text
    }

    /// A CSV table of history entries under a header line, one row per result; absent values are empty fields.
    /// - Parameter entries: From `ResultHistory.list(model:)`.
    public static func csv(_ entries: [HistoryEntry]) -> String {
        var lines = ["run_id,position,created,label,model,model_sha256,backend,threads,kernels,device,environment_hash,available,p50_ms,p90_ms,mean_ms,samples"]
        func ms(_ value: Double?) -> String { value.map(JSONNumber.format) ?? "" }
        for entry in entries {
            lines.append([String(entry.runID), String(entry.position), entry.created, entry.label, entry.model, entry.modelSHA256 ?? "",
                          entry.backend, String(entry.threads), entry.kernels, entry.device ?? "", entry.environmentHash,
                          entry.available ? "true" : "false", ms(entry.p50Ms), ms(entry.p90Ms), ms(entry.meanMs), String(entry.samples)]
                .map(CSVText.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
