import Benchmarking
import FixtureSupport
import Foundation
import Testing


@Suite("Latency statistics")
struct StatisticsTests {
    @Test("percentiles of 1…10000 µs match the uniform distribution within the histogram's 3 digits")
    func uniformPercentiles() throws {
        let samples = (1...10_000).map { UInt64($0) * 1_000 }
        let statistics = try #require(LatencyStatistics(samples: samples))
        func close(_ value: UInt64, _ expected: Double) -> Bool { abs(Double(value) - expected) / expected < 0.002 }
        #expect(close(statistics.p50Nanoseconds, 5_000_000))
        #expect(close(statistics.p90Nanoseconds, 9_000_000))
        #expect(close(statistics.p95Nanoseconds, 9_500_000))
        #expect(close(statistics.p99Nanoseconds, 9_900_000))
        #expect(statistics.minNanoseconds == 1_000)
        #expect(statistics.maxNanoseconds == 10_000_000)
        #expect(abs(statistics.meanNanoseconds - 5_000_500) < 1)
        // stddev of a discrete uniform 1…n in µs: sqrt((n²-1)/12)
        #expect(abs(statistics.standardDeviationNanoseconds / 1_000 - (99_999_999.0 / 12).squareRoot()) < 1)
    }

    @Test("exponential samples: p50 ≈ ln 2 / λ and p99 ≈ ln 100 / λ")
    func exponentialPercentiles() throws {
        var generator = SplitMix64(state: 42)
        let mean = 1_000_000.0
        let samples = (0..<200_000).map { _ -> UInt64 in
            UInt64(-mean * log(1 - Double.random(in: 0..<1, using: &generator)))
        }
        let statistics = try #require(LatencyStatistics(samples: samples))
        #expect(abs(Double(statistics.p50Nanoseconds) / (mean * log(2)) - 1) < 0.02)
        #expect(abs(Double(statistics.p99Nanoseconds) / (mean * log(100)) - 1) < 0.03)
        #expect(statistics.coefficientOfVariation > 0.95 && statistics.coefficientOfVariation < 1.05)
    }

    @Test("the 95% median interval covers the true median about 95% of the time", arguments: [9, 30, 64, 500])
    func medianCoverage(_ n: Int) {
        var generator = SplitMix64(state: UInt64(n))
        let trials = 2_000
        var covered = 0
        for _ in 0..<trials {
            // Normal(100, 10) via Box-Muller, true median 100.
            let values = (0..<n).map { _ -> Double in
                let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
                let u2 = Double.random(in: 0..<1, using: &generator)
                return 100 + 10 * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            }.sorted()
            let interval = OrderStatistics.medianConfidenceInterval(sorted: values)
            if interval.contains(100) { covered += 1 }
        }
        let coverage = Double(covered) / Double(trials)
        // Order-statistic intervals are conservative for small n (the binomial is discrete).
        #expect(coverage > 0.93 && coverage < 0.995, "coverage \(coverage) for n = \(n)")
    }

    @Test("the median interval is ordered, inside the data, and narrows as samples grow")
    func intervalNarrows() {
        let small = OrderStatistics.medianRanks(count: 20)
        let large = OrderStatistics.medianRanks(count: 2_000)
        #expect(small.lowerBound <= 9 && small.upperBound >= 10 && small.upperBound < 20)
        #expect(Double(large.count) / 2_000 < Double(small.count) / 20)
        #expect(OrderStatistics.medianRanks(count: 1) == 0...0)
    }

    @Test("no samples, no statistics")
    func empty() {
        #expect(LatencyStatistics(samples: []) == nil)
    }
}

@Suite("Paired speedups")
struct PairedRatioTests {
    @Test("a candidate twice as fast in every round is 2x with a tight interval")
    func constantRatio() throws {
        var generator = SplitMix64(state: 7)
        let baseline = (0..<200).map { _ in UInt64.random(in: 9_000_000...11_000_000, using: &generator) }
        let candidate = baseline.map { $0 / 2 }
        let ratio = try #require(PairedRatio(baseline: baseline, candidate: candidate))
        #expect(abs(ratio.median - 2) < 0.001)
        #expect(ratio.lower <= ratio.median && ratio.median <= ratio.upper)
        #expect(ratio.isSignificant)
    }

    @Test("drift that hits both sides of a round cancels out of the paired ratio")
    func driftCancels() throws {
        // The machine slows down 3x over the run; pairing per round keeps the ratio at 1.5.
        let baseline = (0..<300).map { UInt64(1_000_000 + $0 * 7_000) * 3 / 2 }
        let candidate = (0..<300).map { UInt64(1_000_000 + $0 * 7_000) }
        let ratio = try #require(PairedRatio(baseline: baseline, candidate: candidate))
        #expect(abs(ratio.median - 1.5) < 0.001)
        #expect(ratio.upper - ratio.lower < 0.01)
    }

    @Test("identical distributions are not called different")
    func noDifference() throws {
        var generator = SplitMix64(state: 11)
        let baseline = (0..<400).map { _ in UInt64.random(in: 900...1_100, using: &generator) }
        let candidate = (0..<400).map { _ in UInt64.random(in: 900...1_100, using: &generator) }
        let ratio = try #require(PairedRatio(baseline: baseline, candidate: candidate))
        #expect(ratio.lower < 1 && ratio.upper > 1)
        #expect(!ratio.isSignificant)
    }
}

@Suite("Interleaved rounds")
struct InterleavedRunnerTests {
    @Test("configurations run A B C A B C … and every one gets the same number of samples")
    func interleaving() throws {
        var order: [Int] = []
        let runner = InterleavedRunner(rule: StoppingRule(minimumRuns: 4, minimumTime: 0))
        let outcome = try runner.measure([{ order.append(0) }, { order.append(1) }, { order.append(2) }])
        #expect(order == [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])
        #expect(outcome.samples.map(\.count) == [4, 4, 4])
        #expect(outcome.rounds == 4)
        #expect(outcome.stopReason == "runs and min-time met")
    }

    @Test("measurement continues until both the run count and the minimum time are met")
    func minimumTime() throws {
        let runner = InterleavedRunner(rule: StoppingRule(minimumRuns: 1, minimumTime: 0.05))
        let outcome = try runner.measure([{ usleep(1_000) }])
        #expect(outcome.elapsedSeconds >= 0.05)
        #expect(outcome.rounds > 1)
    }

    @Test("max-time ends a measurement even when the run count is not reached")
    func maximumTime() throws {
        let runner = InterleavedRunner(rule: StoppingRule(minimumRuns: 1_000_000, minimumTime: 0, maximumTime: 0.05))
        let outcome = try runner.measure([{ usleep(1_000) }])
        #expect(outcome.stopReason == "max-time")
        #expect(outcome.rounds < 1_000_000)
    }

    @Test("a stop request ends the measurement between rounds and keeps what was measured")
    func interruption() throws {
        var calls = 0
        let runner = InterleavedRunner(rule: StoppingRule(minimumRuns: 1_000, minimumTime: 0), shouldStop: { calls >= 10 })
        let outcome = try runner.measure([{ calls += 1 }, { }])
        #expect(outcome.interrupted)
        #expect(outcome.samples[0].count == 10 && outcome.samples[1].count == 10)
    }

    @Test("adaptive mode stops once the median is known to within the target")
    func adaptive() throws {
        let runner = InterleavedRunner(rule: StoppingRule(minimumRuns: 16, minimumTime: 0, maximumTime: 5, targetRelativeCI: 0.02))
        let outcome = try runner.measure([{ usleep(200) }])
        #expect(outcome.stopReason == "target CI reached")
    }

    @Test("an error in a configuration stops the measurement with that error")
    func errorsPropagate() {
        struct Boom: Error {}
        let runner = InterleavedRunner(rule: StoppingRule(minimumRuns: 3, minimumTime: 0))
        #expect(throws: Boom.self) { try runner.measure([{ throw Boom() }]) }
    }
}
