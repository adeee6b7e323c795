import Foundation
import Histogram

/// Summary statistics of latency samples.
///
/// Samples are integer nanoseconds from a monotonic clock. Percentiles come from an HDR histogram
/// (3 significant digits); min, max, mean and standard deviation are exact; the 95% confidence
/// interval of the median is distribution-free (order statistics, see `OrderStatistics`).
/// Units are chosen only when printing or encoding (`latency_ms` in JSON).
public struct LatencyStatistics: Sendable, Equatable {
    public var count: Int
    public var minNanoseconds: UInt64
    public var maxNanoseconds: UInt64
    public var meanNanoseconds: Double
    public var standardDeviationNanoseconds: Double
    public var p50Nanoseconds: UInt64
    public var p90Nanoseconds: UInt64
    public var p95Nanoseconds: UInt64
    public var p99Nanoseconds: UInt64
    /// 95% confidence interval of the median.
    public var medianCI: ClosedRange<UInt64>

    /// Coefficient of variation (stddev / mean).
    public var coefficientOfVariation: Double { meanNanoseconds > 0 ? standardDeviationNanoseconds / meanNanoseconds : 0 }

    /// Fewer samples than this make p90 and above a statement about a handful of values.
    public static let reliableTailSampleCount = 64

    public var tailIsReliable: Bool { count >= Self.reliableTailSampleCount }

    /// Computes the statistics of `samples` (nanoseconds).
    /// - Returns: nil for an empty sample set.
    public init?(samples: [UInt64]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
        for sample in samples {
            // A sample the histogram cannot hold would be an impossible duration: keep the exact
            // min/max/mean from the raw samples regardless, so nothing is dropped silently.
            _ = histogram.record(max(sample, 1))
        }
        count = samples.count
        minNanoseconds = sorted[0]
        maxNanoseconds = sorted[sorted.count - 1]
        let mean = samples.reduce(0.0) { $0 + Double($1) } / Double(samples.count)
        meanNanoseconds = mean
        let variance = samples.count > 1
            ? samples.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(samples.count - 1)
            : 0
        standardDeviationNanoseconds = variance.squareRoot()
        p50Nanoseconds = histogram.valueAtPercentile(50)
        p90Nanoseconds = histogram.valueAtPercentile(90)
        p95Nanoseconds = histogram.valueAtPercentile(95)
        p99Nanoseconds = histogram.valueAtPercentile(99)
        medianCI = OrderStatistics.medianConfidenceInterval(sorted: sorted)
    }

    /// Half the width of the median's confidence interval relative to the median.
    public var relativeCIHalfWidth: Double {
        let median = Double(p50Nanoseconds)
        guard median > 0 else { return .infinity }
        return Double(medianCI.upperBound - medianCI.lowerBound) / 2 / median
    }
}

/// Distribution-free confidence intervals from order statistics.
public enum OrderStatistics {
    /// The ranks (0-based, inclusive) bounding a confidence interval of the median of `n` sorted values.
    ///
    /// The number of samples below the true median is Binomial(n, 1/2); the interval between the
    /// order statistics at n/2 ∓ z·√n/2 covers the median with about the requested confidence
    /// (normal approximation, with the exact binomial for small n).
    public static func medianRanks(count n: Int, z: Double = Confidence.z95) -> ClosedRange<Int> {
        precondition(n > 0)
        if n <= 200 {
            // Exact: the largest j with P(B ≤ j-1) ≤ α/2, B ~ Binomial(n, 1/2); interval [x(j), x(n-j+1)] (1-based).
            let alpha = 2 * (1 - normalCDF(z))
            var cumulative = 0.0
            var j = 0
            var logChoose = 0.0  // log C(n, 0)
            let logHalfN = Double(n) * log(0.5)
            for k in 0..<n {
                cumulative += exp(logChoose + logHalfN)
                if cumulative > alpha / 2 { break }
                j = k + 1
                logChoose += log(Double(n - k)) - log(Double(k + 1))
            }
            let lower = max(j - 1, 0)  // 0-based index of x(j), j ≥ 1
            let upper = min(n - j, n - 1)
            return j == 0 ? 0...(n - 1) : lower...max(upper, lower)
        }
        let half = z * Double(n).squareRoot() / 2
        let lower = max(Int((Double(n) / 2 - half).rounded(.down)) - 1, 0)
        let upper = min(Int((Double(n) / 2 + half).rounded(.up)), n - 1)
        return lower...upper
    }

    /// The 95% confidence interval of the median of already sorted values.
    public static func medianConfidenceInterval<T: Comparable>(sorted: [T]) -> ClosedRange<T> {
        let ranks = medianRanks(count: sorted.count)
        return sorted[ranks.lowerBound]...sorted[ranks.upperBound]
    }

    /// The median of already sorted values (the mean of the middle two for an even count).
    public static func median(sorted: [Double]) -> Double {
        let n = sorted.count
        guard n > 0 else { return .nan }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}
