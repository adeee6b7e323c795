import Benchmarking
import Results
import Foundation
import Presentation
@testable import Reports
import Testing

@Suite("Regression check")
struct RegressionCheckTests {
    @Test("p90's reliability note, in check and in bench's warnings, starts exactly below LatencyStatistics.reliableTailSampleCount samples")
    func tailThreshold() throws {
        let limit = LatencyStatistics.reliableTailSampleCount
        for (samples, unreliable) in [(limit - 1, true), (limit, false)] {
            var report = try Fixture.report()
            for index in report.results.indices where report.results[index].available { report.results[index].samples = samples }
            let outcome = RegressionCheck.compare(baseline: report, current: report, metric: .p90, maxRegression: 0.05)
            #expect(outcome.notes.contains { $0.contains("fewer than \(limit) samples, p90 is unreliable") } == unreliable, "\(samples)")
            #expect(BenchAnalysis.warnings(for: report).contains { $0.contains("only \(samples) samples") } == unreliable, "\(samples)")
        }
    }

    @Test("the same run is within threshold (exit 0)")
    func unchanged() throws {
        let report = try Fixture.report()
        let outcome = RegressionCheck.compare(baseline: report, current: report, metric: .p50, maxRegression: 0.05)
        #expect(outcome.exitStatus == 0)
        #expect(outcome.status == .withinThreshold)
        #expect(outcome.comparisons.count == 3)
        #expect(outcome.comparisons.allSatisfy { $0.ratio == 1 && $0.lower < 1 && $0.upper > 1 && $0.matchedByLabel })
        // The Edge TPU configuration is unavailable on both sides.
        #expect(outcome.notCompared.map(\.label) == ["alpha_edgetpu.tflite edgetpu@usb:0"])
        #expect(outcome.notes.isEmpty)
    }

    @Test("30% slower with tight intervals is a regression (exit 2)", arguments: RegressionCheck.Metric.allCases)
    func regression(metric: RegressionCheck.Metric) throws {
        let baseline = try Fixture.report()
        let current = Fixture.scaled(baseline, by: 1.3, results: [0])
        let outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: metric, maxRegression: 0.05)
        #expect(outcome.exitStatus == 2)
        #expect(outcome.status == .regression)
        let slower = try #require(outcome.comparisons.first)
        #expect(slower.verdict == .regression)
        #expect(abs(slower.ratio - 1.3) < 1e-9)
        #expect(slower.lower > 1 && slower.lower <= slower.ratio && slower.ratio <= slower.upper)
        #expect(outcome.comparisons.dropFirst().allSatisfy { $0.verdict == .withinThreshold })
        #expect(outcome.renderText().contains("REGRESSION (exit status 2)"))
        #expect(outcome.renderMarkdown().contains("🔴 regression"))
    }

    @Test("30% faster with tight intervals is a significant improvement (exit 4)")
    func improvement() throws {
        let baseline = try Fixture.report()
        let current = Fixture.scaled(baseline, by: 0.7)
        let outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: .p50, maxRegression: 0.05)
        #expect(outcome.exitStatus == 4)
        #expect(outcome.status == .improvement)
        #expect(outcome.comparisons.allSatisfy { $0.verdict == .improvement && $0.upper < 1 })
        #expect(outcome.renderText().contains("significant improvement (exit status 4)"))
    }

    @Test("a regression anywhere outweighs improvements elsewhere")
    func regressionWins() throws {
        let baseline = try Fixture.report()
        let current = Fixture.scaled(Fixture.scaled(baseline, by: 0.5, results: [1, 2]), by: 1.5, results: [0])
        let outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: .p50, maxRegression: 0.1)
        #expect(outcome.comparisons.map(\.verdict) == [.regression, .improvement, .improvement])
        #expect(outcome.exitStatus == 2)
    }

    @Test("a change under the threshold, or with an interval that includes 1, is within threshold")
    func withinThreshold() throws {
        let baseline = try Fixture.report()
        // 3% slower: significant (the CIs do not overlap) but under 5%.
        let small = RegressionCheck.compare(baseline: baseline, current: Fixture.scaled(baseline, by: 1.03, results: [0]),
                                            metric: .p50, maxRegression: 0.05)
        #expect(small.comparisons[0].lower > 1)
        #expect(small.comparisons[0].verdict == .withinThreshold)
        #expect(small.exitStatus == 0)
        // 30% slower but noisy: the interval includes 1.
        var noisy = Fixture.scaled(baseline, by: 1.3, results: [0])
        noisy.results[0].latencyMs?.p50CI = [8, 20]
        let wide = RegressionCheck.compare(baseline: baseline, current: noisy, metric: .p50, maxRegression: 0.05)
        #expect(wide.comparisons[0].lower < 1)
        #expect(wide.comparisons[0].verdict == .withinThreshold)
        #expect(wide.exitStatus == 0)
    }

    @Test("the p50 interval is the conservative ratio of the two medians' CIs")
    func p50Interval() throws {
        let baseline = try Fixture.report()
        let current = Fixture.scaled(baseline, by: 2, results: [0])
        let comparison = try #require(RegressionCheck.compare(baseline: baseline, current: current, metric: .p50, maxRegression: 0).comparisons.first)
        #expect(comparison.baselineValue == 10)
        #expect(comparison.currentValue == 20)
        #expect(abs(comparison.lower - 19.8 / 10.1) < 1e-12)
        #expect(abs(comparison.upper - 20.2 / 9.9) < 1e-12)
    }

    @Test("the mean interval uses sd/√n, the p90 interval the percentile curve")
    func meanAndP90Intervals() throws {
        let baseline = try Fixture.report()
        let current = Fixture.scaled(baseline, by: 1.2, results: [0])
        let mean = try #require(RegressionCheck.compare(baseline: baseline, current: current, metric: .mean, maxRegression: 0.05).comparisons.first)
        let half = Confidence.z95 * 0.25 / 200.0.squareRoot()
        #expect(abs(mean.lower - (1.2 * (10.020625 - half)) / (10.020625 + half)) < 1e-12)
        #expect(abs(mean.upper - (1.2 * (10.020625 + half)) / (10.020625 - half)) < 1e-12)
        // p90 of n=200: percentiles 90 ∓ 4.16, interpolated along the curve (75 → 10.2, 90 → 10.4, 95 → 10.6).
        let interval = try #require(RegressionCheck.quantileInterval(curve: baseline.results[0].percentiles ?? [], quantile: 0.9, count: 200))
        let spread = Confidence.z95 * (0.09 / 200).squareRoot() * 100
        #expect(abs(interval.lowerBound - (10.2 + 0.2 * (15 - spread) / 15)) < 1e-9)
        #expect(abs(interval.upperBound - (10.4 + 0.2 * spread / 5)) < 1e-9)
        let p90 = try #require(RegressionCheck.compare(baseline: baseline, current: current, metric: .p90, maxRegression: 0.05).comparisons.first)
        #expect(p90.verdict == .regression)
    }

    @Test("results are matched by configuration when labels differ, and missing ones are listed")
    func matching() throws {
        let baseline = try Fixture.report()
        var current = baseline
        current.results[0].label = "renamed"
        current.results[0].model = "/elsewhere/alpha.tflite"
        current.results.remove(at: 2)
        var added = current.results[1]
        added.label = "gamma"
        added.modelSHA256 = "cccc"
        current.results.append(added)
        let outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: .p50, maxRegression: 0.05)
        let renamed = try #require(outcome.comparisons.first { $0.label == "renamed" })
        #expect(!renamed.matchedByLabel)
        #expect(renamed.baselineLabel == "alpha.tflite cpu xnnpack 1 thread")
        #expect(outcome.notCompared.contains(.init(label: "gamma", reason: "not in the baseline")))
        #expect(outcome.notCompared.contains(.init(label: "beta.tflite cpu xnnpack 2 threads", reason: "missing from the current run")))
        #expect(outcome.renderText().contains("matched by configuration"))
    }

    @Test("a configuration unavailable now is not compared and does not change the status")
    func unavailable() throws {
        let baseline = try Fixture.report()
        var current = baseline
        current.results[1].available = false
        current.results[1].latencyMs = nil
        current.results[1].unavailableReason = "delegate failed"
        let outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: .p50, maxRegression: 0.05)
        #expect(outcome.exitStatus == 0)
        #expect(outcome.notCompared.contains(.init(label: "alpha.tflite cpu xnnpack 2 threads", reason: "unavailable in the current run: delegate failed")))
    }

    @Test("notes a change of environment and unreliable p90s")
    func notes() throws {
        let baseline = try Fixture.report()
        var current = baseline
        current.environment.litertVersion = "2.4.0"
        for index in current.results.indices { current.results[index].samples = 30 }
        let outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: .p90, maxRegression: 0.05)
        #expect(outcome.notes.contains { $0.contains("different environments") && $0.contains("LiteRT 2.4.0") })
        #expect(outcome.notes.filter { $0.contains("p90 is unreliable") }.count == 3)
    }

    @Test("Markdown escapes table-breaking and HTML characters in labels")
    func markdownEscaping() throws {
        var baseline = try Fixture.report()
        baseline.results[0].label = "a|b <script>"
        let outcome = RegressionCheck.compare(baseline: baseline, current: baseline, metric: .p50, maxRegression: 0.05)
        let markdown = outcome.renderMarkdown()
        #expect(markdown.contains("a\\|b &lt;script&gt;"))
        #expect(!markdown.contains("<script>"))
    }
}
