import Results
import Foundation

/// The side-by-side view of runs from several machines: one table row per configuration (the same model, by
/// SHA-256 when known, with the same settings), one column per run, and per configuration the latency and
/// percentile charts with one row per machine.
///
/// Elements, for tools and tests: `section.machines` with `table.machines-side-by-side` — `th.machine` per run
/// (`data-machine`, `data-fingerprint`), `tr` per configuration (`data-config-key`), `td.cell` (`data-machine`,
/// `data-p50` when measured); `figure.machine-comparison` per configuration holding the usual charts, whose rows'
/// `data-config` is "configuration — machine".
extension HTMLReport {
    /// One configuration measured by several runs: the runs' indices and their results.
    struct SideBySideRow {
        var key: String
        var label: String
        var cells: [Int: BenchReport.Result]
    }

    /// What makes two results "the same configuration" across machines: the model (SHA-256, else file name) and
    /// every setting of the canonical text except the model's path (which differs between machines).
    static func sideBySideKey(_ result: BenchReport.Result) -> String {
        let model = result.modelSHA256 ?? (result.model as NSString).lastPathComponent
        if let canonical = result.configuration, let at = canonical.firstIndex(of: "@") {
            return model + String(canonical[at...])
        }
        return model + "@" + result.backend + ":" + [result.device ?? "", String(result.threads), result.kernels].joined(separator: ",")
    }

    static func sideBySideRows(_ reports: [BenchReport]) -> [SideBySideRow] {
        var rows: [SideBySideRow] = []
        for (run, report) in reports.enumerated() {
            for result in report.results {
                let key = sideBySideKey(result)
                if let index = rows.firstIndex(where: { $0.key == key }) {
                    if rows[index].cells[run] == nil { rows[index].cells[run] = result }
                } else {
                    rows.append(SideBySideRow(key: key, label: result.label, cells: [run: result]))
                }
            }
        }
        return rows
    }

    /// The section, or "" when the reports come from fewer than two machines.
    static func machinesSection(_ reports: [BenchReport]) -> String {
        let names = reports.map(\.environment.name)
        guard Set(names).count > 1 || Set(reports.map(\.environment.stableHash)).count > 1 else { return "" }
        let rows = sideBySideRows(reports)
        var html = "<section class=\"machines\" id=\"machines\">\n<h2>Machines side by side</h2>\n"
        html += "<p class=\"note\">The same configuration (same model, same settings) on each machine; p50 ms with its 95% CI. "
        html += "Columns are runs, in the order given.</p>\n"
        html += "<div class=\"table-wrap\"><table class=\"machines-side-by-side\">\n<thead><tr><th>Configuration</th>"
        for (index, report) in reports.enumerated() {
            let env = report.environment
            html += "<th class=\"machine num\" data-machine=\"\(HTML.escape(env.name))\" data-fingerprint=\"\(env.stableHash)\">"
            html += "<a href=\"#run-\(index + 1)\">\(HTML.escape(env.name))</a>"
            html += "<span class=\"sub\">\(HTML.escape(env.cpuModel)) · \(env.logicalCores) cores</span>"
            html += "<span class=\"sub mono\" title=\"\(env.stableHash)\">\(env.stableHash.prefix(12))</span></th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr data-config-key=\"\(HTML.escape(row.key))\"><td class=\"label\">\(HTML.breakable(row.label))</td>"
            for (index, report) in reports.enumerated() {
                let machine = HTML.escape(report.environment.name)
                guard let result = row.cells[index] else {
                    html += "<td class=\"cell num missing\" data-machine=\"\(machine)\">–</td>"
                    continue
                }
                guard result.available, let latency = result.latencyMs else {
                    html += "<td class=\"cell num unavailable\" data-machine=\"\(machine)\">unavailable"
                    html += "<span class=\"sub\">\(HTML.escape(result.unavailableReason ?? "unknown reason"))</span></td>"
                    continue
                }
                html += "<td class=\"cell num\" data-machine=\"\(machine)\" data-p50=\"\(JSONNumber.format(latency.p50))\"><strong>\(Display.ms(latency.p50))</strong>"
                html += "<span class=\"sub\">\(Display.ms(latency.p50CI.first))–\(Display.ms(latency.p50CI.last)) · n=\(result.samples)</span></td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody></table></div>\n"
        // The existing charts, one per configuration measured by two or more runs, one row per machine.
        for (number, row) in rows.enumerated() where row.cells.values.filter({ $0.available && $0.latencyMs != nil }).count > 1 {
            guard var merged = reports.first else { break }
            merged.results = row.cells.keys.sorted().compactMap { index in
                guard var result = row.cells[index] else { return nil }
                result.label = "\(row.label) — \(reports[index].environment.name)"
                result.speedup = nil  // speedups were measured within one run, not across machines
                return result
            }
            let chartRun = 1000 + number  // distinct from the runs' own chart ids
            html += "<figure class=\"machine-comparison\" data-config-key=\"\(HTML.escape(row.key))\">\n"
            html += "<figcaption>\(HTML.escape(row.label)): p50 per machine (ms), whiskers 95% CI of the median; the first is the reference.</figcaption>\n"
            html += latencyChart(merged, run: chartRun) + percentileChart(merged, run: chartRun)
            html += "</figure>\n"
        }
        return html + "</section>\n"
    }
}
