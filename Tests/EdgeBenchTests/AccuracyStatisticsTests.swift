import Results
import EdgeBench
import Foundation
import Testing

/// The interval and the test, checked against formulations written independently here.
@Suite("Accuracy statistics: Wilson intervals and McNemar's exact test")
struct AccuracyStatisticsTests {
    /// The Wilson interval as the two roots of (p̂ − p)² = z² p (1 − p) / n.
    static func wilsonRoots(_ k: Int, _ n: Int) -> (Double, Double) {
        let z = 1.959963984540054, p = Double(k) / Double(n), z2n = z * z / Double(n)
        let a = 1 + z2n, b = -(2 * p + z2n), c = p * p
        let root = (b * b - 4 * a * c).squareRoot()
        return ((-b - root) / (2 * a), (-b + root) / (2 * a))
    }

    /// The two-sided exact binomial p-value from integer binomial coefficients.
    static func exactMcNemar(_ b: Int, _ c: Int) -> Double {
        let n = b + c
        if n == 0 { return 1 }
        var coefficient = 1.0, tail = 0.0
        for i in 0...min(b, c) {
            if i > 0 { coefficient = coefficient * Double(n - i + 1) / Double(i) }
            tail += coefficient
        }
        return min(1, 2 * tail / pow(2, Double(n)))
    }

    @Test("the Wilson interval equals the roots of its defining quadratic", arguments: [(5, 6), (0, 6), (6, 6), (1, 3), (731, 1000), (1, 50_000)])
    func wilson(_ counts: (Int, Int)) throws {
        let proportion = Proportion(successes: counts.0, total: counts.1)
        let (lower, upper) = Self.wilsonRoots(counts.0, counts.1)
        #expect(abs(try #require(proportion.lower) - max(0, lower)) < 1e-12)
        #expect(abs(try #require(proportion.upper) - min(1, upper)) < 1e-12)
        #expect(proportion.value == Double(counts.0) / Double(counts.1))
    }

    @Test("5 of 6 has the textbook interval [0.4365, 0.9699]")
    func wilsonTextbook() throws {
        let proportion = Proportion(successes: 5, total: 6)
        #expect(abs(try #require(proportion.lower) - 0.4365) < 1e-4)
        #expect(abs(try #require(proportion.upper) - 0.9699) < 1e-4)
    }

    @Test("no images give no value and no interval (null in JSON)")
    func wilsonEmpty() throws {
        let proportion = Proportion(successes: 0, total: 0)
        #expect(proportion.value == nil && proportion.lower == nil && proportion.upper == nil)
        let json = String(decoding: try JSONEncoder().encode(proportion), as: UTF8.self)
        #expect(json.contains("\"lower\":null"))
    }

    @Test("McNemar's exact p equals the integer binomial tail", arguments: [(1, 5), (0, 0), (3, 3), (0, 10), (2, 0), (7, 19), (40, 60)])
    func mcnemar(_ counts: (Int, Int)) {
        let test = McNemarTest(baselineOnlyCorrect: counts.0, otherOnlyCorrect: counts.1)
        #expect(abs(test.pValue - Self.exactMcNemar(counts.0, counts.1)) < 1e-12)
    }

    @Test("1 against 5 discordant pairs gives p = 14/64; equal counts give 1")
    func mcnemarByHand() {
        #expect(abs(McNemarTest(baselineOnlyCorrect: 1, otherOnlyCorrect: 5).pValue - 14.0 / 64) < 1e-12)
        #expect(McNemarTest(baselineOnlyCorrect: 4, otherOnlyCorrect: 4).pValue == 1)
    }

    @Test("thousands of discordant pairs do not underflow: 400 vs 500 by the binomial recursion")
    func mcnemarLarge() {
        let n = 900
        var pmf = pow(0.5, Double(n)), tail = 0.0
        for i in 0...400 {
            tail += pmf
            pmf = pmf * Double(n - i) / Double(i + 1)
        }
        let p = McNemarTest(baselineOnlyCorrect: 400, otherOnlyCorrect: 500).pValue
        #expect(p > 0)
        #expect(abs(p - 2 * tail) / (2 * tail) < 1e-9)
    }
}
