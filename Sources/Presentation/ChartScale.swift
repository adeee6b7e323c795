import Foundation

/// A linear map from data values to SVG coordinates with "nice" ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ).
struct LinearScale {
    let domain: ClosedRange<Double>
    /// Output coordinates of the domain's lower and upper ends (`start > end` for a y axis pointing up).
    let start: Double
    let end: Double
    let ticks: [Double]

    /// A scale from zero (or `lower`) to at least `upper`, extended to the next tick.
    /// - Parameters:
    ///   - lower: The smallest value to show; 0 for latency bars.
    ///   - upper: The largest value to show; a zero or non-finite span becomes 1.
    ///   - start: The coordinate of the lowest value (pixels).
    ///   - end: The coordinate of the highest value; smaller than `start` for a y axis pointing up.
    ///   - targetTicks: About how many ticks to draw.
    init(lower: Double = 0, upper: Double, start: Double, end: Double, targetTicks: Int = 6) {
        var top = upper.isFinite ? upper : 1
        let bottom = lower.isFinite ? lower : 0
        if top <= bottom { top = bottom + 1 }
        let step = Self.niceStep((top - bottom) / Double(max(targetTicks, 1)))
        let first = (bottom / step).rounded(.down) * step
        let last = (top / step).rounded(.up) * step
        var ticks: [Double] = []
        var index = 0.0
        while first + index * step <= last + step * 1e-9 {
            ticks.append(first + index * step)
            index += 1
        }
        self.domain = first...last
        self.start = start
        self.end = end
        self.ticks = ticks
    }

    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * magnitude >= rough { return factor * magnitude }
        return 10 * magnitude
    }

    /// The coordinate of `value`, clamped to the range.
    func callAsFunction(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        let fraction = span > 0 ? (value - domain.lowerBound) / span : 0
        let clamped = min(max(fraction.isFinite ? fraction : 0, 0), 1)
        return start + clamped * (end - start)
    }

    /// The label of a tick: as few decimals as the step needs.
    func label(_ value: Double) -> String {
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let decimals = (0...6).first { digits in
            let scaled = step * pow(10, Double(digits))
            return abs(scaled - scaled.rounded()) < 1e-6 * max(scaled, 1)
        } ?? 6
        return String(format: "%.\(decimals)f", value)
    }
}

/// Fixed-precision numbers for display (not for data attributes, which use `JSONNumber`).
enum Display {
    /// Milliseconds with three significant-ish decimals: 0.0123, 1.234, 12.35, 123.5, 1234.
    static func ms(_ value: Double?) -> String { Milliseconds.format(value, missing: "–") }

    static func ratio(_ value: Double) -> String { String(format: "%.2f", value) }

    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.1f%%", value * 100)
    }

    /// SVG coordinates: two decimals, no trailing zeros.
    static func coordinate(_ value: Double) -> String {
        var text = String(format: "%.2f", value.isFinite ? value : 0)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
