import Foundation
import Reports

/// Exports of the result history (reports themselves have `renderMarkdown()` / `renderCSV()`).
public enum ReportExport {
    /// A Markdown table of history entries, one row per result, oldest first as given.
    /// - Parameter entries: From `ResultHistory.list(model:)`.
    /// - Returns: The table, or a line saying the history is empty.
    public static func markdown(_ entries: [HistoryEntry]) -> String {
        guard !entries.isEmpty else { return "_No recorded results._\n" }
        var text = "| run | created | configuration | p50 ms | p90 ms | mean ms | n | environment | kind | top-1 | top-5 |\n|---:|---|---|---:|---:|---:|---:|---|---|---:|---:|\n"
        for entry in entries {
            func ms(_ value: Double?) -> String { Milliseconds.format(value, missing: "–") }
            func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
            let configuration = MarkdownText.cell(entry.label) + (entry.available ? "" : " (unavailable)")
            text += "| \(entry.runID) | \(MarkdownText.cell(entry.created)) | \(configuration) | \(ms(entry.p50Ms)) | \(ms(entry.p90Ms)) | "
                + "\(ms(entry.meanMs)) | \(entry.samples) | `\(entry.environmentHash.prefix(12))` | \(entry.kind) | \(percent(entry.top1)) | \(percent(entry.top5)) |\n"
        }
        return text
    }

    /// A CSV table of history entries under a header line, one row per result; absent values are empty fields.
    /// - Parameter entries: From `ResultHistory.list(model:)`.
    public static func csv(_ entries: [HistoryEntry]) -> String {
        // kind, top1, top5 and dataset came with accuracy runs (for them p50_ms is the invoke-only median, samples the images).
        var lines = ["run_id,position,created,label,model,model_sha256,backend,threads,kernels,device,environment_hash,available,p50_ms,p90_ms,mean_ms,samples,kind,top1,top5,dataset"]
        func ms(_ value: Double?) -> String { value.map(JSONNumber.format) ?? "" }
        for entry in entries {
            lines.append([String(entry.runID), String(entry.position), entry.created, entry.label, entry.model, entry.modelSHA256 ?? "",
                          entry.backend, String(entry.threads), entry.kernels, entry.device ?? "", entry.environmentHash,
                          entry.available ? "true" : "false", ms(entry.p50Ms), ms(entry.p90Ms), ms(entry.meanMs), String(entry.samples),
                          entry.kind, ms(entry.top1), ms(entry.top5), entry.dataset ?? ""]
                .map(CSVText.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
