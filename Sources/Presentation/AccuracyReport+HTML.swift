import Foundation
import Results

/// A self-contained HTML page (inline SVG, no scripts): top-1 and top-5 accuracy with their 95% intervals per
/// configuration, and the agreement matrix.
public enum AccuracyHTML {
    /// The bars: one row per configuration, the bar at the accuracy, a whisker over the Wilson interval.
    static func chart(_ report: AccuracyReport) -> String {
        let rowHeight = 26, labelWidth = 360, plotWidth = 420
        let rows = report.configurations.flatMap { c in [(c.label + " top-1", c.top1), (c.label + " top-5", c.top5)] }
        let height = rowHeight * rows.count + 30
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + plotWidth + 60)\" height=\"\(height)\" role=\"img\" aria-label=\"accuracy with 95% intervals\">"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 4
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\" font-size=\"12\">\(HTML.escape(row.0))</text>"
            guard let value = row.1.value, let lower = row.1.lower, let upper = row.1.upper else { continue }
            func x(_ v: Double) -> Int { labelWidth + Int((v * Double(plotWidth)).rounded()) }
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(x(value) - labelWidth)\" height=\"16\" fill=\"\(index % 2 == 0 ? "#4878d0" : "#9bb7e8")\"/>"
            svg += "<line x1=\"\(x(lower))\" x2=\"\(x(upper))\" y1=\"\(y + 11)\" y2=\"\(y + 11)\" stroke=\"#222\" stroke-width=\"1.5\"/>"
            svg += "<line x1=\"\(x(lower))\" x2=\"\(x(lower))\" y1=\"\(y + 5)\" y2=\"\(y + 17)\" stroke=\"#222\"/><line x1=\"\(x(upper))\" x2=\"\(x(upper))\" y1=\"\(y + 5)\" y2=\"\(y + 17)\" stroke=\"#222\"/>"
            svg += "<text x=\"\(x(1) + 6)\" y=\"\(y + 15)\" font-size=\"11\">\(String(format: "%.1f%%", value * 100))</text>"
        }
        let axisY = rowHeight * rows.count + 10
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = labelWidth + plotWidth * tick / 100
            svg += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"0\" y2=\"\(axisY)\" stroke=\"#ccc\" stroke-dasharray=\"2,3\"/>"
            svg += "<text x=\"\(x)\" y=\"\(axisY + 14)\" text-anchor=\"middle\" font-size=\"11\">\(tick)%</text>"
        }
        return svg + "</svg>"
    }

    /// The section alone, for embedding in a larger report.
    public static func section(_ report: AccuracyReport) -> String {
        var html = "<section class=\"accuracy\"><h2>Accuracy on \(HTML.escape(report.dataset.path))</h2>"
        html += "<p>\(report.dataset.images) images, \(report.dataset.classes) classes; \(report.skipped.count) skipped (could not be decoded). "
        html += "Preprocessing: \(HTML.escape(report.preprocessing.summary)). Ties: \(HTML.escape(report.tieRule)). Bars: accuracy; whiskers: 95% Wilson interval.</p>"
        if report.interrupted {
            html += "<p class=\"interrupted\"><strong>Interrupted</strong>: the figures cover the images evaluated before the signal.</p>"
        }
        html += chart(report)
        if report.agreementMatrix.count > 1 {
            html += "<h3>Top-1 agreement</h3><table><tr><th></th>"
            for (index, _) in report.configurations.enumerated() { html += "<th>\(index + 1)</th>" }
            html += "</tr>"
            for (i, row) in report.agreementMatrix.enumerated() {
                html += "<tr><th>\(i + 1) \(HTML.escape(report.configurations[i].label))</th>"
                for cell in row {
                    let shade = Int(255 - (cell.value ?? 0) * 120)
                    html += "<td style=\"background:rgb(\(shade),\(shade),255)\">\(cell.value.map { String(format: "%.1f%%", $0 * 100) } ?? "—")</td>"
                }
                html += "</tr>"
            }
            html += "</table>"
        }
        if !report.skipped.isEmpty {
            html += "<h3>Skipped images</h3><ul>" + report.skipped.map { "<li>\(HTML.escape($0.image)): \(HTML.escape($0.reason))</li>" }.joined() + "</ul>"
        }
        return html + "</section>"
    }

    /// A whole page.
    public static func render(_ report: AccuracyReport, title: String = "edgebench accuracy") -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(HTML.escape(title))</title>
        <style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{text-align:left}</style>
        </head><body><h1>\(HTML.escape(title))</h1>\(section(report))</body></html>

        """
    }
}
