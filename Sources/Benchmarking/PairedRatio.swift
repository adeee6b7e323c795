/// A ratio between two configurations measured in the same rounds, with a confidence interval.
///
/// Each round runs every configuration once, so machine drift affects both sides of a round alike.
/// The per-round ratios `baseline / candidate` are summarised by their median and a
/// distribution-free 95% interval (order statistics), so the speedup needs no normality assumption.
public struct PairedRatio: Sendable, Equatable, Codable {
    /// Median of the per-round ratios (> 1: the candidate is faster).
    public var median: Double
    public var lower: Double
    public var upper: Double
    public var rounds: Int

    /// Computes the ratio from paired samples; pairs are taken index by index.
    /// - Returns: nil when there are no complete pairs.
    public init?(baseline: [UInt64], candidate: [UInt64]) {
        let ratios = zip(baseline, candidate).compactMap { base, other -> Double? in
            other > 0 ? Double(base) / Double(other) : nil
        }.sorted()
        guard !ratios.isEmpty else { return nil }
        median = OrderStatistics.median(sorted: ratios)
        let interval = OrderStatistics.medianConfidenceInterval(sorted: ratios)
        lower = interval.lowerBound
        upper = interval.upperBound
        rounds = ratios.count
    }

    public init(median: Double, lower: Double, upper: Double, rounds: Int) {
        self.median = median
        self.lower = lower
        self.upper = upper
        self.rounds = rounds
    }

    /// True when the whole interval lies on one side of 1.
    public var isSignificant: Bool { lower > 1 || upper < 1 }
}
