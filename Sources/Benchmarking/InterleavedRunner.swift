import Foundation

/// When a steady-state measurement stops.
public struct StoppingRule: Sendable, Equatable {
    /// Samples per configuration that must be taken.
    public var minimumRuns: Int
    /// Seconds that must have passed (measured phase only).
    public var minimumTime: Double
    /// Hard limit in seconds; nil for none.
    public var maximumTime: Double?
    /// Stop early once every configuration's median CI half-width is below this fraction of its
    /// median (after both minimums are met); nil disables adaptive stopping.
    public var targetRelativeCI: Double?
    /// Safety limit on rounds.
    public var maximumRuns: Int

    public init(minimumRuns: Int = 50, minimumTime: Double = 1, maximumTime: Double? = nil,
                targetRelativeCI: Double? = nil, maximumRuns: Int = 1_000_000) {
        self.minimumRuns = minimumRuns
        self.minimumTime = minimumTime
        self.maximumTime = maximumTime
        self.targetRelativeCI = targetRelativeCI
        self.maximumRuns = maximumRuns
    }
}

/// Progress of a measurement, for a live status line.
public struct RunnerProgress: Sendable {
    public var round: Int
    public var elapsed: Double
    /// Estimated seconds left, when it can be told.
    public var remaining: Double?
}

/// Runs several configurations interleaved in rounds (A B C A B C …) so that drift of the machine
/// (frequency, other load) hits all of them alike; records each run's duration in nanoseconds.
public struct InterleavedRunner {
    public var rule: StoppingRule
    /// Checked between rounds; returning true stops the measurement (Ctrl-C).
    public var shouldStop: () -> Bool
    public var progress: (RunnerProgress) -> Void

    public init(rule: StoppingRule, shouldStop: @escaping () -> Bool = { false }, progress: @escaping (RunnerProgress) -> Void = { _ in }) {
        self.rule = rule
        self.shouldStop = shouldStop
        self.progress = progress
    }

    /// The outcome: `samples[c][r]` is configuration c's duration in round r.
    public struct Outcome: Sendable {
        public var samples: [[UInt64]]
        public var rounds: Int
        public var elapsedSeconds: Double
        public var interrupted: Bool
        /// Why measurement stopped: "runs and min-time met", "target CI reached", "max-time", "interrupted".
        public var stopReason: String
    }

    /// Measures `bodies`, one per configuration.
    /// - Throws: the first error a body throws (the measurement stops there).
    public func measure(_ bodies: [() throws -> Void]) throws -> Outcome {
        var samples = Array(repeating: [UInt64](), count: bodies.count)
        for index in samples.indices { samples[index].reserveCapacity(max(rule.minimumRuns, 64)) }
        let start = DispatchTime.now().uptimeNanoseconds
        var rounds = 0
        var reason = "runs and min-time met"
        var interrupted = false
        var lastProgress = start
        while true {
            if shouldStop() {
                interrupted = true
                reason = "interrupted"
                break
            }
            for (index, body) in bodies.enumerated() {
                let before = DispatchTime.now().uptimeNanoseconds
                try body()
                let after = DispatchTime.now().uptimeNanoseconds
                samples[index].append(after &- before)
            }
            rounds += 1
            let now = DispatchTime.now().uptimeNanoseconds
            let elapsed = Double(now - start) / 1e9
            if now - lastProgress > 200_000_000 {
                lastProgress = now
                progress(RunnerProgress(round: rounds, elapsed: elapsed, remaining: estimateRemaining(rounds: rounds, elapsed: elapsed)))
            }
            if let maximum = rule.maximumTime, elapsed >= maximum {
                reason = "max-time"
                break
            }
            if rounds >= rule.maximumRuns { reason = "max-runs"; break }
            let minimumsMet = rounds >= rule.minimumRuns && elapsed >= rule.minimumTime
            guard minimumsMet else { continue }
            guard let target = rule.targetRelativeCI else { break }
            // Adaptive: check every 16 rounds (sorting is not free).
            if rounds % 16 == 0 {
                let done = samples.allSatisfy { (LatencyStatistics(samples: $0)?.relativeCIHalfWidth ?? .infinity) < target }
                if done {
                    reason = "target CI reached"
                    break
                }
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Outcome(samples: samples, rounds: rounds, elapsedSeconds: elapsed, interrupted: interrupted, stopReason: reason)
    }

    private func estimateRemaining(rounds: Int, elapsed: Double) -> Double? {
        guard rounds > 0 else { return nil }
        let perRound = elapsed / Double(rounds)
        let byRuns = Double(max(rule.minimumRuns - rounds, 0)) * perRound
        let byTime = max(rule.minimumTime - elapsed, 0)
        var remaining = max(byRuns, byTime)
        if let maximum = rule.maximumTime { remaining = min(remaining, max(maximum - elapsed, 0)) }
        return remaining
    }
}
