import Foundation
import ModelFormat
import Results

extension EdgeTPUSeedComparison {
    /// - Parameters:
    ///   - timings: Measured CPU runs in ms, the first one cold (it is left out when there are others).
    public init?(model: TFLiteModel, cpuTimings timings: [Double], clock: EdgeTPUClock = .max, link: EdgeTPULink = .usb3) {
        let warm = (timings.count > 1 ? Array(timings.dropFirst()) : timings).sorted()
        guard !warm.isEmpty, !model.isEdgeTPUCompiled else { return nil }
        let n = warm.count
        let prediction = model.predictEdgeTPUPlacement()
        self.init(cpuMedianMilliseconds: n % 2 == 1 ? warm[n / 2] : (warm[n / 2 - 1] + warm[n / 2]) / 2,
                  cpuMinimumMilliseconds: warm[0], cpuRuns: n,
                  estimate: prediction.nothingMaps ? nil : EdgeTPULatencyModel.calibrated.estimate(
                      EdgeTPUWorkload(model: model, prediction: prediction), clock: clock, link: link),
                  nothingMapsReason: prediction.nothingMapsReason)
    }
}
