import Foundation
import ModelFormat
import Results

extension BenchReport {
    /// A terminal table: one row per configuration, then the verdict and warnings.
    public func renderTable() -> String {
        let header = ["configuration", "init ms", "1st run ms", "p50 ms", "95% CI", "p90 ms", "p99 ms", "cv", "n", "speedup", "top-1"]
        var rows: [[String]] = []
        for result in results {
            guard result.available, let latency = result.latencyMs else {
                rows.append([result.label, "unavailable: " + (result.unavailableReason ?? "?")])
                continue
            }
            rows.append([
                result.label,
                Self.format(result.initMs), Self.format(result.firstRunMs), Self.format(latency.p50),
                Self.format(latency.p50CI[0]) + "–" + Self.format(latency.p50CI[1]),
                Self.format(latency.p90), Self.format(latency.p99),
                result.coefficientOfVariation.map { String(format: "%.1f%%", $0 * 100) } ?? "-",
                String(result.samples),
                result.speedup.map { String(format: "%.2fx (%.2f–%.2f)", $0.median, $0.lower, $0.upper) } ?? "baseline",
                result.agreement.map { "\($0.top1Agree)/\($0.inputs)" } ?? "-",
            ])
        }
        var text = TextTable.render(header: header, rows: rows)
        text += String(format: "%d rounds, %.1f s measured interleaved (%@); input: %@\n", settings.rounds,
                       results.compactMap { $0.phases?.steadyStateMs }.reduce(0, +) / 1000, settings.stopReason, settings.input)
        text += renderProfileSections()
        if let verdict { text += "\n" + verdict + ".\n" }
        for warning in warnings { text += "warning: " + TerminalText.escape(warning) + "\n" }
        // Labels, paths and reasons come from files and the runtime: nothing raw reaches the terminal.
        return TerminalText.escape(text, keepingLineBreaks: true)
    }

    static func format(_ value: Double?) -> String { Milliseconds.format(value) }
}

/// Left-aligned plain-text columns.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        // A name with a newline or ESC must not break the table or reach the terminal raw.
        let rows = rows.map { $0.map { TerminalText.escape($0) } }
        // Rows shorter than the header (unavailable configurations) span the remaining columns.
        var widths = header.map(\.count)
        for row in rows where row.count == header.count {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        for row in rows where row.count < header.count { widths[0] = max(widths[0], row[0].count) }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: max(widths[index], cell.count), withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var text = line(header) + "\n"
        text += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { text += line(row) + "\n" }
        return text
    }
}
