import Foundation
import Results

/// The memory chart and the per-operator profile charts of a run.
///
/// Chart elements, for tools and tests:
/// - `svg.memory-chart`: per configuration `rect.memory` segments with `data-phase` (`load_delta_bytes`,
///   `compile_delta_bytes`, `first_run_delta_bytes`) and `data-bytes`, then `rect.model-bytes` with `data-kind`
///   (`parameter_bytes`, `peak_activation_bytes`).
/// - `svg.operator-chart` (one per profiled configuration): `rect.operator` bars, longest first, with
///   `data-placement`, `data-name` and `data-ms` (time per run), and one `rect.outside` for the part of the
///   run outside every operator.
extension HTMLReport {
    static let operatorChartRows = 15

    /// The memory and profile part of a run's section (empty when the report has neither).
    static func profileSections(_ report: BenchReport, run: Int) -> String {
        var html = ""
        if report.results.contains(where: { $0.memory != nil }) {
            html += "<h3>Memory</h3>\n<figure>\n" + memoryChart(report, run: run)
            html += "<figcaption>\(HTML.escape(BenchReport.Memory.methodDescription)). Beside them, the model's own figures from edgebench's reader.</figcaption>\n</figure>\n"
        }
        for result in report.results {
            guard let profile = result.profile else { continue }
            html += "<h3>Operators — \(HTML.escape(result.label))</h3>\n<figure>\n" + operatorChart(result, profile: profile, run: run)
            html += "<figcaption>\(profile.runs) profiled runs in a separate, profiler-enabled compile: \(Display.ms(profile.runMs)) ms per run, operators \(Display.ms(profile.operatorsMs)) ms, outside any operator \(Display.ms(profile.outsideOperatorsMs)) ms. "
            html += profile.notes.map { HTML.escape($0) + "." }.joined(separator: " ") + "</figcaption>\n</figure>\n"
            if let diff = result.profileDiff {
                html += "<p class=\"note\">Against the baseline: \(HTML.escape(diff.note ?? ""))</p>\n"
                if !diff.rows.isEmpty {
                    html += "<div class=\"table-wrap\"><table class=\"profile-diff\">\n<thead><tr><th>\(diff.basis == "operator_type" ? "Operator type" : "Kernel")</th>"
                    html += "<th class=\"num\">baseline ms/run</th><th class=\"num\">this ms/run</th><th class=\"num\">Δ ms</th></tr></thead>\n<tbody>\n"
                    for row in diff.rows.prefix(operatorChartRows) {
                        let tone = row.deltaMs < 0 ? "faster" : (row.deltaMs > 0 ? "slower" : "")
                        html += "<tr><td>\(HTML.escape(row.name))</td><td class=\"num\">\(Display.ms(row.baselineMs))</td><td class=\"num\">\(Display.ms(row.candidateMs))</td>"
                        html += "<td class=\"num \(tone)\">\(String(format: "%+.3f", row.deltaMs))</td></tr>\n"
                    }
                    html += "</tbody></table></div>\n"
                }
            }
        }
        return html
    }

    /// Stacked bars of resident memory added per phase, and a bar of the reader's parameter and activation bytes.
    static func memoryChart(_ report: BenchReport, run: Int) -> String {
        let rows = report.results.compactMap { result in result.memory.map { (result, $0) } }
        let left = 12.0, top = 8.0, rowHeight = 62.0
        let plotRight = chartWidth - annotationWidth
        let bottom = top + Double(rows.count) * rowHeight + 4
        let height = bottom + 46
        let megabyte = 1_048_576.0
        let phases: [(key: String, title: String, css: String, value: (BenchReport.Memory) -> Int?)] = [
            ("load_delta_bytes", "load", "phase-model-load", { $0.loadDeltaBytes }),
            ("compile_delta_bytes", "compile", "phase-compile", { $0.compileDeltaBytes }),
            ("first_run_delta_bytes", "first run", "phase-first-run", { $0.firstRunDeltaBytes }),
        ]
        func stacked(_ memory: BenchReport.Memory) -> Double { phases.reduce(0) { $0 + Double(max($1.value(memory) ?? 0, 0)) } }
        let largest = rows.map { max(stacked($0.1), Double($0.1.parameterBytes + $0.1.peakActivationBytes)) }.max() ?? 1
        let scale = LinearScale(upper: largest / megabyte, start: left, end: plotRight)
        var svg = chartOpen("memory-chart", height: height, label: "resident memory added per phase per configuration", run: run, unit: "bytes")
        svg += axes(scale, top: top, bottom: bottom, left: left, label: "MB (2^20 bytes): resident memory added per phase; below, the reader's parameter + peak activation bytes") { scale.label($0) }
        for (row, entry) in rows.enumerated() {
            let (result, memory) = entry
            let y = top + Double(row) * rowHeight
            svg += "<g class=\"row\" data-config=\"\(HTML.escape(result.label))\">\n"
            svg += "<text x=\"\(c(left + 4))\" y=\"\(c(y + 13))\">\(HTML.escape(shortLabel(result.label)))</text>\n"
            var start = 0.0
            for phase in phases {
                let bytes = phase.value(memory)
                // A phase can free memory (negative delta): it is drawn as nothing, its number is in the title.
                let width = Double(max(bytes ?? 0, 0)) / megabyte
                svg += bar("class=\"memory phase \(phase.css)\" data-phase=\"\(phase.key)\" data-bytes=\"\(bytes.map(String.init) ?? "null")\"",
                           x: scale(start), y: y + 18, width: max(scale(start + width) - scale(start), 0), height: 16,
                           title: "\(phase.title): \(bytes.map { String(format: "%+.1f MB", Double($0) / megabyte) } ?? "not measured")")
                start += width
            }
            var modelStart = 0.0
            for (kind, bytes, css) in [("parameter_bytes", memory.parameterBytes, "phase-warmup"), ("peak_activation_bytes", memory.peakActivationBytes, "phase-steady-state")] {
                let width = Double(bytes) / megabyte
                svg += bar("class=\"model-bytes \(css)\" data-kind=\"\(kind)\" data-bytes=\"\(bytes)\"",
                           x: scale(modelStart), y: y + 38, width: max(scale(modelStart + width) - scale(modelStart), 0), height: 10,
                           title: "\(kind == "parameter_bytes" ? "parameters" : "peak activations"): \(String(format: "%.1f MB", width))")
                modelStart += width
            }
            let textX = plotRight + 14
            svg += "<text x=\"\(c(textX))\" y=\"\(c(y + 30))\"><tspan font-weight=\"600\">peak RSS \(memory.peakResidentBytes.map { String(format: "%.1f MB", Double($0) / megabyte) } ?? "–")</tspan></text>\n"
            svg += "<text class=\"muted\" x=\"\(c(textX))\" y=\"\(c(y + 46))\">model \(String(format: "%.1f + %.1f MB", Double(memory.parameterBytes) / megabyte, Double(memory.peakActivationBytes) / megabyte))</text>\n"
            svg += "</g>\n"
        }
        svg += "</svg>\n<ul class=\"legend\">\n"
        for phase in phases { svg += "<li><span class=\"swatch \(phase.css)\"></span>\(HTML.escape(phase.title))</li>\n" }
        svg += "<li><span class=\"swatch phase-warmup\"></span>parameters (reader)</li>\n<li><span class=\"swatch phase-steady-state\"></span>peak activations (reader)</li>\n"
        return svg + "</ul>\n"
    }

    /// The longest operators of one profile as sorted bars, coloured by where they ran, and the time outside them.
    static func operatorChart(_ result: BenchReport.Result, profile: OperatorProfile, run: Int) -> String {
        let ranked = profile.operators.sorted { $0.totalMs > $1.totalMs }.prefix(operatorChartRows)
        let rowHeight = 22.0, left = 300.0, top = 8.0
        let plotRight = chartWidth - 110
        let count = Double(ranked.count + 1)
        let bottom = top + count * rowHeight + 4
        let height = bottom + 46
        let runs = Double(max(profile.runs, 1))
        let largest = max(ranked.map { $0.totalMs / runs }.max() ?? 0, profile.outsideOperatorsMs, 0.001)
        let scale = LinearScale(upper: largest, start: left, end: plotRight)
        let colour: [OperatorPlacement: String] = [.cpu: "phase-compile", .xnnpack: "phase-model-load", .gpu: "phase-first-run", .edgetpu: "phase-steady-state"]
        var svg = chartOpen("operator-chart", height: height, label: "time per operator", run: run, unit: "ms",
                            extra: "data-config=\"\(HTML.escape(result.label))\"")
        svg += axes(scale, top: top, bottom: bottom, left: left, label: "ms per run (mean of \(profile.runs) profiled runs)") { scale.label($0) }
        for (row, entry) in ranked.enumerated() {
            let y = top + Double(row) * rowHeight
            let ms = entry.totalMs / runs
            let name = entry.node.map { "#\($0) " } .map { $0 + entry.name } ?? entry.name
            svg += "<text x=\"\(c(left - 6))\" y=\"\(c(y + 15))\" text-anchor=\"end\">\(HTML.escape(shortLabel(name)))</text>\n"
            svg += bar("class=\"operator \(colour[entry.placement] ?? "bar")\" data-placement=\"\(entry.placement.rawValue)\" data-name=\"\(HTML.escape(entry.name))\" data-ms=\"\(JSONNumber.format(ms))\"",
                       x: left, y: y + 4, width: max(scale(ms) - left, 0), height: 14,
                       title: "\(entry.name) (\(entry.placement.rawValue)): \(Display.ms(ms)) ms per run, \(String(format: "%.1f%%", entry.share * 100))")
            svg += "<text class=\"muted\" x=\"\(c(scale(ms) + 6))\" y=\"\(c(y + 15))\">\(String(format: "%.1f%%", entry.share * 100))</text>\n"
        }
        let y = top + Double(ranked.count) * rowHeight
        let outside = max(profile.outsideOperatorsMs, 0)
        svg += "<text x=\"\(c(left - 6))\" y=\"\(c(y + 15))\" text-anchor=\"end\" font-style=\"italic\">outside any operator</text>\n"
        svg += bar("class=\"outside phase-warmup\" data-ms=\"\(JSONNumber.format(profile.outsideOperatorsMs))\"", x: left, y: y + 4,
                   width: max(scale(outside) - left, 0), height: 14,
                   title: "runtime overhead, buffer sync: \(Display.ms(profile.outsideOperatorsMs)) ms per run")
        svg += "</svg>\n<ul class=\"legend\">\n"
        for placement in OperatorPlacement.allCases where profile.operators.contains(where: { $0.placement == placement }) {
            svg += "<li><span class=\"swatch \(colour[placement] ?? "bar")\"></span>\(placement.rawValue)</li>\n"
        }
        svg += "<li><span class=\"swatch phase-warmup\"></span>outside any operator</li>\n"
        return svg + "</ul>\n"
    }
}
