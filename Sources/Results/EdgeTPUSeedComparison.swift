import Foundation

/// The seed's question ("how much faster is the Edge TPU than this CPU?") answered where no Edge TPU is attached:
/// the CPU side measured, the Edge TPU side estimated, and the verdict worded as an estimate.
public struct EdgeTPUSeedComparison: Sendable, Equatable {
    public var cpuMedianMilliseconds: Double
    public var cpuMinimumMilliseconds: Double
    public var cpuRuns: Int
    /// nil when nothing maps (then `nothingMapsReason` says why).
    public var estimate: EdgeTPULatencyEstimate?
    public var nothingMapsReason: String?

    package init(cpuMedianMilliseconds: Double, cpuMinimumMilliseconds: Double, cpuRuns: Int,
                 estimate: EdgeTPULatencyEstimate?, nothingMapsReason: String?) {
        self.cpuMedianMilliseconds = cpuMedianMilliseconds
        self.cpuMinimumMilliseconds = cpuMinimumMilliseconds
        self.cpuRuns = cpuRuns
        self.estimate = estimate
        self.nothingMapsReason = nothingMapsReason
    }
}
