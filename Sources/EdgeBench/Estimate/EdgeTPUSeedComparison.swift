import Foundation
import ModelFormat
import Results

/// The seed's question ("how much faster is the Edge TPU than this CPU?") answered where no Edge TPU is attached:
/// the CPU side measured, the Edge TPU side estimated, and the verdict worded as an estimate.
public struct EdgeTPUSeedComparison: Sendable, Equatable {
    public var cpuMedianMilliseconds: Double
    public var cpuMinimumMilliseconds: Double
    public var cpuRuns: Int
    /// nil when nothing maps (then `nothingMapsReason` says why).
    public var estimate: EdgeTPULatencyEstimate?
    public var nothingMapsReason: String?

    /// - Parameters:
    ///   - timings: Measured CPU runs in ms, the first one cold (it is left out when there are others).
    public init?(model: TFLiteModel, cpuTimings timings: [Double], clock: EdgeTPUClock = .max, link: EdgeTPULink = .usb3) {
        let warm = (timings.count > 1 ? Array(timings.dropFirst()) : timings).sorted()
        guard !warm.isEmpty, !model.isEdgeTPUCompiled else { return nil }
        let n = warm.count
        cpuMedianMilliseconds = n % 2 == 1 ? warm[n / 2] : (warm[n / 2 - 1] + warm[n / 2]) / 2
        cpuMinimumMilliseconds = warm[0]
        cpuRuns = n
        let prediction = model.predictEdgeTPUPlacement()
        nothingMapsReason = prediction.nothingMapsReason
        estimate = prediction.nothingMaps ? nil : EdgeTPULatencyModel.calibrated.estimate(
            EdgeTPUWorkload(model: model, prediction: prediction), clock: clock, link: link)
    }

    /// Two or three lines: the measured CPU side, the estimated Edge TPU side, the verdict as an estimate.
    public var lines: [String] {
        let cpu = String(format: "CPU (measured): median %.2f ms, min %.2f ms over %d warm runs",
                         cpuMedianMilliseconds, cpuMinimumMilliseconds, cpuRuns)
        guard let e = estimate else {
            return [cpu, "edgetpu (estimated): nothing maps to the Edge TPU: " + (nothingMapsReason ?? "unknown")]
        }
        let setup = "\(e.link.rawValue), \(e.clock.rawValue) clock" + (e.calibrated ? "" : ", uncalibrated")
        var out = [cpu, String(format: "edgetpu (estimated, %@): ≈ %.2f ms, range %.2f–%.2f ms — not measured",
                               setup, e.milliseconds, e.lowMilliseconds, e.highMilliseconds)]
        let ratio = cpuMedianMilliseconds / e.milliseconds
        let verdict = ratio >= 1
            ? String(format: "≈ %.1fx faster than this CPU, estimated, range %.1fx–%.1fx", ratio,
                     cpuMedianMilliseconds / e.highMilliseconds, cpuMedianMilliseconds / e.lowMilliseconds)
            : String(format: "≈ %.1fx slower than this CPU, estimated, range %.1fx–%.1fx", 1 / ratio,
                     e.lowMilliseconds / cpuMedianMilliseconds, e.highMilliseconds / cpuMedianMilliseconds)
        out.append("verdict: the Edge TPU would be " + verdict
                   + (e.cpuOperatorsNotTimed.isEmpty ? "" : " (its \(e.cpuOperatorsNotTimed.count) CPU operators not timed)"))
        return out
    }
}
