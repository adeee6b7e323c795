import Benchmarking
import Foundation

/// A proportion with its 95% Wilson score interval (Wilson 1927): unlike the normal approximation it stays
/// inside [0, 1] and is honest for small samples and for proportions near 0 or 1, which accuracy often is.
public struct Proportion: Sendable, Codable, Equatable {
    public var successes: Int
    public var total: Int
    /// `successes / total`; nil when nothing was counted.
    public var value: Double?
    public var lower: Double?
    public var upper: Double?

    public init(successes: Int, total: Int) {
        self.successes = successes
        self.total = total
        guard total > 0 else { value = nil; lower = nil; upper = nil; return }
        let n = Double(total), p = Double(successes) / n, z = Confidence.z95
        let denominator = 1 + z * z / n
        let center = (p + z * z / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        value = p
        lower = max(0, center - half)
        upper = min(1, center + half)
    }

    public func encode(to encoder: Encoder) throws {
        // Absent values are null, never omitted.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(successes, forKey: .successes); try c.encode(total, forKey: .total)
        try c.encode(value, forKey: .value); try c.encode(lower, forKey: .lower); try c.encode(upper, forKey: .upper)
    }
}

/// McNemar's exact test on paired correct/incorrect outcomes: under "both configurations are equally accurate"
/// each discordant pair is a fair coin, so the p-value is the two-sided binomial tail of the smaller count.
public struct McNemarTest: Sendable, Codable, Equatable {
    /// Images the baseline got right and the other configuration wrong.
    public var baselineOnlyCorrect: Int
    /// Images the other configuration got right and the baseline wrong.
    public var otherOnlyCorrect: Int
    /// The exact two-sided p-value, min(1, 2·P(X ≤ min(b, c))) for X ~ Binomial(b + c, 1/2); 1 with no discordant pair.
    public var pValue: Double

    public init(baselineOnlyCorrect b: Int, otherOnlyCorrect c: Int) {
        baselineOnlyCorrect = b
        otherOnlyCorrect = c
        pValue = McNemarTest.exactPValue(b, c)
    }

    enum CodingKeys: String, CodingKey {
        case baselineOnlyCorrect = "baseline_only_correct", otherOnlyCorrect = "other_only_correct", pValue = "p_value"
    }

    static func exactPValue(_ b: Int, _ c: Int) -> Double {
        let n = b + c
        guard n > 0 else { return 1 }
        let k = min(b, c)
        // Summed in log space: C(n, i) / 2^n underflows a Double for n beyond ~1000.
        let logHalfToN = Double(n) * log(0.5)
        var tail = 0.0
        for i in 0...k {
            tail += exp(logChoose(n, i) + logHalfToN)
        }
        return min(1, 2 * tail)
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
    }
}
