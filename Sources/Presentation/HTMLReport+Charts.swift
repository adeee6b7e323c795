import Foundation
import Results

/// One segment of the phase breakdown, named by its JSON key.
struct Phase: Sendable {
    let key: String
    let title: String
    let cssClass: String
    let value: @Sendable (BenchReport.Phases) -> Double

    static let all: [Phase] = [
        Phase(key: "runtime_load_ms", title: "runtime load", cssClass: "phase-runtime-load") { $0.runtimeLoadMs },
        Phase(key: "model_load_ms", title: "model load", cssClass: "phase-model-load") { $0.modelLoadMs },
        Phase(key: "compile_ms", title: "compile", cssClass: "phase-compile") { $0.compileMs },
        Phase(key: "first_run_ms", title: "first run", cssClass: "phase-first-run") { $0.firstRunMs },
        Phase(key: "warmup_ms", title: "warm-up", cssClass: "phase-warmup") { $0.warmupMs },
        Phase(key: "steady_state_ms", title: "steady state", cssClass: "phase-steady-state") { $0.steadyStateMs },
    ]

    static func startup(_ phases: BenchReport.Phases) -> Double {
        phases.runtimeLoadMs + phases.modelLoadMs + phases.compileMs + phases.firstRunMs
    }
}

extension HTMLReport {
    static let chartWidth = 960.0
    /// Width kept right of the plot for per-row annotations (speedup, totals).
    static let annotationWidth = 210.0
    static let rowHeight = 46.0
    static let maxLabelCharacters = 92

    static func c(_ value: Double) -> String { Display.coordinate(value) }

    static func shortLabel(_ label: String) -> String {
        label.count > maxLabelCharacters ? String(label.prefix(maxLabelCharacters - 1)) + "…" : label
    }

    /// The opening tag of every chart: `<svg class="chart KIND" … role="img" aria-label=… data-run=… [extra] data-unit=…>`.
    /// - Parameter extra: Further attributes, already escaped, written before `data-unit`.
    static func chartOpen(_ kind: String, height: Double, label: String, run: Int, unit: String, extra: String = "") -> String {
        "<svg class=\"chart \(kind)\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(c(chartWidth)) \(c(height))\" "
            + "role=\"img\" aria-label=\"\(HTML.escape(label))\" data-run=\"\(run)\" \(extra.isEmpty ? "" : extra + " ")data-unit=\"\(unit)\">\n"
    }

    /// One bar of a bar chart, the shape every chart here draws: `<rect ATTRIBUTES x y width height><title>…</title></rect>`.
    /// - Parameters:
    ///   - attributes: Class and `data-*` attributes, already escaped.
    ///   - title: The tooltip text (escaped here).
    static func bar(_ attributes: String, x: Double, y: Double, width: Double, height: Double, title: String) -> String {
        "<rect \(attributes) x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(width))\" height=\"\(c(height))\"><title>\(HTML.escape(title))</title></rect>\n"
    }

    /// Grid lines, a bottom x axis with ticks and a unit label, and a left y axis line.
    static func axes(_ scale: LinearScale, top: Double, bottom: Double, left: Double, label: String,
                             tickLabel: (Double) -> String) -> String {
        var svg = "<g class=\"grid\">"
        for tick in scale.ticks {
            svg += "<line class=\"gridline\" x1=\"\(c(scale(tick)))\" y1=\"\(c(top))\" x2=\"\(c(scale(tick)))\" y2=\"\(c(bottom))\"/>"
        }
        svg += "</g>\n<g class=\"axis x-axis\"><line x1=\"\(c(scale.start))\" y1=\"\(c(bottom))\" x2=\"\(c(scale.end))\" y2=\"\(c(bottom))\"/>\n"
        for tick in scale.ticks {
            let x = c(scale(tick))
            svg += "<g class=\"tick\" data-value=\"\(JSONNumber.format(tick))\"><line x1=\"\(x)\" y1=\"\(c(bottom))\" x2=\"\(x)\" y2=\"\(c(bottom + 5))\"/>"
            svg += "<text x=\"\(x)\" y=\"\(c(bottom + 18))\" text-anchor=\"middle\">\(HTML.escape(tickLabel(tick)))</text></g>\n"
        }
        let middle = (scale.start + scale.end) / 2
        svg += "<text class=\"axis-label\" x=\"\(c(middle))\" y=\"\(c(bottom + 36))\" text-anchor=\"middle\">\(HTML.escape(label))</text></g>\n"
        svg += "<g class=\"axis y-axis\"><line x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(left))\" y2=\"\(c(bottom))\"/></g>\n"
        return svg
    }

    // MARK: - p50 bars with CI whiskers

    /// Horizontal bars of p50 with 95% CI whiskers, one row per available configuration, speedup on the right.
    static func latencyChart(_ report: BenchReport, run: Int) -> String {
        let measured = report.results.enumerated().compactMap { index, result -> (Int, BenchReport.Result, BenchReport.Latency)? in
            guard result.available, let latency = result.latencyMs else { return nil }
            return (index, result, latency)
        }
        guard !measured.isEmpty else { return "<p class=\"note\">No configuration could be measured.</p>\n" }
        let left = 12.0, top = 8.0
        let plotRight = chartWidth - annotationWidth
        let bottom = top + Double(measured.count) * rowHeight + 4
        let height = bottom + 46
        let upper = measured.map { max($0.2.p50, $0.2.p50CI.last ?? $0.2.p50, $0.2.p50CI.first ?? 0) }.max() ?? 1
        let scale = LinearScale(upper: upper, start: left, end: plotRight)
        var svg = chartOpen("latency-chart", height: height, label: "p50 latency per configuration with 95% confidence intervals", run: run, unit: "ms")
        svg += axes(scale, top: top, bottom: bottom, left: left, label: "p50 latency (ms) · whiskers: 95% CI of the median") { scale.label($0) }
        for (row, entry) in measured.enumerated() {
            let (index, result, latency) = entry
            let y = top + Double(row) * rowHeight
            let barY = y + 18, barHeight = 18.0
            let isBaseline = index == 0
            svg += "<g class=\"row\" data-config=\"\(HTML.escape(result.label))\">\n"
            svg += "<text x=\"\(c(left + 4))\" y=\"\(c(y + 13))\">\(HTML.escape(shortLabel(result.label)))</text>\n"
            var attributes = "class=\"bar\(isBaseline ? " baseline" : "")\" data-config=\"\(HTML.escape(result.label))\" data-p50=\"\(JSONNumber.format(latency.p50))\""
            if latency.p50CI.count == 2 {
                attributes += " data-ci-low=\"\(JSONNumber.format(latency.p50CI[0]))\" data-ci-high=\"\(JSONNumber.format(latency.p50CI[1]))\""
            }
            if let speedup = result.speedup { attributes += " data-speedup=\"\(JSONNumber.format(speedup.median))\"" }
            var title = "\(result.label): p50 \(Display.ms(latency.p50)) ms"
            if latency.p50CI.count == 2 { title += " (95% CI \(Display.ms(latency.p50CI[0]))–\(Display.ms(latency.p50CI[1])))" }
            svg += bar(attributes, x: left, y: barY, width: max(scale(latency.p50) - left, 0.5), height: barHeight, title: title)
            if latency.p50CI.count == 2 {
                let low = scale(latency.p50CI[0]), high = scale(latency.p50CI[1]), mid = barY + barHeight / 2
                svg += "<g class=\"whisker\"><line x1=\"\(c(low))\" y1=\"\(c(mid))\" x2=\"\(c(high))\" y2=\"\(c(mid))\"/>"
                svg += "<line x1=\"\(c(low))\" y1=\"\(c(mid - 5))\" x2=\"\(c(low))\" y2=\"\(c(mid + 5))\"/>"
                svg += "<line x1=\"\(c(high))\" y1=\"\(c(mid - 5))\" x2=\"\(c(high))\" y2=\"\(c(mid + 5))\"/></g>\n"
            }
            let textX = plotRight + 14
            svg += "<text x=\"\(c(textX))\" y=\"\(c(barY + 9))\"><tspan font-weight=\"600\">\(Display.ms(latency.p50)) ms</tspan>"
            if isBaseline {
                svg += "<tspan class=\"muted\" dx=\"8\">baseline</tspan></text>\n"
            } else if let speedup = result.speedup {
                let words = speedupText(median: speedup.median, lower: speedup.lower, upper: speedup.upper)
                svg += "<tspan class=\"\(words.style)\" dx=\"8\">\(words.headline)</tspan></text>\n"
                svg += "<text class=\"muted\" x=\"\(c(textX))\" y=\"\(c(barY + 23))\">\(words.interval)</text>\n"
            } else {
                svg += "</text>\n"
            }
            svg += "</g>\n"
        }
        return svg + "</svg>\n"
    }

    // MARK: - Percentile curves

    /// The "nines" position of a percentile: −log10(1 − p/100), so 90, 99 and 99.9 are evenly spaced.
    static func nines(_ percentile: Double, cap: Double) -> Double {
        guard percentile < 100 else { return cap }
        return min(-log10(1 - percentile / 100), cap)
    }

    /// Latency (ms) against percentile on a "nines" axis, one curve per configuration with a percentile curve.
    static func percentileChart(_ report: BenchReport, run: Int) -> String {
        let curves = report.results.compactMap { result -> (BenchReport.Result, [[Double]])? in
            guard result.available, let points = result.percentiles?.filter({ $0.count == 2 && $0[0].isFinite && $0[1].isFinite }),
                  !points.isEmpty else { return nil }
            return (result, points)
        }
        guard !curves.isEmpty else { return "<p class=\"note\">No percentile curves in this report.</p>\n" }
        let allPoints: [[Double]] = curves.flatMap { $0.1 }
        let finitePercentiles: [Double] = allPoints.map { $0[0] }.filter { $0 < 100 }
        let highestNines: Double = finitePercentiles.map { (percentile: Double) -> Double in -log10(1 - percentile / 100) }.max() ?? 0
        // Rounded first: 99.9 gives 3.0000000000000484, which must not round up to a fourth nine.
        let cap = max((highestNines * 1e6).rounded() / 1e6, 1).rounded(.up) + 0.5
        let left = 64.0, right = chartWidth - 24, top = 12.0, bottom = 292.0
        let height = bottom + 46
        let maxMs = allPoints.map { $0[1] }.max() ?? 1
        let y = LinearScale(upper: maxMs, start: bottom, end: top, targetTicks: 5)
        let xSpan = right - left
        func x(_ percentile: Double) -> Double { left + nines(percentile, cap: cap) / cap * xSpan }

        var svg = chartOpen("percentile-chart", height: height, label: "latency percentiles per configuration", run: run, unit: "ms")
        // y grid and axis
        svg += "<g class=\"grid\">"
        for tick in y.ticks { svg += "<line class=\"gridline\" x1=\"\(c(left))\" y1=\"\(c(y(tick)))\" x2=\"\(c(right))\" y2=\"\(c(y(tick)))\"/>" }
        svg += "</g>\n<g class=\"axis y-axis\"><line x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(left))\" y2=\"\(c(bottom))\"/>\n"
        for tick in y.ticks {
            svg += "<g class=\"tick\" data-value=\"\(JSONNumber.format(tick))\"><line x1=\"\(c(left - 5))\" y1=\"\(c(y(tick)))\" x2=\"\(c(left))\" y2=\"\(c(y(tick)))\"/>"
            svg += "<text x=\"\(c(left - 8))\" y=\"\(c(y(tick) + 4))\" text-anchor=\"end\">\(y.label(tick))</text></g>\n"
        }
        svg += "<text class=\"axis-label\" transform=\"translate(14 \(c((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">latency (ms)</text></g>\n"
        // x axis: percentile ticks at 0, 50, 90, 99, 99.9 … and "max"
        var xTicks: [(Double, String)] = [(0, "0"), (50, "50"), (90, "90")]
        var nine = 2.0
        while nine <= cap - 0.5 + 1e-9 {
            let percentile = 100 * (1 - pow(10, -nine))
            xTicks.append((percentile, JSONNumber.format((percentile * 1000).rounded() / 1000)))
            nine += 1
        }
        xTicks.append((100, "max"))
        svg += "<g class=\"axis x-axis\"><line x1=\"\(c(left))\" y1=\"\(c(bottom))\" x2=\"\(c(right))\" y2=\"\(c(bottom))\"/>\n"
        for (percentile, label) in xTicks {
            let position = c(x(percentile))
            svg += "<g class=\"tick\" data-value=\"\(JSONNumber.format(percentile))\"><line class=\"gridline\" x1=\"\(position)\" y1=\"\(c(top))\" x2=\"\(position)\" y2=\"\(c(bottom))\"/>"
            svg += "<line x1=\"\(position)\" y1=\"\(c(bottom))\" x2=\"\(position)\" y2=\"\(c(bottom + 5))\"/>"
            svg += "<text x=\"\(position)\" y=\"\(c(bottom + 18))\" text-anchor=\"middle\">\(label)</text></g>\n"
        }
        svg += "<text class=\"axis-label\" x=\"\(c((left + right) / 2))\" y=\"\(c(bottom + 36))\" text-anchor=\"middle\">percentile (%, log scale of 1 − p)</text></g>\n"
        var legend = "<ul class=\"legend\">\n"
        for (slot, entry) in curves.enumerated() {
            let (result, points) = entry
            let series = "s\(slot % 8)"
            let path = points.map { "\(c(x($0[0]))),\(c(y($0[1])))" }.joined(separator: " ")
            svg += "<g class=\"series\" data-config=\"\(HTML.escape(result.label))\">"
            svg += "<polyline class=\"curve \(series)\" data-config=\"\(HTML.escape(result.label))\" points=\"\(path)\"/>\n"
            for point in points {
                svg += "<circle class=\"point \(series)\" cx=\"\(c(x(point[0])))\" cy=\"\(c(y(point[1])))\" r=\"3\" "
                svg += "data-percentile=\"\(JSONNumber.format(point[0]))\" data-ms=\"\(JSONNumber.format(point[1]))\">"
                svg += "<title>\(HTML.escape(result.label)): p\(JSONNumber.format(point[0])) = \(Display.ms(point[1])) ms</title></circle>"
            }
            svg += "</g>\n"
            legend += "<li><span class=\"swatch \(series)\"></span>\(HTML.escape(result.label))</li>\n"
        }
        return svg + "</svg>\n" + legend + "</ul>\n"
    }

    // MARK: - Phase breakdown

    /// Stacked horizontal bars: runtime load, model load, compile, first run, warm-up, steady state.
    static func phaseChart(_ report: BenchReport, run: Int) -> String {
        let rows = report.results.compactMap { result -> (BenchReport.Result, BenchReport.Phases)? in
            guard result.available, let phases = result.phases else { return nil }
            return (result, phases)
        }
        guard !rows.isEmpty else { return "<p class=\"note\">No phase timings in this report.</p>\n" }
        let left = 12.0, top = 8.0
        let plotRight = chartWidth - annotationWidth
        let bottom = top + Double(rows.count) * rowHeight + 4
        let height = bottom + 46
        let total = { (phases: BenchReport.Phases) in Phase.all.reduce(0) { $0 + max($1.value(phases), 0) } }
        let scale = LinearScale(upper: rows.map { total($0.1) }.max() ?? 1, start: left, end: plotRight)
        var svg = chartOpen("phase-chart", height: height, label: "time per phase per configuration", run: run, unit: "ms")
        svg += axes(scale, top: top, bottom: bottom, left: left, label: "time (ms), stacked in order of the phases") { scale.label($0) }
        for (row, entry) in rows.enumerated() {
            let (result, phases) = entry
            let y = top + Double(row) * rowHeight
            svg += "<g class=\"row\" data-config=\"\(HTML.escape(result.label))\">\n"
            svg += "<text x=\"\(c(left + 4))\" y=\"\(c(y + 13))\">\(HTML.escape(shortLabel(result.label)))</text>\n"
            var start = 0.0
            for phase in Phase.all {
                let value = phase.value(phases)
                let x0 = scale(start), x1 = scale(start + max(value, 0))
                svg += bar("class=\"phase \(phase.cssClass)\" data-config=\"\(HTML.escape(result.label))\" data-phase=\"\(phase.key)\" data-ms=\"\(JSONNumber.format(value))\"",
                           x: x0, y: y + 18, width: max(x1 - x0, 0), height: 18, title: "\(phase.title): \(Display.ms(value)) ms")
                start += max(value, 0)
            }
            let textX = plotRight + 14
            svg += "<text x=\"\(c(textX))\" y=\"\(c(y + 27))\"><tspan font-weight=\"600\">startup \(Display.ms(Phase.startup(phases))) ms</tspan></text>\n"
            svg += "<text class=\"muted\" x=\"\(c(textX))\" y=\"\(c(y + 41))\">total \(Display.ms(start)) ms</text>\n"
            svg += "</g>\n"
        }
        svg += "</svg>\n<ul class=\"legend\">\n"
        for phase in Phase.all { svg += "<li><span class=\"swatch \(phase.cssClass)\"></span>\(HTML.escape(phase.title))</li>\n" }
        return svg + "</ul>\n"
    }
}
